"""Exports of billing: bills and arrears as Excel workbooks (openpyxl), a bill as a PDF (ReportLab).

The PDF uses ReportLab's built-in CJK font STSong-Light (Adobe's Chinese CID font), which needs no font file:
it prints the same on a laptop with no fonts installed as on a server.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.customers.choices import BillStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
MAX_ROWS = 200_000


# -- Excel ----------------------------------------------------------------------------------------------------------


def _workbook(title: str, columns: list[tuple[str, str | None, int]], rows) -> bytes:
    """One sheet: a formatted header (bold, filled, frozen, with filters), then the rows with number formats.

    ``columns`` are (heading, number format or None, width); ``rows`` yields lists of values in that order.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for i, (_heading, _fmt, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="0B4F8A")
    edge = Border(bottom=Side(style="thin", color="333333"))
    header = []
    for heading, _fmt, _width in columns:
        cell = WriteOnlyCell(sheet, value=str(heading))
        cell.font, cell.fill, cell.border = bold, fill, edge
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for values in rows:
        out = []
        for (_heading, fmt, _width), value in zip(columns, values, strict=True):
            if isinstance(value, datetime):
                value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
            cell = WriteOnlyCell(sheet, value=value)
            if fmt and value is not None:
                cell.number_format = fmt
            out.append(cell)
        sheet.append(out)
        count += 1
        if count >= MAX_ROWS:
            break
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def bills_xlsx(bills) -> bytes:
    """The bills of a (filtered) queryset, one row each."""
    columns = [
        (_("bill number"), None, 24),
        (_("account number"), None, 14),
        (_("customer"), None, 20),
        (_("period"), None, 9),
        (_("use type"), None, 12),
        (_("from"), DATE_FORMAT, 11),
        (_("to"), DATE_FORMAT, 11),
        (_("previous read"), COUNT_FORMAT, 10),
        (_("current read"), COUNT_FORMAT, 10),
        (_("volume (m³)"), COUNT_FORMAT, 10),
        (_("amount"), MONEY_FORMAT, 12),
        (_("paid"), MONEY_FORMAT, 12),
        (_("late fee paid"), MONEY_FORMAT, 11),
        (_("outstanding"), MONEY_FORMAT, 12),
        (_("status"), None, 10),
        (_("issued"), DATE_FORMAT, 11),
        (_("due"), DATE_FORMAT, 11),
        (_("paid on"), DATE_FORMAT, 11),
    ]

    def rows():
        for bill in bills.select_related("account__customer").iterator(chunk_size=2000):
            yield [
                bill.number,
                bill.account.number,
                bill.account.customer.name,
                bill.period,
                bill.get_use_type_display(),
                bill.period_start,
                bill.period_end,
                bill.previous_read,
                bill.current_read,
                bill.volume_m3,
                bill.amount,
                bill.paid,
                bill.late_fee_paid,
                bill.outstanding,
                bill.get_status_display(),
                bill.issued_on,
                bill.due_on,
                bill.paid_on,
            ]

    return _workbook(str(_("Bills")), columns, rows())


def arrears_xlsx(rows: list[dict], on: date) -> bytes:
    """Rows of ``queries.arrears_rows``."""
    columns = [
        (_("account number"), None, 14),
        (_("customer"), None, 20),
        (_("phone"), None, 14),
        (_("use type"), None, 12),
        (_("address"), None, 30),
        (_("arrears"), MONEY_FORMAT, 12),
        (_("bills"), COUNT_FORMAT, 7),
        (_("oldest due"), DATE_FORMAT, 11),
        (_("days overdue"), COUNT_FORMAT, 9),
        (_("age"), None, 13),
        (_("relief"), None, 8),
        (_("blocked by"), None, 30),
    ]
    data = (
        [
            r["number"],
            r["customer"],
            r["phone"],
            r["use_type_label"],
            r["address"],
            r["amount"],
            r["bills"],
            r["oldest_due"],
            r["days"],
            str(r["bucket_label"]),
            _("yes") if r["relief"] else "",
            "、".join(r["blocked_by"]),
        ]
        for r in rows
    )
    return _workbook(str(_("Arrears %(day)s") % {"day": on.isoformat()}), columns, data)


