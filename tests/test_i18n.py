"""Languages: Simplified Chinese by default, English beside it, and every message translated."""

import re
from pathlib import Path

import shuiwu

LOCALE = Path(shuiwu.__file__).parent / "locale"


def test_chinese_is_the_default(client, group_manager):
    client.force_login(group_manager)
    page = client.get("/assets/map/").content.decode()
    assert 'lang="zh-hans"' in page
    assert "管网地图" in page


def test_english_is_one_switch_away(client, group_manager):
    client.force_login(group_manager)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/assets/map/").content.decode()
    assert 'lang="en"' in page and "Network map" in page


def _entries(po: Path):
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if "msgid" not in block:
            continue
        yield block


def test_every_chinese_message_is_translated():
    po = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
    missing, fuzzy = [], []
    for block in _entries(po):
        if block.lstrip().startswith("#~"):
            continue
        if "#, fuzzy" in block:
            fuzzy.append(block)
        strs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n")
        if not strs or any(s.strip() == '""' for s in strs):
            missing.append(re.search(r'msgid ((?:".*"\n?)+)', block).group(1).strip())
    assert not fuzzy, fuzzy[:5]
    assert not missing, missing[:10]


def test_the_compiled_catalogues_are_committed():
    for lang in ("zh_Hans", "en"):
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        assert mo.exists(), mo
        assert mo.stat().st_mtime >= po.stat().st_mtime - 5 or mo.stat().st_size > 0
