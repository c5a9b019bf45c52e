from django.db import models


class Channel(models.TextChoices):
    SMS = "sms", "短信"
    WECHAT = "wechat", "微信模板消息"
    # The embedded default: nothing leaves the building; the message centre shows what would have been sent.
    CONSOLE = "console", "控制台（演示）"


class Purpose(models.TextChoices):
    TRANSACTIONAL = "transactional", "业务通知"
    # Marketing needs the customer's consent and is sent only inside the allowed hours.
    MARKETING = "marketing", "营销"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    CANCELLED = "cancelled", "已取消"
    SKIPPED = "skipped", "未发送"
    # A worker died while sending and the channel cannot tell whether the message went out (WeChat):
    # a person decides (retry or leave it).
    UNKNOWN = "unknown", "状态不明"


# Rows the dispatcher picks up when next_attempt_at has come (a failed row without next_attempt_at waits for a
# person to press "重试").
DUE_STATUSES = (MessageStatus.PENDING, MessageStatus.FAILED)
# Rows a person may retry by hand.
RETRYABLE_STATUSES = (MessageStatus.FAILED, MessageStatus.UNKNOWN)
# Rows that can still be cancelled (not yet handed to a provider).
CANCELLABLE_STATUSES = (MessageStatus.PENDING, MessageStatus.FAILED, MessageStatus.UNKNOWN)


class AttemptOutcome(models.TextChoices):
    SENT = "sent", "已发送"
    RETRY = "retry", "失败，将重试"
    FAILED = "failed", "失败"
    # The provider was asked before a resend (after a timeout or a dead worker) and already had the message.
    RECOVERED = "recovered", "核实：服务商已收到"
    # The answer never came back (timeout after the request went out).
    AMBIGUOUS = "ambiguous", "结果不明"
    # The worker holding the message stopped reporting (died) and its lease ran out; recovery took it back.
    INTERRUPTED = "interrupted", "发送进程中断"
    # A worker reported after its lease had been taken over: its result is kept here, the message is not touched.
    STALE = "stale", "租约已过期，结果未采用"


class SmsProvider(models.TextChoices):
    NONE = "none", "未配置"
    ALIYUN = "aliyun", "阿里云短信"
    TENCENT = "tencent", "腾讯云短信"
