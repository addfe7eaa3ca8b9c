"""Malformed EPANET files: a clear message naming the line or element, a non-zero exit, nothing written."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from shuiwu.assets.models import Asset, Network

GOOD_START = "[JUNCTIONS]\n J1 10 1\n J2 10 1\n[RESERVOIRS]\n R1 50\n"


def _write(tmp_path, text, name="bad.inp"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _import_error(path) -> str:
    with pytest.raises(CommandError) as info:
        call_command("import_inp", str(path), system="supply", company="SUPPLY")
    return str(info.value)


def test_an_undefined_node_names_the_line_and_the_node(tmp_path, companies):
    path = _write(tmp_path, GOOD_START + "[PIPES]\n P1 R1 J1 100 200 130 0 Open\n P2 J1 J9 100 200 130 0 Open\n[END]\n")
    message = _import_error(path)
    assert "line 8" in message
    assert "J9" in message and "undefined node" in message
    assert not Asset.objects.exists() and not Network.objects.exists()


def test_an_unknown_section_is_refused(tmp_path, companies):
    path = _write(tmp_path, GOOD_START + "[PIPES]\n P1 R1 J1 100 200 130 0 Open\n[FOO]\n x\n[END]\n")
    message = _import_error(path)
    assert "line 8" in message and "[FOO]" in message


def test_a_bad_number_is_refused(tmp_path, companies):
    path = _write(tmp_path, GOOD_START + "[PIPES]\n P1 R1 J1 abc 200 130 0 Open\n[END]\n")
    message = _import_error(path)
    assert "line 7" in message and "P1" in message


def test_a_missing_file_is_refused(tmp_path, companies):
    assert "file not found" in _import_error(tmp_path / "nothing.inp")


def test_a_file_that_is_not_a_network_is_refused(tmp_path, companies):
    assert "bad.inp" in _import_error(_write(tmp_path, "this is not an EPANET file\n"))
    assert not Asset.objects.exists()


def test_an_existing_network_is_untouched_by_a_failed_import(tmp_path, companies, net3):
    call_command("import_inp", str(net3), system="supply", company="SUPPLY")
    before = sorted(Asset.objects.values_list("code", "diameter", "length"), key=str)
    text = net3.read_text().replace("[END]", "[PIPES]\n bad 10 nowhere 100 200 130 0 Open\n[END]")
    _import_error(_write(tmp_path, text))
    assert sorted(Asset.objects.values_list("code", "diameter", "length"), key=str) == before


def test_an_unknown_company_is_refused(net3, companies):
    with pytest.raises(CommandError, match="no company with code 'NOPE'"):
        call_command("import_inp", str(net3), system="supply", company="NOPE")


def test_an_unknown_crs_is_refused(net3, companies):
    with pytest.raises(CommandError, match="unknown CRS"):
        call_command("import_inp", str(net3), system="supply", company="SUPPLY", crs="EPSG:999999")


def test_the_cli_exits_non_zero_with_the_message(tmp_path):
    path = _write(tmp_path, GOOD_START + "[PIPES]\n P1 R1 J7 100 200 130 0 Open\n[END]\n")
    env = {"SHUIWU_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    migrate = subprocess.run(
        [sys.executable, "-m", "shuiwu.cli", "migrate", "-v0"], env=env, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    result = subprocess.run(
        [sys.executable, "-m", "shuiwu.cli", "import-inp", str(path), "--system", "supply"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "line 7" in result.stderr and "J7" in result.stderr
