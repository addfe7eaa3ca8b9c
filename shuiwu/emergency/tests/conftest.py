"""Fixtures of the emergency tests."""

import pytest


@pytest.fixture
def supply_manager(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("sue-manager", companies["SUPPLY"], Role.COMPANY_MANAGER)


@pytest.fixture
def sewage_manager(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("sam-sewage-manager", companies["SEWAGE"], Role.COMPANY_MANAGER)
