"""The lab's pages open for the technician, and the entry form, review and certificate work."""

import pytest
from django.urls import reverse

from shuiwu.quality.choices import SampleStatus
from shuiwu.quality.tests.factories import sample

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["bench", "grid", "trend", "compliance", "disclosure", "map", "import", "sample_list", "sampletask_list",
     "exceedance_list", "samplingpoint_list", "plan_list", "parameter_list", "limit_list", "samplingpoint_add"],
)  # fmt: skip
def test_pages_open(client, technician, outlet, network_end, reviewer, name):
    sample(outlet, {"turbidity": "1.5", "free_chlorine": "0.8"}, user=technician, reviewer=reviewer)
    client.force_login(technician)
    assert client.get(reverse(f"quality:{name}")).status_code == 200


def test_a_reader_of_another_app_cannot_open_the_bench(client, sewage_inspector):
    client.force_login(sewage_inspector)
    assert client.get(reverse("quality:bench")).status_code == 403


def test_entry_review_and_certificate(client, technician, reviewer, outlet):
    from shuiwu.quality import services

    s = services.take_sample(user=technician, point=outlet, parameter_codes=["turbidity", "odor"])
    client.force_login(technician)
    page = client.get(s.get_absolute_url())
    assert b'name="v_turbidity"' in page.content
    bad = client.post(reverse("quality:sample_enter", args=[s.pk]), {"v_turbidity": "abc", "v_odor": "无"})
    assert bad.status_code == 400
    s.refresh_from_db()
    assert not s.results.exists()
    ok = client.post(
        reverse("quality:sample_enter", args=[s.pk]), {"v_turbidity": "0.2", "v_odor": "无", "submit": "1"}
    )
    assert ok.status_code == 302
    s.refresh_from_db()
    assert s.status == SampleStatus.ENTERED
    client.force_login(reviewer)
    client.post(reverse("quality:sample_approve", args=[s.pk]), {"note": ""})
    s.refresh_from_db()
    assert s.status == SampleStatus.APPROVED
    pdf = client.get(reverse("quality:sample_certificate", args=[s.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_grid_marks_cells_over_a_limit(client, technician, reviewer, outlet):
    s = sample(outlet, {"turbidity": "1.5", "free_chlorine": "0.8"}, user=technician, reviewer=reviewer)
    client.force_login(technician)
    page = client.get(reverse("quality:grid") + f"?month={s.sampled_at:%Y-%m}")
    assert b"table-danger" in page.content
