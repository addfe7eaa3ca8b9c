"""Fixtures of the reports tests: company managers, a short period, and a PDF text reader."""

import base64
import re
import zlib
from datetime import date

import pytest

H1 = (date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture
def sewage_manager(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("sue-sewage-manager", companies["SEWAGE"], Role.COMPANY_MANAGER)


@pytest.fixture
def supply_manager(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("sam-supply-manager", companies["SUPPLY"], Role.COMPANY_MANAGER)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        ch = literal[i : i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        nxt = literal[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8))
            i += 1 + len(octal.group(0))
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def pdf_text(content: bytes) -> str:
    """The text a ReportLab PDF shows: its content streams decoded (ASCII85 + Flate), each string shown with
    the CJK font read as UTF-16-BE (UniGB-UCS2-H). Enough to find labels without a PDF library."""
    texts = []
    for match in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", content):
        header = content[max(0, match.start() - 200) : match.start()]
        raw = content[match.end() : match.end() + int(match.group(1))].strip()
        if b"ASCII85Decode" in header:
            raw = base64.a85decode(raw[:-2] if raw.endswith(b"~>") else raw)
        if b"FlateDecode" in header:
            raw = zlib.decompress(raw)
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", raw):
            data = _unescape(literal)
            try:
                texts.append(data.decode("utf-16-be"))
            except UnicodeDecodeError:
                texts.append(data.decode("latin-1"))
    return "\n".join(texts)
