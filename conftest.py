"""Root conftest: the core test kit (personas, API clients, API test cases) for every test."""

import os

os.environ.setdefault("SHUIWU_DATA_DIR", os.path.join(os.path.dirname(__file__), "var", "test-data"))

pytest_plugins = ["shuiwu.core.testkit"]


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests do not need a slow password hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rules():
    """Rule values are cached for a few seconds per process; each test starts from the database."""
    from shuiwu.core import rules

    rules.forget()
    yield
    rules.forget()
