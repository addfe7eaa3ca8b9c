"""Fixtures of the capital-project tests."""

import pytest

from shuiwu.core.testkit import make_persona
from shuiwu.org.choices import Role


@pytest.fixture
def install_manager(companies):
    """The installation company's manager: runs its projects, sees only its own company."""
    return make_persona("ian-install", companies["INSTALL"], Role.COMPANY_MANAGER)


@pytest.fixture
def sewage_viewer(companies):
    """A read-only user of another company."""
    return make_persona("sam-sewage-viewer", companies["SEWAGE"], Role.READ_ONLY)
