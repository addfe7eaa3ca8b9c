from rest_framework.routers import DefaultRouter

app_name = "quality-api"

router = DefaultRouter()
urlpatterns = [*router.urls]
