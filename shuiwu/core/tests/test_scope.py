"""Company scope: one rule in core.scope, used by the UI, the API and the admin alike."""

from django.contrib.auth.models import Permission

from shuiwu.assets.tests.factories import junction
from shuiwu.core import scope
from shuiwu.org.models import Staff
from shuiwu.org.tests.factories import StaffFactory


def test_a_company_user_sees_only_their_company(sewage_inspector, companies):
    assert scope.company_ids(sewage_inspector) == {companies["SEWAGE"].pk}


def test_a_group_manager_sees_every_company(group_manager):
    assert scope.company_ids(group_manager) is None


def test_group_wide_access_can_be_granted_to_one_user(sewage_inspector, companies):
    sewage_inspector.user_permissions.add(Permission.objects.get(codename="group_wide_access"))
    scope.forget(sewage_inspector)
    assert scope.company_ids(sewage_inspector) is None


def test_restrict_filters_by_company(sewage_inspector, companies):
    StaffFactory(company=companies["SUPPLY"])
    StaffFactory(company=companies["SEWAGE"])
    visible = Staff.objects.restrict(sewage_inspector)
    assert set(visible.values_list("company__code", flat=True)) == {"SEWAGE"}


def test_a_user_without_staff_record_sees_nothing_scoped(django_user_model, companies):
    user = django_user_model.objects.create_user("nobody", password="pw")
    StaffFactory(company=companies["SUPPLY"])
    assert not Staff.objects.restrict(user).exists()


def test_anonymous_sees_nothing(companies):
    from django.contrib.auth.models import AnonymousUser

    junction(companies["SUPPLY"], "J1")
    from shuiwu.assets.models import Asset

    assert not Asset.objects.restrict(AnonymousUser()).exists()
