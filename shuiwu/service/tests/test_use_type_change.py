"""A use-type change takes effect on the first day of the next month (DOMAIN.md §7)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shuiwu.customers.choices import UseType
from shuiwu.service.tests.factories import account, receive, through


def test_the_new_use_type_is_pending_from_next_month(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    app = receive(window_clerk, "USE-TYPE", hall, account=acct, details={"new_use_type": UseType.NON_RESIDENTIAL})
    through(app, window_clerk, day=date(2026, 12, 31))
    acct.refresh_from_db()
    assert acct.use_type == UseType.RESIDENTIAL
    assert (acct.pending_use_type, acct.pending_from) == (UseType.NON_RESIDENTIAL, date(2027, 1, 1))


def test_an_unknown_use_type_is_refused_on_its_field(window_clerk, hall, companies):
    with pytest.raises(ValidationError) as exc:
        receive(window_clerk, "USE-TYPE", hall, account=account(companies["SUPPLY"]), details={"new_use_type": "x"})
    assert "new_use_type" in exc.value.message_dict
