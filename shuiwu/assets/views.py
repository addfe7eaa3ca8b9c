"""Pages of the asset register: the network map, lists per kind, asset pages, DMAs and zones."""

import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.gzip import gzip_page

from shuiwu.assets import filters, forms, services, tables
from shuiwu.assets.choices import (
    MATERIAL_COLOURS,
    SYSTEM_COLOURS,
    Kind,
    Layer,
    Material,
    Status,
    System,
)
from shuiwu.assets.kinds import BY_SLUG, SPECS
from shuiwu.assets.models import DMA, PROXIES, Asset, PressureZone
from shuiwu.core import views as core


class KindMixin:
    """Resolves the kind from the URL's slug before permissions are checked."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        spec = BY_SLUG.get(kwargs.get("slug", ""))
        if spec is None:
            raise Http404(_("No such kind of asset."))
        self.spec = spec
        self.model = PROXIES[spec.kind]


class AssetKindListView(KindMixin, core.ObjectListView):
    filterset_class = filters.KindAssetFilterSet
    select_related = ("company", "dma", "parent")

    def get_table_class(self):
        return tables.kind_table(self.spec.kind)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["create_url"] = reverse("assets:asset_add", args=[self.spec.slug])
        context["map_url"] = reverse("assets:map") + f"?focus={self.spec.kind}"
        if self.spec.kind == Kind.PIPE:
            total = context["filter"].qs.aggregate(total=Sum("length"))["total"] or 0
            context["headline"] = _("%(km)s km of pipe") % {"km": f"{total / 1000:,.2f}"}
        return context


class AssetListView(core.ObjectListView):
    model = Asset
    filterset_class = filters.AssetFilterSet
    table_class = tables.AssetTable
    select_related = ("company", "dma")


class AssetObjectMixin:
    """Loads the asset (within scope) first, so the kind's own permissions apply."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            asset = get_object_or_404(Asset.objects.restrict(request.user).only("kind"), pk=kwargs["pk"])
            self.model = PROXIES[asset.kind]
            self.spec = SPECS[asset.kind]
        else:
            self.model = Asset
        return super().dispatch(request, *args, **kwargs)


class AssetDetailView(AssetObjectMixin, core.ObjectDetailView):
    template_name = "assets/asset_detail.html"
    select_related = ("company", "dma", "zone", "parent", "start_node", "end_node", "node", "pipe", "network")
    edit_url_name = "assets:asset_edit"
    delete_url_name = "assets:asset_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asset = self.object
        user = self.request.user
        visible = Asset.objects.restrict(user)
        context["spec"] = self.spec
        context["children"] = visible.filter(parent=asset).order_by("kind", "code")
        if asset.layer == Layer.NODE:
            context["connected"] = visible.filter(Q(start_node=asset) | Q(end_node=asset)).order_by("kind", "code")
            context["attached"] = visible.filter(node=asset).order_by("kind", "code")[:100]
        if asset.kind == Kind.PIPE:
            context["fittings"] = visible.filter(pipe=asset).order_by("kind", "code")
        if asset.kind == Kind.SECONDARY_UNIT:
            context["buildings"] = asset.served_buildings.all()
        context["hydraulic_json"] = json.dumps(asset.hydraulic, ensure_ascii=False, indent=1) if asset.hydraulic else ""
        context["attrs_json"] = json.dumps(asset.attrs, ensure_ascii=False, indent=1) if asset.attrs else ""
        # The record with its neighbours: the links at a node, a link's ends, what hangs on it, its parts.
        neighbours = Q(pk__in=[asset.start_node_id, asset.end_node_id, asset.node_id, asset.pipe_id, asset.parent_id])
        neighbours |= Q(parent=asset) | Q(pipe=asset) | Q(node=asset)
        if asset.layer == Layer.NODE:
            neighbours |= Q(start_node=asset) | Q(end_node=asset)
        shown = visible.filter(neighbours).exclude(kind=Kind.JUNCTION) | visible.filter(pk=asset.pk)
        context["map_features"] = services.geojson_features(shown)
        context["list_url"] = reverse("assets:kind_list", args=[self.spec.slug])
        return context


class AssetEditView(core.ObjectEditView):
    template_name = "assets/asset_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and request.user.is_authenticated:
            asset = get_object_or_404(Asset.objects.restrict(request.user).only("kind"), pk=kwargs["pk"])
            self.spec = SPECS[asset.kind]
        else:
            self.spec = BY_SLUG.get(kwargs.get("slug", ""))
            if self.spec is None:
                raise Http404(_("No such kind of asset."))
        self.model = PROXIES[self.spec.kind]
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return forms.asset_form(self.spec.kind)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["spec"] = self.spec
        return context


class AssetDeleteView(AssetObjectMixin, core.ObjectDeleteView):
    success_url_name = "assets:map"


# -- the map -------------------------------------------------------------------