# -- PDF ------------------------------------------------------------------------------------------------------------

CJK_FONT = "STSong-Light"


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def bill_pdf(bill, *, fee_rules: dict | None = None) -> bytes:
    """A printable A4 bill: who, which period, the reads, the lines, what is paid and what is due."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _register_font()
    account = bill.account
    customer = account.customer
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1)
    sub = ParagraphStyle("sub", fontName=font, fontSize=10, leading=14, alignment=1, textColor=colors.grey)
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14)
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=11, textColor=colors.grey)

    def p(text, style=body):
        from xml.sax.saxutils import escape

        # STSong-Light has no "³": the unit is written with a superscript 3.
        return Paragraph(escape(str(text)).replace("³", "<super>3</super>"), style)

    story = [
        p(bill.company.name, sub),
        p(_("Water bill"), title),
        p(f"{_('bill number')}: {bill.number}", sub),
        Spacer(1, 6 * mm),
    ]
    reads = ""
    if bill.previous_read is not None or bill.current_read is not None:
        reads = f"{bill.previous_read if bill.previous_read is not None else '—'} → {bill.current_read or '—'}"
    info = [
        [p(_("account number")), p(account.number), p(_("period")), p(bill.period)],
        [p(_("customer")), p(customer.name), p(_("billing days")), p(f"{bill.period_start} – {bill.period_end}")],
        [p(_("address")), p(account.address or customer.address), p(_("reads (m³)")), p(reads)],
        [p(_("use type")), p(bill.get_use_type_display()), p(_("volume (m³)")), p(bill.volume_m3)],
        [p(_("issued")), p(bill.issued_on), p(_("due")), p(bill.due_on)],
    ]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef3f8")),
            ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#eef3f8")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    story.append(Table(info, colWidths=[28 * mm, 62 * mm, 28 * mm, 52 * mm], style=grid))
    story.append(Spacer(1, 6 * mm))

    head = [_("item"), _("tier"), _("tariff"), _("days"), _("volume (m³)"), _("price (yuan/m³)"), _("amount")]
    white = ParagraphStyle("head", parent=body, textColor=colors.white)
    lines = [[p(h, white) for h in head]]
    for line in bill.lines.all():
        lines.append(
            [
                p(line.get_kind_display()),
                p(line.tier or ""),
                p(line.tariff),
                p(line.days or ""),
                p(line.volume_m3),
                p(_yuan(line.price)),
                p(_yuan(line.amount)),
            ]
        )
    right = ParagraphStyle("right", parent=body, alignment=2)
    totals = [(_("amount"), bill.amount), (_("paid"), bill.paid)]
    if bill.late_fee_paid:
        totals.append((_("late fee paid"), bill.late_fee_paid))
    totals.append((_("outstanding"), bill.outstanding))
    for label, value in totals:
        lines.append(["", "", "", "", "", p(label, right), p(_yuan(value), right)])
    table = Table(lines, colWidths=[32 * mm, 12 * mm, 32 * mm, 14 * mm, 24 * mm, 28 * mm, 28 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, len(lines) - len(totals) - 1), 0.4, colors.HexColor("#9aa5b1")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0b4f8a")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("LINEABOVE", (5, -len(totals)), (-1, -len(totals)), 0.8, colors.black),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 6 * mm))
    notes = []
    if bill.estimated:
        notes.append(_("The volume is estimated (no access or a faulty meter); the next actual read corrects it."))
    if bill.status == BillStatus.CANCELLED:
        notes.append(_("Cancelled (credited): %(reason)s") % {"reason": bill.cancelled_reason})
    if fee_rules:
        notes.append(
            _("Unpaid %(days)s days after the due date, a late fee of %(rate)s of the unpaid amount per day accrues.")
            % {"days": fee_rules["grace_days"], "rate": f"{(fee_rules['daily_rate'] * 1000).normalize()}‰"}
        )
    for note in notes:
        story.append(p(note, small))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=bill.number,
        author=bill.company.name,
        subject=f"{account.number} {bill.period}",
        creator="Shuiwu",
    )
    doc.build(story)
    return buffer.getvalue()
