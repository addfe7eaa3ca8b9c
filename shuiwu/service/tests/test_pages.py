"""The pages: the queue with its clocks, an application with its steps and buttons, the new-application form."""

import pytest

from shuiwu.org.tests.factories import PASSWORD
from shuiwu.service.choices import Status
from shuiwu.service.models import Application
from shuiwu.service.tests.factories import account, receive, type_of

CONNECTION = {"address": "测试路8号", "use_type": "residential"}


@pytest.fixture
def browser(client, window_clerk):
    client.login(username=window_clerk.username, password=PASSWORD)
    return client


def test_the_queue_shows_each_applications_clock(browser, window_clerk, hall):
    receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    response = browser.get("/service/applications/")
    assert response.status_code == 200
    assert b"clock clock-ok" in response.content
    assert browser.get("/service/applications/?overdue=true&q=SQ").status_code == 200


def test_the_application_page_shows_steps_documents_and_buttons(browser, window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    details = {"new_name": "林思远", "new_identity": "330499198805050017"}
    app = receive(window_clerk, "TRANSFER", hall, account=acct, details=details, documents=[])
    response = browser.get(f"/service/applications/{app.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="steps"' in content and 'id="documents-brought"' in content and 'id="reject"' in content
    assert acct.number in content


def test_the_buttons_move_the_application_on(browser, window_clerk, hall):
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    browser.post(f"/service/applications/{app.pk}/advance/", {"note": ""})
    browser.post(f"/service/applications/{app.pk}/complete/", {"meter_serial": "PAGE-1"})
    app.refresh_from_db()
    assert app.status == Status.COMPLETED


def test_the_form_asks_for_the_details_of_the_chosen_type(browser):
    response = browser.get(f"/service/applications/add/?type={type_of('USE-TYPE').pk}")
    assert response.status_code == 200
    assert b'name="new_use_type"' in response.content and b'name="account_number"' in response.content


def test_the_form_receives_an_application(browser, hall, companies):
    acct = account(companies["SUPPLY"])
    use_type = type_of("USE-TYPE")
    response = browser.post(
        "/service/applications/add/",
        {
            "type": use_type.pk,
            "window": hall.pk,
            "applicant_name": "林思远",
            "account_number": acct.number,
            "new_use_type": "non_residential",
            "documents": use_type.documents,
        },
    )
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == app.get_absolute_url()
    assert app.account == acct and app.details == {"new_use_type": "non_residential"} and app.due_on


def test_an_unknown_account_number_stays_on_the_form(browser, hall):
    response = browser.post(
        "/service/applications/add/",
        {"type": type_of("USE-TYPE").pk, "window": hall.pk, "applicant_name": "x", "account_number": "NOPE"},
    )
    assert response.status_code == 200 and not Application.objects.exists()


def test_the_windows_types_and_holidays_pages_render(browser):
    detail = f"/service/types/{type_of('TRANSFER').pk}/"
    for url in ("/service/windows/", "/service/types/", "/service/holidays/", detail):
        assert browser.get(url).status_code == 200, url


def test_the_home_page_has_the_counter_tiles(browser, window_clerk, hall):
    receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    response = browser.get("/")
    assert response.status_code == 200
    assert "/service/applications/?overdue=true" in response.content.decode()
