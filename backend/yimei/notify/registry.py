"""The kinds of message the system sends. Each app registers its kinds (with default texts) from its
``messages.py``, imported by its AppConfig.ready; the clinic may override a kind's text per channel in the
templates page (``MessageTemplate``), and the registered default applies where it has not.

    registry.register_kind(
        "appointment.reminder", name="预约提醒", name_en="Appointment reminder", purpose="transactional",
        variables={"customer_name": "客户姓名", "start": "预约时间"},
        sms_text="{customer_name}您好，您预约了{start}……",
        wechat_fields={"thing1": "customer_name", "time2": "start"},
    )
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from yimei.notify.choices import Purpose


@dataclass(frozen=True)
class MessageKind:
    code: str
    name: str
    name_en: str
    purpose: str
    # variable name → its label (shown in the templates page next to the text)
    variables: dict[str, str] = field(default_factory=dict)
    sms_text: str = ""
    # WeChat template field key (thing1, time2 …) → variable name or a text with {variables}
    wechat_fields: dict[str, str] = field(default_factory=dict)

    @property
    def is_marketing(self) -> bool:
        return self.purpose == Purpose.MARKETING


_kinds: dict[str, MessageKind] = {}


def placeholders(text: str) -> list[str]:
    """The variable names a text uses, in order of first appearance (Tencent's TemplateParamSet is ordered)."""
    names: list[str] = []
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None and name not in names:
            names.append(name)
    return names


def check_text(text: str, variables: dict[str, str]) -> list[str]:
    """Problems with a template text: bad braces or unknown variables (empty list when fine)."""
    try:
        used = placeholders(text)
    except ValueError:
        return ["模板中的花括号不成对，变量请写作 {变量名}。"]
    problems = []
    for name in used:
        if not name or not name.isidentifier():
            problems.append("变量请写作 {变量名}，花括号内只能是变量名。")
        elif name not in variables:
            problems.append(f"未知变量 {{{name}}}；可用变量：{'、'.join(variables) or '无'}。")
    return problems


def register_kind(code: str, *, name: str, name_en: str, purpose: str = Purpose.TRANSACTIONAL,
                  variables: dict[str, str] | None = None, sms_text: str = "",
                  wechat_fields: dict[str, str] | None = None) -> MessageKind:
    """Declare a message kind. Registering the same code again with the same definition is a no-op."""
    if purpose not in Purpose.values:
        raise ValueError(f"message kind {code}: purpose must be one of {Purpose.values}, not {purpose!r}")
    variables = dict(variables or {})
    wechat_fields = dict(wechat_fields or {})
    problems = check_text(sms_text, variables)
    for key, value in wechat_fields.items():
        if value not in variables:
            problems += [f"wechat field {key}: {p}" for p in check_text(value, variables)]
    if problems:
        raise ValueError(f"message kind {code}: {'; '.join(problems)}")
    kind = MessageKind(code, name, name_en, str(purpose), variables, sms_text, wechat_fields)
    existing = _kinds.get(code)
    if existing is not None and existing != kind:
        raise ValueError(f"message kind registered twice with different definitions: {code}")
    _kinds[code] = kind
    return kind


def unregister_kind(code: str) -> None:
    """For tests that register a kind of their own."""
    _kinds.pop(code, None)


def get_kind(code: str) -> MessageKind:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"unknown message kind {code!r}; register it with registry.register_kind") from None


def kinds() -> list[MessageKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)
