"""The org API through the reusable API test cases."""

from shuiwu.core.testkit import APIViewTests
from shuiwu.org.choices import Role, TeamKind
from shuiwu.org.tests.factories import DepartmentFactory, StaffFactory, TeamFactory


class TestTeamAPI(APIViewTests):
    list_url = "/api/org/teams/"
    update_payload = {"name": "抢修四队"}

    def make(self, companies, company_code="SUPPLY"):
        return TeamFactory(company=companies[company_code])

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "code": "NEW", "name": "新班组", "kind": TeamKind.PATROL}


class TestDepartmentAPI(APIViewTests):
    list_url = "/api/org/departments/"
    update_payload = {"name": "管网管理所"}

    def make(self, companies, company_code="SUPPLY"):
        return DepartmentFactory(company=companies[company_code])

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "code": "NEW", "name": "新部门"}


class TestStaffAPI(APIViewTests):
    list_url = "/api/org/staff/"
    update_payload = {"phone": "17000001234"}

    def make(self, companies, company_code="SUPPLY"):
        return StaffFactory(company=companies[company_code], role=Role.CREW_MEMBER)

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "employee_no": "S9999", "name": "测试员工", "role": Role.INSPECTOR}
