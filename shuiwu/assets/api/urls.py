from rest_framework.routers import DefaultRouter

from shuiwu.assets.api import views
from shuiwu.assets.kinds import SPECS

app_name = "assets-api"

router = DefaultRouter()
router.register("assets", views.AssetViewSet)
for kind, spec in SPECS.items():
    router.register(spec.slug, views.kind_viewset(kind), basename=kind.replace("_", ""))
router.register("dmas", views.DMAViewSet)
router.register("pressure-zones", views.PressureZoneViewSet)
router.register("served-buildings", views.ServedBuildingViewSet)
router.register("networks", views.NetworkViewSet)
urlpatterns = router.urls
