"""A sample's test certificate (检测报告) as a PDF, with ReportLab's built-in CJK font (no font file needed)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

CJK_FONT = "STSong-Light"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def sample_pdf(sample, rows: list[dict]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=9.5, leading=13)
    small = ParagraphStyle("s", fontName=font, fontSize=8, leading=11, textColor=colors.HexColor("#555555"))

    def p(text, style=body):
        # STSong-Light has no "³" or "α/β" glyph problems aside from ³: write it as a superscript.
        return Paragraph(escape(str(text or "")).replace("³", "<super>3</super>"), style)

    point = sample.point
    when = timezone.localtime(sample.sampled_at).strftime("%Y-%m-%d %H:%M")
    reviewed = timezone.localtime(sample.reviewed_at).strftime("%Y-%m-%d %H:%M") if sample.reviewed_at else ""
    head = [
        [p(_("Sample number")), p(sample.number), p(_("Sampling point")), p(f"{point.code} {point.name}")],
        [p(_("Kind of water")), p(point.get_kind_display()), p(_("Sampled at")), p(when)],
        [p(_("Sampled by")), p(sample.sampled_by), p(_("Approved at")), p(reviewed)],
        [p(_("Entered by")), p(sample.entered_by or ""), p(_("Approved by")), p(sample.reviewed_by or "")],
    ]
    verdicts = {"pass": _("Pass"), "fail": _("Exceeds"), "inconclusive": _("Inconclusive"), "none": "—"}
    table = [[p(_("Parameter")), p(_("Unit")), p(_("Result")), p(_("National limit")), p(_("Internal limit")),
              p(_("Verdict"))]]  # fmt: skip
    failing = []
    for i, row in enumerate(rows, start=1):
        result = row["result"]
        verdict = verdicts.get(result.national if result else "none", "—")
        table.append(
            [
                p(row["parameter"].name),
                p(row["parameter"].unit),
                p(result.reported if result else "—"),
                p(row["national"].text if row["national"] else "—"),
                p(row["internal"].text if row["internal"] else "—"),
                p(verdict),
            ]
        )
        if result and result.national == "fail":
            failing.append(i)
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dbe7f3")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *[("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f8d7da")) for r in failing],
        ]
    )
    national_fail = any(r["result"] and r["result"].national == "fail" for r in rows)
    conclusion = (
        _("Conclusion: the sample does not meet GB 5749-2022 in the items marked.")
        if national_fail
        else _("Conclusion: the items tested meet the limits shown.")
    )
    if point.kind.startswith("sewage"):
        conclusion = conclusion.replace("GB 5749-2022", "GB 18918-2002")
    story = [
        p(_("Water quality test report"), title),
        Spacer(1, 4 * mm),
        Table(
            head,
            colWidths=[24 * mm, 56 * mm, 24 * mm, 66 * mm],
            style=TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0")),
                    ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#f0f0f0")),
                ]
            ),
        ),  # fmt: skip
        Spacer(1, 5 * mm),
        Table(table, colWidths=[48 * mm, 22 * mm, 24 * mm, 28 * mm, 28 * mm, 20 * mm], style=style, repeatRows=1),
        Spacer(1, 5 * mm),
        p(conclusion),
        Spacer(1, 3 * mm),
        p(
            _("Censored values are reported as measured: “<x” is below the detection limit x, “未检出” not detected."),
            small,
        ),
        p(_("Limits: GB 5749-2022 as printed by utilities that cite it; internal limits are local policy."), small),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        title=sample.number,
    ).build(story)  # fmt: skip
    return buffer.getvalue()
