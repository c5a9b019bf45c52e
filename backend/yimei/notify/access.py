"""Permission codes and the data-scope module of the message centre (消息中心)."""

from yimei.core.access import button, menu, page, register_module, register_permissions

register_module("notify", "消息通知", "Messages")

register_permissions(
    menu(
        "notify", "消息中心", "Messages",
        page(
            "notify.message.view", "消息记录", "Message log",
            button("notify.message.retry", "重试/取消消息", "Retry or cancel messages"),
        ),
        page("notify.template.change", "消息模板", "Message templates"),
        page("notify.settings.change", "渠道设置", "Channel settings"),
    ),
)
