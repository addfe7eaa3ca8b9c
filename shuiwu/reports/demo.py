"""The reports' part of the demo city: the last half-year's and last month's reports, kept for download."""

from shuiwu.core import demo


@demo.part(
    "reports",
    after=(
        "org",
        "assets",
        "work",
        "inspections",
        "telemetry",
        "hydraulics",
        "customers",
        "service",
        "quality",
        "plants",
        "analytics",
        "projects",
        "emergency",
        "people",
    ),
    label="Reports and scorecards",
)
def build(ctx: demo.DemoContext) -> dict:
    from shuiwu.reports import services

    made = services.produce_due()
    return {"reports": len(made)}
