from django.urls import path
from django.views.generic import RedirectView

from shuiwu.core.urls import crud_urls
from shuiwu.customers import views

app_name = "customers"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="customers:counter"), name="index"),
    path("counter/", views.counter, name="counter"),
    path("counter/search/", views.counter_search, name="counter_search"),
    path("counter/<int:pk>/", views.counter, name="counter_account"),
    *crud_urls(
        "customers",
        "customer",
        list_view=views.CustomerListView,
        detail_view=views.CustomerDetailView,
        edit_view=views.CustomerEditView,
    ),
    *crud_urls(
        "accounts",
        "account",
        list_view=views.AccountListView,
        detail_view=views.AccountDetailView,
        edit_view=views.AccountEditView,
    ),
    *crud_urls(
        "meters",
        "meter",
        list_view=views.MeterListView,
        detail_view=views.MeterDetailView,
        edit_view=views.MeterEditView,
    ),
    path("readings/", views.MeterReadingListView.as_view(), name="meterreading_list"),
    path("readings/import/", views.reading_import, name="reading_import"),
    *crud_urls(
        "reading-books",
        "readingbook",
        list_view=views.ReadingBookListView,
        detail_view=views.ReadingBookDetailView,
        edit_view=views.ReadingBookEditView,
    ),
    *crud_urls(
        "tariffs",
        "tariff",
        list_view=views.TariffListView,
        detail_view=views.TariffDetailView,
        edit_view=views.TariffEditView,
    ),
    path("billing-runs/", views.BillingRunListView.as_view(), name="billingrun_list"),
    path("billing-runs/add/", views.BillingRunCreateView.as_view(), name="billingrun_add"),
    path("billing-runs/<int:pk>/", views.BillingRunDetailView.as_view(), name="billingrun_detail"),
    path("bills/", views.BillListView.as_view(), name="bill_list"),
    path("bills/<int:pk>/", views.BillDetailView.as_view(), name="bill_detail"),
    path("bills/<int:pk>/pdf/", views.bill_pdf, name="bill_pdf"),
    path("bills/<int:pk>/rebill/", views.bill_rebill, name="bill_rebill"),
    path("payments/", views.PaymentListView.as_view(), name="payment_list"),
    path("payments/<int:pk>/", views.PaymentDetailView.as_view(), name="payment_detail"),
    path("payments/<int:pk>/receipt/", views.payment_receipt, name="payment_receipt"),
    path("payments/<int:pk>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("arrears/", views.arrears, name="arrears"),
    path("arrears/notices/", views.arrears_notices, name="arrears_notices"),
    path("arrears/<int:pk>/warn/", views.arrears_warn, name="arrears_warn"),
    path("notices/", views.ArrearsNoticeListView.as_view(), name="arrearsnotice_list"),
    path("disconnections/", views.DisconnectionListView.as_view(), name="disconnection_list"),
    path("disconnections/<int:pk>/disconnect/", views.disconnection_do, name="disconnection_disconnect"),
    *crud_urls(
        "relief-policies",
        "reliefpolicy",
        list_view=views.ReliefPolicyListView,
        detail_view=views.ReliefPolicyDetailView,
        edit_view=views.ReliefPolicyEditView,
    ),
    path("relief-policies/<int:pk>/grant/", views.relief_grant, name="reliefpolicy_grant"),
]
