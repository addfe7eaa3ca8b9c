"""The billing pages at work: the 360 masks the ID number, runs start and report progress, arrears can be
acted on (and show why relief blocks a cut), readings import all or nothing, bills are corrected."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from shuiwu.customers import services
from shuiwu.customers.models import ArrearsNotice, Bill, BillingRun, Disconnection, MeterReading, ReliefPolicy
from shuiwu.customers.tests.pagekit import IDENTITY, billing_manager, month_start, town  # noqa: F401 (fixtures)


def test_the_360_masks_the_id_number_for_a_viewer(client, supply_viewer, town):  # noqa: F811
    client.force_login(supply_viewer)
    page = client.get(reverse("customers:customer_detail", args=[town.household.customer_id])).content.decode()
    assert IDENTITY not in page
    assert "110*************34" in page


def test_the_360_shows_it_to_the_billing_manager(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    response = client.get(reverse("customers:customer_detail", args=[town.household.customer_id]))
    page = response.content.decode()
    assert IDENTITY in page
    assert town.household.number in page
    chart = response.context["chart"]
    assert len(chart["periods"]) == 24 and sum(chart["volumes"]) == 12 + 13


def test_the_360_lists_the_accounts_tickets(client, companies, group_manager, town):  # noqa: F811
    from shuiwu.work.models import Ticket

    Ticket.objects.create(
        company=companies["SUPPLY"],
        number="RX-1",
        category="meter",
        account_no=town.household.number,
        received_at=timezone.now(),
    )
    client.force_login(group_manager)
    page = client.get(reverse("customers:customer_detail", args=[town.household.customer_id])).content.decode()
    assert "RX-1" in page


def test_the_edit_form_leaves_the_id_number_out_for_a_masked_user(client, companies, town):  # noqa: F811
    from django.contrib.auth.models import Permission

    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    editor = make_persona("eda-editor", companies["SUPPLY"], Role.READ_ONLY)
    editor.user_permissions.add(Permission.objects.get(codename="change_customer"))
    client.force_login(editor)
    url = reverse("customers:customer_edit", args=[town.household.customer_id])
    response = client.get(url)
    assert response.status_code == 200
    assert "identity" not in response.context["form"].fields and IDENTITY not in response.content.decode()
    client.post(url, {"company": companies["SUPPLY"].pk, "number": "CA0001", "kind": "person", "name": "张三丰"})
    town.household.customer.refresh_from_db()
    assert town.household.customer.name == "张三丰" and town.household.customer.identity == IDENTITY


def test_a_run_started_from_its_page(client, billing_manager, town, django_capture_on_commit_callbacks):  # noqa: F811
    period = services.period_of(month_start(timezone.localdate(), 1))
    client.force_login(billing_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("customers:billingrun_add"), {"company": town.company.pk, "period": period, "reading_book": ""}
        )
    run = BillingRun.objects.get(period=period)
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    page = client.get(run.get_absolute_url() + "?kind=no_reading").content.decode()
    assert town.household.number in page and town.shop.number in page  # neither was read that month


def test_a_running_run_polls_every_two_seconds(client, billing_manager, town):  # noqa: F811
    run = BillingRun.objects.create(company=town.company, period="2030-01")
    client.force_login(billing_manager)
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page
    done = BillingRun.objects.filter(company=town.company, status="done").first()
    assert 'hx-trigger="every 2s"' not in client.get(done.get_absolute_url()).content.decode()


def test_a_bad_period_is_refused_on_the_form(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    response = client.post(reverse("customers:billingrun_add"), {"company": town.company.pk, "period": "2026-13"})
    assert response.status_code == 200 and response.context["form"].errors["period"]


def test_the_arrears_page_shows_why_relief_blocks_a_cut(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    page = client.get(reverse("customers:arrears")).content.decode()
    policy = ReliefPolicy.objects.get(code="NO-CUTOFF-2022")
    assert policy.name in page
    assert reverse("customers:arrears_warn", args=[town.household.pk]) in page
    assert reverse("customers:arrears_warn", args=[town.shop.pk]) not in page


def test_the_arrears_list_filters_and_sorts(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    rows = client.get(reverse("customers:arrears") + "?relief=false").context["table"].data
    assert [r["number"] for r in rows] == [town.household.number]
    ordered = client.get(reverse("customers:arrears") + "?sort=-amount").context["table"].page.object_list
    amounts = [r.record["amount"] for r in ordered]
    assert amounts == sorted(amounts, reverse=True)


def test_notices_and_a_warning_from_the_arrears_page(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    client.post(reverse("customers:arrears_notices"), {"company": town.company.pk})
    assert ArrearsNotice.objects.filter(account=town.household).exists()
    assert not ArrearsNotice.objects.filter(account=town.shop).exists()  # relief: deferred
    client.post(reverse("customers:arrears_warn", args=[town.shop.pk]))
    assert not Disconnection.objects.filter(account=town.shop).exists()


def test_the_relief_page_counts_covered_and_benefited(client, billing_manager, town):  # noqa: F811
    policy = ReliefPolicy.objects.get(code="NO-CUTOFF-2022")
    client.force_login(billing_manager)
    response = client.get(reverse("customers:reliefpolicy_detail", args=[policy.pk]))
    assert response.context["covered"] == 1 and response.context["benefited"] == 1
    assert town.shop.number in response.content.decode()


def test_a_reading_import_with_a_bad_line_lists_it_and_writes_nothing(client, billing_manager, town):  # noqa: F811
    day = timezone.localdate().isoformat()
    text = f"meter,read_on,value\nM{town.household.number},{day},140\nM{town.shop.number},{day},1.5\n"
    before = MeterReading.objects.count()
    client.force_login(billing_manager)
    response = client.post(
        reverse("customers:reading_import"),
        {"source": "handheld", "file": SimpleUploadedFile("r.csv", text.encode(), content_type="text/csv")},
    )
    assert response.status_code == 200
    assert [(e["line"], e["field"]) for e in response.context["result"]["errors"]] == [(2, "value")]
    assert MeterReading.objects.count() == before


def test_a_good_reading_import_goes_back_to_the_list(client, billing_manager, town):  # noqa: F811
    day = timezone.localdate().isoformat()
    text = f"account,read_on,value\n{town.household.number},{day},140\n"
    client.force_login(billing_manager)
    response = client.post(
        reverse("customers:reading_import"),
        {"source": "handheld", "file": SimpleUploadedFile("r.csv", text.encode(), content_type="text/csv")},
    )
    assert response.status_code == 302
    assert MeterReading.objects.filter(account=town.household, read_on=day).exists()


def test_a_bill_corrected_from_its_page(client, billing_manager, town):  # noqa: F811
    bill = town.bills(town.household)[-1]
    client.force_login(billing_manager)
    response = client.post(reverse("customers:bill_rebill", args=[bill.pk]), {"reason": "抄表错误"})
    new = Bill.objects.get(account=town.household, period=bill.period, revision=2)
    assert response["Location"] == new.get_absolute_url()
    bill.refresh_from_db()
    assert bill.status == "cancelled" and bill.cancelled_reason == "抄表错误"


def test_the_tariff_page_shows_its_tiers_and_the_example_label(client, billing_manager, town):  # noqa: F811
    from shuiwu.customers.models import Tariff

    tariff = Tariff.objects.get(code="EX-RES-2024")
    client.force_login(billing_manager)
    response = client.get(reverse("customers:tariff_detail", args=[tariff.pk]))
    assert 'id="example-warning"' in response.content.decode()
    assert [t["to"] for t in response.context["tiers"]] == [216, 300, None]
