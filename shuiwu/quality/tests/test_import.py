"""Bulk import from instrument files: good files enter results; bad ones are refused whole, naming the row."""

import io

import pytest
from openpyxl import Workbook

from shuiwu.quality import imports
from shuiwu.quality.choices import SampleStatus
from shuiwu.quality.models import Result, Sample

pytestmark = pytest.mark.django_db

HEAD = "采样点,采样时间,检测项目,结果,单位\n"


def csv(body: str) -> bytes:
    return (HEAD + body).encode("utf-8")


def test_a_good_csv_creates_a_sample_for_review(outlet, technician):
    report = imports.import_results(
        csv(
            "WTP-1-OUT,2026-03-02 09:00,浑浊度,0.18,NTU\nWTP-1-OUT,2026-03-02 09:00,余氯,0.72,mg/L\n"
            "WTP-1-OUT,2026-03-02 09:00,总大肠菌群,未检出,MPN/100mL\n"
        ),  # fmt: skip
        "lims.csv",
        user=technician,
    )
    assert (report.samples_created, report.results) == (1, 3)
    sample = Sample.objects.get()
    assert sample.status == SampleStatus.ENTERED
    coliforms = sample.results.get(parameter__code="total_coliforms")
    assert coliforms.qualifier == "nd" and coliforms.value is None


def test_a_good_excel_file(outlet, technician):
    book = Workbook()
    sheet = book.active
    sheet.append(["point", "sampled_at", "parameter", "value", "unit"])
    sheet.append(["WTP-1-OUT", "2026-03-02 09:00", "turbidity", 0.21, "NTU"])
    sheet.append(["WTP-1-OUT", "2026-03-02 09:00", "arsenic", "<0.001", "mg/L"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = imports.import_results(buffer.getvalue(), "lims.xlsx", user=technician)
    assert report.results == 2
    assert Result.objects.get(parameter__code="arsenic").qualifier == "lt"


@pytest.mark.parametrize(
    "bad_row,reason",
    [
        ("WTP-1-OUT,2026-03-02 09:00,镭,0.1,mg/L", "parameter"),
        ("WTP-1-OUT,2026-03-02 09:00,浑浊度,0.1,mg/L", "unit"),
        ("WTP-1-OUT,2026-03-02 09:00,浑浊度,清澈,NTU", "number"),
        ("NOPE,2026-03-02 09:00,浑浊度,0.1,NTU", "point"),
        ("WTP-1-OUT,yesterday,浑浊度,0.1,NTU", "time"),
    ],
)
def test_a_bad_row_rejects_the_file_and_names_the_row(outlet, technician, bad_row, reason):
    good = "WTP-1-OUT,2026-03-02 09:00,余氯,0.72,mg/L\n"
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_results(csv(good + good.replace("余氯", "pH").replace("mg/L", "") + bad_row + "\n"), "x.csv",
                               user=technician)  # fmt: skip
    assert len(caught.value.errors) == 1
    assert "4" in caught.value.errors[0]  # the heading is row 1: the bad row is row 4
    assert not Sample.objects.exists()
    assert not Result.objects.exists()


def test_a_point_of_another_company_is_unknown(companies, technician):
    from shuiwu.quality.tests.factories import point

    point(companies["SEWAGE"], "WWTP-OUT", "sewage_effluent")
    with pytest.raises(imports.ImportRejected):
        imports.import_results(csv("WWTP-OUT,2026-03-02 09:00,COD,20,mg/L\n"), "x.csv", user=technician)


def test_an_unknown_file_type(technician):
    with pytest.raises(imports.ImportRejected):
        imports.import_results(b"xx", "results.pdf", user=technician)
