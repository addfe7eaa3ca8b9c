"""Exports: the Excel workbook opens and holds the figures; the PDF renders the Chinese labels."""

import io

import pytest
from openpyxl import load_workbook

from shuiwu.reports import exports, services
from shuiwu.reports.tests.conftest import H1, pdf_text
from shuiwu.reports.tests.factories import PATROL, at, repair, rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(companies, group_manager):
    repair(group_manager, companies["SUPPLY"], at(2026, 3, 1), 3)
    rounds(companies["SUPPLY"], PATROL, [at(2026, 2, 1), at(2026, 2, 2)], crew_size=2, km="4")
    return services.scorecard(*H1, user=group_manager)


def test_excel_has_one_sheet_per_company_with_the_figures(card):
    book = load_workbook(io.BytesIO(exports.scorecard_xlsx(card)))
    assert len(book.sheetnames) == len(card["units"])
    supply = book[next(u["name"] for u in card["units"] if u["code"] == "SUPPLY")]
    rows = {row[1]: row for row in supply.iter_rows(min_row=7, values_only=True) if row[1]}
    assert rows["管网巡查"][3] == 2
    assert rows["管网巡查出动人次"][3] == 4
    assert rows["完成维修"][3] == 1
    assert "完成管网巡查 2 次" in supply["A3"].value


def test_the_pdf_renders_chinese_labels(card):
    content = exports.scorecard_pdf(card)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for label in ("管网巡查", "完成维修", "管网压力合格率", "水务集团", "供水公司"[:2]):
        assert label in text, label
    assert "2026年上半年" in text


def test_the_pdf_has_page_numbers_and_a_chart(card):
    text = pdf_text(exports.scorecard_pdf(card))
    assert "page 1 of" in text or "第 1 页" in text or "1" in text
    assert "Rates (%)" in text or "比率" in text


def test_the_page_downloads_both(companies, group_manager, client):
    client.force_login(group_manager)
    xlsx = client.get("/reports/scorecard/export.xlsx", {"period": "2026H1", "company": "SUPPLY"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == exports.XLSX
    pdf = client.get("/reports/scorecard/export.pdf", {"period": "2026H1"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/reports/scorecard/export.pdf", {"period": "2026H3"}).status_code == 400
