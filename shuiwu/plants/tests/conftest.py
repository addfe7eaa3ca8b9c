"""Fixtures of the plant-operations tests: plant operators of the production and the sewage company."""

import pytest

from shuiwu.core.testkit import make_persona
from shuiwu.org.choices import Role


@pytest.fixture
def prod_operator(companies):
    return make_persona("pat-operator", companies["PROD"], Role.PLANT_OPERATOR)


@pytest.fixture
def sewage_operator(companies):
    return make_persona("sue-sewage-operator", companies["SEWAGE"], Role.PLANT_OPERATOR)


@pytest.fixture
def supply_plant_operator(companies):
    return make_persona("sid-supply-operator", companies["SUPPLY"], Role.PLANT_OPERATOR)
