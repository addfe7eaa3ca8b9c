"""In Chromium: a window clerk finds an account by name, takes what it owes by WeChat Pay, and gets the receipt."""

import pytest

from shuiwu.core.testkit import make_persona
from shuiwu.customers import services
from shuiwu.customers.choices import BillStatus
from shuiwu.customers.models import Bill, Payment
from shuiwu.customers.tests.pagekit import town  # noqa: F401  (a fixture)
from shuiwu.org.choices import Role
from tests.browser import browser_page, login, require_chromium, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_the_account_take_the_payment_and_print_the_receipt(live_server, town, companies):  # noqa: F811
    require_chromium()
    clerk = make_persona("c-window", companies["SUPPLY"], Role.WINDOW_CLERK)
    clerk.set_password("pw-counter-1")
    clerk.save()
    owed = sum(item["total"] for item in services.owed(town.household))  # the bills and their late fees
    with browser_page() as page:
        login(page, live_server.url, "c-window", "pw-counter-1")
        page.goto(f"{live_server.url}/customers/counter/")
        page.fill("#counter-q", "张三")
        page.wait_for_selector(f"#counter-hits a:has-text('{town.household.number}')")
        page.click(f"#counter-hits a:has-text('{town.household.number}')")
        page.wait_for_selector("#owed-total")
        assert page.inner_text("#owed-total").replace(",", "") == f"{owed:.2f}"
        page.check("input[name=method][value=wechat]")
        page.click("#take-payment")
        page.wait_for_url("**/receipt/")
        payment = Payment.objects.get(account=town.household)
        assert payment.number in page.content() and payment.amount == owed and payment.method == "wechat"
        screenshot(page, "counter-receipt")
        assert not page.errors, page.errors
    assert set(Bill.objects.filter(account=town.household).values_list("status", flat=True)) == {BillStatus.PAID}
