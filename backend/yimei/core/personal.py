"""Personal data: phone numbers and ID numbers — normalising, masking, encrypted storage.

``EncryptedTextField`` stores AES-GCM ciphertext and gives plaintext in Python. Models that hold a phone
number also keep a blind index (exact search) and the last four digits (suffix search); the
``PersonalDataModel`` mixin fills those on save.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from yimei.core import crypto

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(raw: str) -> str:
    """Strip spaces, dashes and the +86/0086/86 prefix; return the 11-digit number or raise ValueError."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == 11 + len(prefix):
            digits = digits[len(prefix):]
            break
    if not _MOBILE.match(digits):
        raise ValueError("请输入正确的 11 位手机号码。")
    return digits


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


MASKERS = {"phone": mask_phone, "id_number": mask_id_number}


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. ``mask`` names how the value is masked in logs and responses."""

    def __init__(self, *args: Any, mask: str = "phone", **kwargs: Any):
        self.mask = mask
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["mask"] = self.mask
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return ""
        return crypto.encrypt(value)

    def masked(self, value: str | None) -> str:
        return MASKERS[self.mask](value)


class PersonalDataModel(models.Model):
    """Keeps ``<field>_hash`` and ``<field>_last4`` in step with each encrypted phone field on save."""

    indexed_personal_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        for name in self.indexed_personal_fields:
            if update_fields is not None and name not in update_fields:
                continue  # not written by this save: its hash and last four stay as they are
            value = getattr(self, name) or ""
            setattr(self, f"{name}_hash", crypto.blind_index(value) if value else "")
            setattr(self, f"{name}_last4", value[-4:] if value else "")
            if update_fields is not None and name in update_fields:
                kwargs["update_fields"] = {*update_fields, f"{name}_hash", f"{name}_last4"}
        super().save(*args, **kwargs)
