"""The 预约 tab of the customer 360° view and the appointment event types of the timeline."""

from yimei.customers.tabs import Tab, register_tab, related_count
from yimei.customers.timeline import register_event_type

VIEW = "appointments.appointment.view"

register_tab(Tab("appointments", "预约", "Appointments", VIEW, 15, related_count("appointments.Appointment")))

for code, name, name_en in [
    ("appointment.created", "预约", "Appointment booked"),
    ("appointment.moved", "预约改期", "Appointment moved"),
    ("appointment.cancelled", "取消预约", "Appointment cancelled"),
    ("appointment.no_show", "爽约", "No-show"),
    ("appointment.arrived", "预约到院", "Arrived for appointment"),
    ("appointment.arrival_cancelled", "取消预约到院", "Appointment arrival cancelled"),
]:
    register_event_type(code, name, name_en, permission=VIEW)