class MapView(core.ObjectPermissionMixin, generic.TemplateView):
    model = Asset
    template_name = "assets/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map_config"] = {
            "features": reverse("assets:map_features"),
            "dmas": reverse("assets:map_dmas"),
            "tiles": settings.SHUIWU_MAP_TILE_URL,
            "attribution": settings.SHUIWU_MAP_TILE_ATTRIBUTION,
            "origin": list(settings.SHUIWU_MAP_ORIGIN),
            "assetUrl": reverse("assets:asset_detail", args=[0]).replace("/0/", "/{id}/"),
            "systems": {s.value: {"label": str(s.label), "colour": SYSTEM_COLOURS[s]} for s in System},
            "materials": {m.value: {"label": str(m.label), "colour": MATERIAL_COLOURS[m.value]} for m in Material},
            "kinds": {
                k: {"label": str(Kind(k).label), "colour": s.colour, "radius": s.radius, "geometry": s.geometry}
                for k, s in SPECS.items()
            },
            "statuses": {s.value: str(s.label) for s in Status},
            "focus": self.request.GET.get("focus", "") or self.request.GET.get("system", ""),
            "labels": {
                "diameter": _("Diameter"),
                "material": _("Material"),
                "system": _("System"),
                "dmas": _("DMAs"),
                "open": _("Open asset page"),
                "mm": _("mm"),
                "colourBy": _("Colour pipes by"),
                "loading": _("Loading the network…"),
                "features": _("features"),
                "none": _("No assets to draw."),
            },
        }
        return context


# Map layers: everything but junctions (they are the ends of the pipes drawn).
MAP_EXCLUDE = (Kind.JUNCTION,)


@gzip_page
@login_required
@permission_required("assets.view_asset", raise_exception=True)
def map_features(request):
    """Every drawable asset the user may see, as one GeoJSON FeatureCollection."""
    queryset = Asset.objects.restrict(request.user).exclude(kind__in=MAP_EXCLUDE).exclude(status=Status.ABANDONED)
    queryset = filters.AssetFilterSet(request.GET, queryset=queryset).qs
    return HttpResponse(services.geojson_features(queryset), content_type="application/geo+json")


@gzip_page
@login_required
@permission_required("assets.view_dma", raise_exception=True)
def map_dmas(request):
    queryset = DMA.objects.restrict(request.user)
    return HttpResponse(
        services.geojson_features(queryset, properties=("code", "name")), content_type="application/geo+json"
    )


@login_required
@permission_required("assets.view_asset", raise_exception=True)
def export_inp(request, system):
    """Download the active network of a system as an EPANET file."""
    if system not in System.values:
        raise Http404(_("No such system."))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"shuiwu-{system}.inp"
        try:
            services.export_network(system, path)
        except ValueError as exc:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        data = path.read_bytes()
    response = HttpResponse(data, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shuiwu-{system}.inp"'
    return response


# -- DMAs and pressure zones -------------------------------------------------


class DMAListView(core.ObjectListView):
    model = DMA
    filterset_class = filters.DMAFilterSet
    table_class = tables.DMATable
    select_related = ("company", "zone")
    create_url_name = "assets:dma_add"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                service_point_count=Count("assets", filter=Q(assets__kind=Kind.SERVICE_POINT)),
                pipe_km=Sum("assets__length", filter=Q(assets__kind=Kind.PIPE)),
            )
            .order_by("code")
        )


class DMADetailView(core.ObjectDetailView):
    model = DMA
    template_name = "assets/dma_detail.html"
    select_related = ("company", "zone")
    edit_url_name = "assets:dma_edit"
    delete_url_name = "assets:dma_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assets = Asset.objects.restrict(self.request.user).filter(dma=self.object)
        context["counts"] = list(assets.values("kind").annotate(n=Count("id")).order_by("kind"))
        for row in context["counts"]:
            row["label"] = Kind(row["kind"]).label
            row["slug"] = SPECS[row["kind"]].slug
        context["pipe_km"] = services.network_length_km(assets)
        context["map_features"] = services.geojson_features(
            DMA.objects.filter(pk=self.object.pk), properties=("code", "name")
        )
        return context


class DMAEditView(core.ObjectEditView):
    model = DMA
    form_class = forms.DMAForm


class DMADeleteView(core.ObjectDeleteView):
    model = DMA
    success_url_name = "assets:dma_list"


class PressureZoneListView(core.ObjectListView):
    model = PressureZone
    filterset_class = filters.PressureZoneFilterSet
    table_class = tables.PressureZoneTable
    select_related = ("company",)
    create_url_name = "assets:pressurezone_add"


class PressureZoneDetailView(core.ObjectDetailView):
    model = PressureZone
    select_related = ("company",)
    edit_url_name = "assets:pressurezone_edit"
    delete_url_name = "assets:pressurezone_delete"


class PressureZoneEditView(core.ObjectEditView):
    model = PressureZone
    form_class = forms.PressureZoneForm


class PressureZoneDeleteView(core.ObjectDeleteView):
    model = PressureZone
    success_url_name = "assets:pressurezone_list"
