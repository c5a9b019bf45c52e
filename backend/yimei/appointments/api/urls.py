from django.urls import path
from rest_framework.routers import DefaultRouter

from yimei.appointments.api import appointments, schedules

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

appointments.register(router)
schedules.register(router)

urlpatterns = [
    path("appointment-settings/", schedules.AppointmentSettingsView.as_view(), name="appointment-settings"),
    *router.urls,
]
