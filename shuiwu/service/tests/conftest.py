"""Fixtures of the service-counter tests."""

import pytest

from shuiwu.service.tests.factories import window


@pytest.fixture
def window_clerk(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("wes-window", companies["SUPPLY"], Role.WINDOW_CLERK)


@pytest.fixture
def hall(companies):
    return window(companies["SUPPLY"], "HALL")


@pytest.fixture
def sewage_viewer(companies):
    """A read-only user of another company: sees the counter's records of the sewage company only."""
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("sam-sewage-viewer", companies["SEWAGE"], Role.READ_ONLY)
