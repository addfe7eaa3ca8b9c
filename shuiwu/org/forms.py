"""Forms of the org app."""

from shuiwu.core.forms import ScopedModelForm
from shuiwu.org.models import Company, Department, Staff, Team


class CompanyForm(ScopedModelForm):
    class Meta:
        model = Company
        fields = ["code", "name", "short_name", "kind", "parent", "phone", "address"]


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["company", "code", "name", "parent"]


class TeamForm(ScopedModelForm):
    class Meta:
        model = Team
        fields = ["company", "code", "name", "kind", "department", "phone", "active"]


class StaffForm(ScopedModelForm):
    class Meta:
        model = Staff
        fields = [
            "company",
            "employee_no",
            "name",
            "phone",
            "role",
            "title",
            "department",
            "team",
            "active",
            "hired_on",
        ]
