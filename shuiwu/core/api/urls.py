from rest_framework.routers import DefaultRouter

from shuiwu.core.api import views

app_name = "core-api"

router = DefaultRouter()
router.register("changes", views.ObjectChangeViewSet)
urlpatterns = router.urls
