from rest_framework.routers import DefaultRouter

app_name = "emergency-api"

router = DefaultRouter()
urlpatterns = [*router.urls]
