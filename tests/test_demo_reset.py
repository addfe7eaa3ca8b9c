"""`shuiwu demo --reset` empties the database and builds the same city again."""

import pytest
from django.core.management import call_command

from shuiwu.assets.models import Asset
from shuiwu.core import demo
from shuiwu.core.models import DemoPart

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_reset_builds_the_same_city_again(settings):
    demo.build(demo.DemoContext(out=lambda *_: None), only={"org", "assets"})
    first = sorted(Asset.objects.values_list("code", "diameter", "material"), key=str)
    call_command("demo", no_serve=True, reset=True)
    # The capital projects add planned assets (codes GC-…) to the register the assets part built.
    again = Asset.objects.exclude(code__startswith="GC-")
    assert sorted(again.values_list("code", "diameter", "material"), key=str) == first
    assert DemoPart.objects.count() == len(demo.parts())
