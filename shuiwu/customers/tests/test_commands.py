"""The billing CLI: ``billing-run`` and ``import-meter-reads`` explain bad input and exit non-zero."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuiwu.customers.models import Bill, MeterReading
from shuiwu.customers.tests import factories as f


def test_billing_run_bills_the_period(companies, capsys):
    acct = f.account(companies["SUPPLY"])
    f.monthly_reads(acct, 2026, [10])
    call_command("billing_run", period="2026-01", company="SUPPLY")
    assert "1 bills" in capsys.readouterr().out
    assert Bill.objects.filter(account=acct).count() == 1


def test_billing_run_refuses_a_bad_period(companies):
    with pytest.raises(CommandError, match="--period"):
        call_command("billing_run", period="January", company="SUPPLY")


def test_import_meter_reads_writes_nothing_when_a_row_is_bad(companies, tmp_path):
    acct = f.account(companies["SUPPLY"])
    path = tmp_path / "reads.csv"
    path.write_text(f"account,read_on,value\n{acct.number},2026-01-25,12\n{acct.number},2026-02-30,20\n")
    with pytest.raises(CommandError, match="1 rows are invalid"):
        call_command("import_meter_reads", str(path))
    assert not MeterReading.objects.exists()
    call_command("import_meter_reads", str(path), skip_invalid=True)
    assert MeterReading.objects.count() == 1
