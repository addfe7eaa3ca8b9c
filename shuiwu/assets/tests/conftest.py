"""Fixtures of the asset tests: the EPANET example networks that ship with WNTR and epyt."""

from importlib.resources import files
from pathlib import Path

import pytest


@pytest.fixture
def net3() -> Path:
    return Path(str(files("wntr") / "library" / "networks" / "Net3.inp"))


@pytest.fixture
def ltown() -> Path:
    return Path(str(files("epyt") / "networks" / "L-TOWN.inp"))
