"""Fixtures of the hydraulics tests: EPANET networks imported into the register."""

from importlib.resources import files
from pathlib import Path

import pytest

NET3 = Path(str(files("wntr") / "library" / "networks" / "Net3.inp"))
LTOWN = Path(str(files("epyt") / "networks" / "L-TOWN.inp"))


@pytest.fixture
def net3_register(companies):
    from shuiwu.assets.services import import_network

    import_network(NET3, system="supply", company=companies["SUPPLY"], origin=(121.015, 30.698), scale=0.3048)
    return NET3
