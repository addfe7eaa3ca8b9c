"""Fixtures of the repair-centre tests."""

import pytest

from shuiwu.work.tests.factories import crew, crew_member


@pytest.fixture
def repair_team(companies):
    return crew(companies["SUPPLY"], "R1")


@pytest.fixture
def other_team(companies):
    return crew(companies["SUPPLY"], "R2")


@pytest.fixture
def crew_user(companies, repair_team):
    return crew_member(companies, repair_team)


@pytest.fixture
def hotline_operator(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("hana-hotline", companies["SUPPLY"], Role.HOTLINE_OPERATOR)
