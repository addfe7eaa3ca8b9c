"""GeoJSON of projects' pipes for the maps: each pipe with its project and its state."""

import json

from shuiwu.projects.choices import PipeRole, PipeState, Status
from shuiwu.projects.models import ProjectPipe


def _state(role, laid_on, project_status) -> str:
    if role == PipeRole.REPLACED:
        return PipeState.REPLACED
    if project_status == Status.HANDED_OVER:
        return PipeState.HANDED_OVER
    return PipeState.LAID if laid_on else PipeState.PLANNED


def project_features(project_ids) -> str:
    """A FeatureCollection of the pipes of the given projects (cancelled projects' pipes left out)."""
    rows = (
        ProjectPipe.objects.filter(project_id__in=list(project_ids), asset__geometry__isnull=False)
        .exclude(project__status=Status.CANCELLED)
        .values_list(
            "asset_id",
            "asset__geometry",
            "asset__code",
            "asset__diameter",
            "asset__length",
            "asset__material",
            "role",
            "laid_on",
            "project_id",
            "project__code",
            "project__name",
            "project__status",
        )
        .order_by("project_id", "id")
    )
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    chunks = []
    for asset_id, geometry, code, diameter, length, material, role, laid_on, pid, pcode, pname, pstatus in rows:
        props = {
            "code": code,
            "diameter": diameter,
            "length": round(length or 0, 1),
            "material": material,
            "role": role,
            "state": _state(role, laid_on, pstatus),
            "project": pid,
            "project_code": pcode,
            "project_name": pname,
        }
        chunks.append(f'{{"type":"Feature","id":{asset_id},"geometry":{dumps(geometry)},"properties":{dumps(props)}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(chunks) + "]}"
