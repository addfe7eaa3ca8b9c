"""Tables of the org app's list pages."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.org.models import Company, Department, Staff, Team


class CompanyTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = Company
        fields = ("code", "name", "short_name", "kind", "parent", "phone")


class DepartmentTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = Department
        fields = ("code", "name", "company", "parent")


class TeamTable(BaseTable):
    name = LinkColumn()
    members = tables.Column(verbose_name=_("members"), accessor="member_count", orderable=True)

    class Meta(BaseTable.Meta):
        model = Team
        fields = ("code", "name", "kind", "company", "department", "phone", "members", "active")


class StaffTable(BaseTable):
    name = LinkColumn()
    user = tables.Column(verbose_name=_("login"), accessor="user__username")

    class Meta(BaseTable.Meta):
        model = Staff
        fields = ("employee_no", "name", "role", "company", "department", "team", "phone", "user", "active")
