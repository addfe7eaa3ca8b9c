"""Exports of the scorecard: Excel (one formatted sheet per company) and PDF (A4, CJK font, charts, page numbers).

Both take the scorecard dict of ``services.scorecard``. The PDF uses ReportLab's built-in CJK font
STSong-Light (as the bills do) and draws its charts with ReportLab's own graphics: no font file, no
matplotlib.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CJK_FONT = "STSong-Light"
BLUE = "0B4F8A"


def _target(row) -> str:
    if row["target"] is None:
        return ""
    sign = "≥" if row["direction"] == "higher" else "≤" if row["direction"] == "lower" else ""
    return f"{sign}{row['target']}"


def _meets(row) -> str:
    if row["meets"] is None:
        return ""
    return _("met") if row["meets"] else _("missed")


def _sheet_title(text: str, used: set) -> str:
    title = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31] or "Sheet"
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}-{n}"
        n += 1
    used.add(title)
    return title


def scorecard_xlsx(card: dict) -> bytes:
    """One sheet per unit (the group first): the narrative, then the figures by section beside last year and
    the target; a figure that is not available is left empty and says so."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    headings = [
        (_("section"), 16),
        (_("figure"), 26),
        (_("unit"), 9),
        (card["label"], 14),
        (_("same period last year"), 14),
        (_("change %"), 10),
        (_("target"), 10),
        (_("target met"), 10),
        (_("standard"), 48),
    ]
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor=BLUE)
    section_fill = PatternFill("solid", fgColor="DCE6F1")
    edge = Border(bottom=Side(style="thin", color="999999"))
    missed_font = Font(color="C00000", bold=True)
    used: set[str] = set()
    for unit in card["units"]:
        sheet = book.create_sheet(_sheet_title(unit["name"], used))
        sheet["A1"] = f"{unit['name']} · {card['label']}"
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = f"{card['start']} – {card['end']}"
        sheet["A3"] = unit["narrative"]["zh"]
        sheet["A4"] = unit["narrative"]["en"]
        for cell in ("A3", "A4"):
            sheet.merge_cells(f"{cell}:I{cell[1:]}")
            sheet[cell].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[3].height = 75
        sheet.row_dimensions[4].height = 60
        header_row = 6
        for i, (heading, width) in enumerate(headings, start=1):
            cell = sheet.cell(row=header_row, column=i, value=str(heading))
            cell.font, cell.fill, cell.border = head_font, head_fill, edge
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = f"A{header_row + 1}"
        r = header_row + 1
        for section in unit["sections"]:
            if not section["available"]:
                sheet.cell(row=r, column=1, value=section["label"]).fill = section_fill
                sheet.cell(row=r, column=2, value=_("not available"))
                r += 1
                continue
            for row in section["rows"]:
                fmt = "#,##0" if not row["decimals"] else "#,##0." + "0" * row["decimals"]
                values = [
                    section["label"],
                    row["label"],
                    row["unit"],
                    row["value"] if row["value"] is not None else _("not available"),
                    row["last_year"],
                    row["change_percent"],
                    row["target"],
                    _meets(row),
                    row["standard"],
                ]
                for c, value in enumerate(values, start=1):
                    cell = sheet.cell(row=r, column=c, value=value)
                    if c in (4, 5, 7) and isinstance(value, int | float):
                        cell.number_format = fmt
                    if c == 6 and value is not None:
                        cell.number_format = "0.0"
                cell_a = sheet.cell(row=r, column=1)
                cell_a.fill = section_fill
                if row["meets"] is False:
                    sheet.cell(row=r, column=4).font = missed_font
                    sheet.cell(row=r, column=8).font = missed_font
                r += 1
        sheet.auto_filter.ref = f"A{header_row}:I{max(r - 1, header_row)}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
    if not book.sheetnames:
        book.create_sheet(_("Scorecard"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- PDF ------------------------------------------------------------------------------------------------------------


# STSong-Light has no glyphs for these; the PDF spells them plainly.
PDF_PLAIN = str.maketrans({"·": "|", "³": "3", "²": "2", "⁴": "^4", "\u2009": " "})


def pdf_text(text) -> str:
    return str(text).translate(PDF_PLAIN)


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _numbered_canvas(footer: str):
    """A canvas that prints "page n of m" and the footer on every page (a second pass knows m)."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(CJK_FONT, 8)
                self.setFillGray(0.4)
                width = self._pagesize[0]
                self.drawString(15 * mm, 10 * mm, footer)
                self.drawRightString(
                    width - 15 * mm,
                    10 * mm,
                    _("page %(page)s of %(pages)s") % {"page": self._pageNumber, "pages": total},
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def _bar_chart(title: str, labels: list[str], series: list[list[float]], names: list[str], font: str):
    """A grouped bar chart as a ReportLab drawing (kept as vector graphics in the PDF)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(480, 200)
    drawing.add(String(0, 188, pdf_text(title), fontName=font, fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, 420, 120
    chart.data = series
    chart.categoryAxis.categoryNames = [pdf_text(label) for label in labels]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 20
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    palette = [colors.HexColor("#0b4f8a"), colors.HexColor("#9ecae1"), colors.HexColor("#e6550d")]
    for i in range(len(series)):
        chart.bars[i].fillColor = palette[i % len(palette)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 120, 192
    legend.fontName, legend.fontSize = font, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 110
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(palette[i % len(palette)], pdf_text(names[i])) for i in range(len(names))]
    drawing.add(legend)
    return drawing


def _chart_rows(unit: dict) -> list[dict]:
    """The figures worth a chart: percentages with a value (this year and last)."""
    rows = []
    for section in unit["sections"]:
        for row in section["rows"]:
            if row["unit"] == "%" and row["value"] is not None:
                rows.append(row)
    return rows[:10]


def scorecard_pdf(card: dict) -> bytes:
    """The scorecard as an A4 PDF: per unit the narrative, a chart of its rates against last year and the
    target, and the table of figures; page numbers at the foot."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1)
    h2 = ParagraphStyle(
        "h2", fontName=font, fontSize=13, leading=18, spaceBefore=6, textColor=colors.HexColor("#0b4f8a")
    )
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=15)
    small = ParagraphStyle("small", fontName=font, fontSize=7.5, leading=10)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)

    def p(text, style=body):
        return Paragraph(escape(pdf_text(text)), style)

    story = [
        p(_("Scorecard") + " " + card["label"], title),
        p(
            f"{card['start']} – {card['end']}"
            + (
                f" · {_('compared with')} {card['compare_start']} – {card['compare_end']}"
                if card.get("compare_start")
                else ""
            ),
            small,
        ),
        Spacer(1, 4 * mm),
    ]
    for index, unit in enumerate(card["units"]):
        if index:
            story.append(PageBreak())
        story.append(p(unit["name"], h2))
        story.append(p(unit["narrative"]["zh"]))
        story.append(Spacer(1, 2 * mm))
        story.append(p(unit["narrative"]["en"], small))
        story.append(Spacer(1, 3 * mm))
        rates = _chart_rows(unit)
        if rates:
            series = [[r["value"] or 0 for r in rates], [r["last_year"] or 0 for r in rates]]
            names = [card["label"], _("same period last year")]
            if any(r["target"] is not None for r in rates):
                series.append([r["target"] or 0 for r in rates])
                names.append(_("target"))
            story.append(_bar_chart(_("Rates (%)"), [r["label"] for r in rates], series, names, font))
            story.append(Spacer(1, 3 * mm))
        header_style = ParagraphStyle("head", parent=cell, textColor=colors.white)
        headings = (_("figure"), _("unit"), card["label"], _("last year"), _("change %"), _("target"), _("target met"))
        data = [[p(h, header_style) for h in headings]]
        styles = [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0b4f8a")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ]
        for section in unit["sections"]:
            data.append([p(section["label"], cell), "", "", "", "", "", ""])
            styles.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
            styles.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor("#dce6f1")))
            if not section["available"]:
                data.append([p(_("not available"), cell), "", "", "", "", "", ""])
                styles.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
                continue
            for row in section["rows"]:
                change = "" if row["change_percent"] is None else f"{row['change_percent']:+.1f}"
                data.append(
                    [
                        p(row["label"], cell),
                        p(row["unit"], cell),
                        row["display"] if row["value"] is not None else p(_("not available"), cell),
                        row["last_year_display"],
                        change,
                        _target(row),
                        p(_meets(row), cell),
                    ]
                )
                if row["meets"] is False:
                    styles.append(("TEXTCOLOR", (2, len(data) - 1), (2, len(data) - 1), colors.HexColor("#c00000")))
        table = Table(data, colWidths=[55 * mm, 18 * mm, 26 * mm, 26 * mm, 17 * mm, 18 * mm, 18 * mm], repeatRows=1)
        table.setStyle(TableStyle(styles))
        story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.append(
        KeepTogether(
            [
                p(
                    _(
                        "Figures computed from the records by Shuiwu; targets marked local policy are the "
                        "utility's own."
                    ),
                    small,
                )
            ]
        )
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"{_('Scorecard')} {card['label']}",
        author="Shuiwu",
    )
    doc.build(story, canvasmaker=_numbered_canvas(pdf_text(f"{_('Scorecard')} · {card['label']}")))
    return buffer.getvalue()
