from rest_framework.routers import DefaultRouter

from shuiwu.org.api import views

app_name = "org-api"

router = DefaultRouter()
router.register("companies", views.CompanyViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("teams", views.TeamViewSet)
router.register("staff", views.StaffViewSet)
urlpatterns = router.urls
