from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.customers.api import views

app_name = "customers-api"

router = DefaultRouter()
router.register("customers", views.CustomerViewSet)
router.register("reading-books", views.ReadingBookViewSet)
router.register("accounts", views.AccountViewSet)
router.register("meters", views.MeterViewSet)
router.register("readings", views.MeterReadingViewSet)
router.register("tariffs", views.TariffViewSet)
router.register("billing-runs", views.BillingRunViewSet)
router.register("bills", views.BillViewSet)
router.register("payments", views.PaymentViewSet)
router.register("arrears", views.ArrearsViewSet, basename="arrears")
router.register("relief-policies", views.ReliefPolicyViewSet)
router.register("notices", views.ArrearsNoticeViewSet)
router.register("disconnections", views.DisconnectionViewSet)
urlpatterns = [path("summary/", views.summary, name="summary"), *router.urls]
