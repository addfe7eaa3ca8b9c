"""Fixtures of the lab's tests: a technician and a reviewer of the production company."""

import pytest


@pytest.fixture
def technician(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("tia-technician", companies["PROD"], Role.LAB_TECHNICIAN)


@pytest.fixture
def reviewer(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("rex-reviewer", companies["PROD"], Role.LAB_TECHNICIAN)


@pytest.fixture
def outlet(companies):
    from shuiwu.quality.tests.factories import point

    return point(companies["PROD"], "WTP-1-OUT", "plant_outlet")


@pytest.fixture
def network_end(companies):
    from shuiwu.quality.tests.factories import point

    return point(companies["PROD"], "NE-01", "network_end", lon=121.0, lat=30.7)


@pytest.fixture
def sewage_viewer(companies):
    """A read-only user of the sewage company: may read the lab's records of that company only."""
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("sam-sewage-viewer", companies["SEWAGE"], Role.READ_ONLY)
