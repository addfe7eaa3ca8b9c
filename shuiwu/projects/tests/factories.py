"""Helpers of the capital-project tests: projects, pipes drawn east of the test origin, a small network."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

from shuiwu.assets.tests.factories import junction, lonlat, pipe
from shuiwu.projects import services
from shuiwu.projects.choices import ProjectType

_n = count(1)


def project(company, *, budget="100000.00", type=ProjectType.NEW_MAIN, start=None, end=None, **fields):
    start = start or services.today() - timedelta(days=60)
    return services.create_project(
        company=company,
        name=fields.pop("name", f"测试工程{next(_n)}"),
        type=type,
        budget=Decimal(budget),
        planned_start=start,
        planned_end=end or start + timedelta(days=120),
        **fields,
    )


def draw(proj, metres: float, *, y: float = 0.0, diameter: float = 200.0, **kwargs):
    """A straight new pipe ``metres`` long going east at ``y`` metres north of the test origin."""
    return services.add_pipe(
        proj, coordinates=[lonlat(0, y), lonlat(metres, y)], diameter=diameter, material="PE", **kwargs
    )


def network(company, n: int = 3, *, diameter: float = 150.0):
    """``n`` active supply pipes in a row, 100 m each, with their junctions."""
    nodes = [junction(company, f"TJ{next(_n)}", x=100.0 * i, y=500.0) for i in range(n + 1)]
    return [pipe(company, f"TP{next(_n)}", nodes[i], nodes[i + 1], diameter=diameter, length=100.0) for i in range(n)]


def report(proj, percent, *, days_ago: int = 0, **kwargs):
    return services.report_progress(
        proj, reported_on=services.today() - timedelta(days=days_ago), percent=percent, **kwargs
    )


def finish(proj, **kwargs):
    """A project at 100 % (so completed), all its new pipes laid."""
    ids = list(proj.pipes.filter(role="new").values_list("asset_id", flat=True))
    return report(proj, 100, laid_pipe_ids=ids, **kwargs)
