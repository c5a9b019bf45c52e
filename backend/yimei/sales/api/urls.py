from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from yimei.sales.api import assets, deductions, orders, payments, reports, settings

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

orders.register(router)
payments.register(router)
assets.register(router)
deductions.register(router)
reports.register(router)
settings.register(router)

urlpatterns = [
    # The receipt PDF keeps its extension in the path (no trailing slash): /api/v1/payments/12/receipt.pdf
    re_path(r"^payments/(?P<pk>[0-9]+)/receipt.pdf$", payments.PaymentViewSet.as_view({"get": "receipt_pdf"}),
            name="payment-receipt-pdf"),
    path("day-end/", payments.DayEndView.as_view(), name="day-end"),
    path("sales-settings/", settings.SalesSettingsView.as_view(), name="sales-settings"),
    *router.urls,
]
