"""Permission codes and the data-scope module of appointments (预约中心)."""

from yimei.core.access import button, menu, page, register_module, register_permissions

register_module("appointments", "预约中心", "Appointments")

register_permissions(
    menu(
        "appointments", "预约中心", "Appointments",
        page(
            "appointments.appointment.view", "预约", "Appointments",
            button("appointments.appointment.add", "新建预约", "New appointment"),
            button("appointments.appointment.change", "修改、改期与确认预约", "Edit, move and confirm"),
            button("appointments.appointment.cancel", "取消预约", "Cancel appointment"),
            button("appointments.appointment.checkin", "预约到院登记", "Check in"),
        ),
        page(
            "appointments.schedule.view", "排班", "Schedules",
            button("appointments.schedule.change", "排班与排班模板", "Edit schedules"),
        ),
        page("appointments.resource.change", "房间与设备", "Rooms and devices"),
        page("appointments.settings.change", "预约设置", "Appointment settings"),
    ),
)
