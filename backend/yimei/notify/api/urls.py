from django.urls import path
from rest_framework.routers import DefaultRouter

from yimei.notify.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
views.register(router)

urlpatterns = [
    path("notify-settings/", views.NotifySettingsView.as_view(), name="notify-settings"),
    *router.urls,
]
