"""The back office has every customers model, searchable and filterable; money records are read-only there."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from shuiwu.customers.tests.pagekit import town  # noqa: F401 (fixtures)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-123")


def _models():
    from django.apps import apps

    return list(apps.get_app_config("customers").get_models())


def test_every_model_is_in_the_admin():
    missing = [m.__name__ for m in _models() if m not in admin.site._registry]
    assert not missing


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_each_changelist_searches(client, superuser, town, model):  # noqa: F811
    client.force_login(superuser)
    url = reverse(f"admin:customers_{model._meta.model_name}_changelist")
    response = client.get(url, {"q": "A0001"} if admin.site._registry[model].search_fields else {})
    assert response.status_code == 200, url


def test_a_bill_cannot_be_changed_in_the_admin(client, superuser, town):  # noqa: F811
    bill = town.bills(town.household)[0]
    client.force_login(superuser)
    client.post(reverse("admin:customers_bill_change", args=[bill.pk]), {"amount": "0.01"})
    bill.refresh_from_db()
    assert bill.amount != 0


def test_a_customer_change_page_opens(client, superuser, town):  # noqa: F811
    client.force_login(superuser)
    url = reverse("admin:customers_customer_change", args=[town.household.customer_id])
    assert client.get(url).status_code == 200
