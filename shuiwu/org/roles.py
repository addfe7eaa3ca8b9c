"""What each role may do, as data: the default permissions of the role groups.

Each role is a Django group named by its code. Patterns are
``app_label.action_model`` with ``*`` wildcards; a pattern for an app that is
not installed yet simply matches nothing until it is. The defaults are added
when an app's migrations run (``org.services.seed_roles``), and are edited in
the admin afterwards like any group.
"""

from shuiwu.org.choices import Role

VIEW_ALL = "*.view_*"

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.GROUP_MANAGER: ("*.*", "org.group_wide_access"),
    Role.COMPANY_MANAGER: (
        VIEW_ALL,
        "org.*_department",
        "org.*_team",
        "org.*_staff",
        "assets.*",
        "work.*",
        "inspections.*",
        "telemetry.*",
        "quality.*",
        "plants.*",
        "customers.*",
        "service.*",
        "hydraulics.*",
        "analytics.*",
        "projects.*",
        "emergency.*",
        "people.*",
        "reports.*",
    ),
    Role.DISPATCHER: (VIEW_ALL, "work.*", "org.change_team", "telemetry.change_alarm"),
    Role.HOTLINE_OPERATOR: (VIEW_ALL, "work.add_ticket", "work.change_ticket", "work.add_workorder"),
    Role.CREW_MEMBER: (
        "assets.view_*",
        "org.view_*",
        "work.view_*",
        "work.work_workorder",
        "work.add_workorderphoto",
        "work.add_workordermaterial",
        "work.change_crewstatus",
        "inspections.view_*",
        "inspections.change_round",
        "inspections.add_finding",
        "work.add_ticket",
    ),
    Role.INSPECTOR: ("assets.view_*", "org.view_*", "inspections.*", "work.add_ticket", "work.view_*"),
    Role.PLANT_OPERATOR: (
        "assets.view_*",
        "org.view_*",
        "plants.*",
        "inspections.*",
        "telemetry.view_*",
        "telemetry.change_alarm",
        "work.add_ticket",
        "work.view_*",
    ),
    Role.LAB_TECHNICIAN: ("assets.view_*", "org.view_*", "quality.*", "telemetry.view_*"),
    Role.WINDOW_CLERK: (
        "assets.view_*",
        "org.view_*",
        "customers.view_*",
        "customers.add_*",
        "customers.change_*",
        "customers.see_identity",
        "service.*",
    ),
    Role.BILLING_MANAGER: ("assets.view_*", "org.view_*", "customers.*", "service.*", "reports.view_*"),
    Role.NETWORK_ENGINEER: (VIEW_ALL, "assets.*", "hydraulics.*", "analytics.*", "telemetry.*"),
    Role.READ_ONLY: (VIEW_ALL,),
}
