"""The console channel (the embedded default): nothing leaves the building. The message counts as sent the
moment the dispatcher reaches it, and the message centre shows its text exactly as the customer would read it."""

from __future__ import annotations

from typing import Any

from yimei.notify.channels.base import Channel, Outcome, SendResult


class ConsoleChannel(Channel):
    name = "console"
    can_lookup = False

    def send(self, message: Any, config: Any) -> SendResult:
        return SendResult(Outcome.SENT, provider_code="console", provider_message="已显示在消息中心（未实际发出）",
                          provider_message_id=f"console-{message.pk}", raw={"text": message.text})
