"""Read and write EPANET ``.inp`` files as WNTR model dictionaries.

``read(path)`` checks a file with the EPANET 2.3 toolkit first (its messages
name the section and the element), then parses it with WNTR, and returns
``wntr.network.io.to_dict`` of the model: plain lists and dicts in SI units.
``write(model, path)`` does the reverse. Errors are ``InpError`` with one
readable message per problem, each with its line number where one is known.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path

import wntr


class InpError(ValueError):
    """An EPANET file that cannot be used; ``messages`` lists each problem."""

    def __init__(self, path: str | Path, messages: list[str]):
        self.path = str(path)
        self.messages = messages
        super().__init__(f"{Path(path).name}: " + "; ".join(messages))


_ERROR_LINE = re.compile(r"^\s*(Error \d+:.*?)\s*$")


def _line_numbers(path: Path) -> dict[str, int]:
    numbers: dict[str, int] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            numbers.setdefault(line.strip(), number)
    return numbers


def _parse_report(report: str, path: Path) -> list[str]:
    """EPANET's report lists each input error, then (indented) the offending line."""
    lines = report.splitlines()
    numbers = None
    messages = []
    for i, raw in enumerate(lines):
        match = _ERROR_LINE.match(raw)
        if not match or match.group(1).startswith("Error 200:"):
            continue
        message = match.group(1).rstrip(":").rstrip()
        echoed = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if echoed and not _ERROR_LINE.match(lines[i + 1]):
            numbers = numbers if numbers is not None else _line_numbers(path)
            line_no = numbers.get(echoed)
            location = f"line {line_no}" if line_no else "line ?"
            messages.append(f"{location}: {message} — {' '.join(echoed.split())[:120]}")
        else:
            messages.append(message)
    return messages


def check(path: str | Path) -> None:
    """Raise InpError unless the EPANET 2.3 toolkit opens the file without error."""
    from epanet import toolkit as en

    path = Path(path)
    if not path.is_file():
        raise InpError(path, ["file not found"])
    with tempfile.TemporaryDirectory(prefix="shuiwu-inp-") as tmp:
        report = Path(tmp) / "check.rpt"
        project = en.createproject()
        failure = None
        try:
            en.open(project, str(path), str(report), "")
        except Exception as exc:  # the toolkit raises a bare Exception("Error NNN: …")
            failure = str(exc)
        finally:
            with contextlib.suppress(Exception):
                en.close(project)
            en.deleteproject(project)
        if failure is None:
            return
        text = report.read_text(encoding="utf-8", errors="replace") if report.exists() else ""
        raise InpError(path, _parse_report(text, path) or [failure])


def read(path: str | Path) -> dict:
    """The model in ``path`` as a WNTR dictionary (SI units); InpError when it is unusable."""
    path = Path(path)
    check(path)
    try:
        wn = wntr.network.WaterNetworkModel(str(path))
    except Exception as exc:
        cause = exc.__cause__ or exc
        raise InpError(path, [f"WNTR could not read it: {cause}"]) from exc
    model = wntr.network.io.to_dict(wn)
    model["title"] = [line for line in (getattr(wn, "title", None) or []) if line]
    return model


def to_network(model: dict) -> wntr.network.WaterNetworkModel:
    """A WNTR network from a model dictionary."""
    model = {k: v for k, v in model.items() if k != "title"}
    return wntr.network.io.from_dict(model)


def write(model: dict, path: str | Path, version: float = 2.2) -> Path:
    """Write the model dictionary as an EPANET file, in the units it was read in."""
    path = Path(path)
    wn = to_network(model)
    wn.title = list(model.get("title") or [])
    units = (model.get("options") or {}).get("hydraulic", {}).get("inpfile_units") or "LPS"
    wntr.network.io.write_inpfile(wn, str(path), units=units, version=version)
    return path
