"""The channels a message can leave by: SMS (Aliyun or Tencent), WeChat template message, console."""

from __future__ import annotations

from typing import Any

from yimei.notify.channels.aliyun import AliyunSms
from yimei.notify.channels.base import Channel, Outcome, SendResult
from yimei.notify.channels.console import ConsoleChannel
from yimei.notify.channels.tencent import TencentSms
from yimei.notify.channels.wechat import WechatTemplate
from yimei.notify.choices import Channel as ChannelName
from yimei.notify.choices import SmsProvider

__all__ = ["Channel", "Outcome", "SendResult", "channel_for"]

_SMS = {SmsProvider.ALIYUN: AliyunSms(), SmsProvider.TENCENT: TencentSms()}
_WECHAT = WechatTemplate()
_CONSOLE = ConsoleChannel()


def channel_for(message: Any, config: Any) -> Channel | None:
    """The client that sends ``message`` with today's settings (None: its channel is no longer configured)."""
    if message.channel == ChannelName.CONSOLE:
        return _CONSOLE
    if message.channel == ChannelName.WECHAT:
        return _WECHAT if config.wechat_configured else None
    if message.channel == ChannelName.SMS:
        return _SMS.get(config.sms_provider) if config.sms_configured else None
    return None
