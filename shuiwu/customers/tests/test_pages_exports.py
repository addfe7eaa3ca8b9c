"""Exports: bills and arrears as Excel workbooks, a bill as a PDF."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from shuiwu.customers.models import Bill
from shuiwu.customers.tests.pagekit import billing_manager, town  # noqa: F401 (fixtures)


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 1
    return book.worksheets[0]


def test_the_bill_list_exports_to_excel(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    sheet = _sheet(client.get(reverse("customers:bill_list") + f"?account_id={town.household.pk}&export=xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + Bill.objects.filter(account=town.household).count()
    header = rows[0]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    numbers = {r[0] for r in rows[1:]}
    assert numbers == set(Bill.objects.filter(account=town.household).values_list("number", flat=True))
    amount = header.index(sheet.cell(row=1, column=11).value)
    assert isinstance(rows[1][amount], int | float | Decimal)
    assert sheet.cell(row=2, column=11).number_format == "#,##0.00"
    assert sheet.cell(row=2, column=16).is_date


def test_the_arrears_list_exports_to_excel(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    sheet = _sheet(client.get(reverse("customers:arrears") + "?export=xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == {town.household.number, town.shop.number}
    shop = next(r for r in rows[1:] if r[0] == town.shop.number)
    assert shop[11]  # the relief policy that blocks its disconnection


def test_the_arrears_export_keeps_the_filters(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    sheet = _sheet(client.get(reverse("customers:arrears") + "?relief=true&export=xlsx"))
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [town.shop.number]


def test_a_bill_prints_as_a_pdf(client, billing_manager, town):  # noqa: F811
    bill = town.bills(town.household)[0]
    client.force_login(billing_manager)
    response = client.get(reverse("customers:bill_pdf", args=[bill.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert bill.number.encode() in response.content


def test_the_bill_page_is_printable(client, billing_manager, town):  # noqa: F811
    bill = town.bills(town.household)[0]
    client.force_login(billing_manager)
    page = client.get(reverse("customers:bill_detail", args=[bill.pk])).content.decode()
    assert "@media print" in page and bill.number in page
    assert reverse("customers:bill_pdf", args=[bill.pk]) in page


def test_another_company_cannot_print_the_bill(client, companies, town):  # noqa: F811
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    other = make_persona("sal-sewage-billing", companies["SEWAGE"], Role.BILLING_MANAGER)
    bill = town.bills(town.household)[0]
    client.force_login(other)
    assert client.get(reverse("customers:bill_pdf", args=[bill.pk])).status_code == 404
