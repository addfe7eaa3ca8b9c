from rest_framework.routers import DefaultRouter

app_name = "plants-api"

router = DefaultRouter()
urlpatterns = [*router.urls]
