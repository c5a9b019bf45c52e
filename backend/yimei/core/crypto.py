"""Encryption of personal data at rest (AES-256-GCM) and keyed-hash blind indexes for exact search.

The key comes from settings.DATA_KEY (environment or a 0600 file), never from the database. Two subkeys
are derived from it so that the blind index cannot be used to decrypt and vice versa.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = b"\x01"


@lru_cache(maxsize=4)
def _subkey(purpose: str, master: str) -> bytes:
    return hmac.new(master.encode(), purpose.encode(), hashlib.sha256).digest()


def _enc_key() -> bytes:
    return _subkey("yimei-encryption-v1", settings.DATA_KEY)


def _index_key() -> bytes:
    return _subkey("yimei-blind-index-v1", settings.DATA_KEY)


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_enc_key()).encrypt(nonce, plaintext.encode(), _VERSION)
    return base64.b64encode(_VERSION + nonce + sealed).decode()


def decrypt(token: str) -> str:
    raw = base64.b64decode(token)
    version, nonce, sealed = raw[:1], raw[1:13], raw[13:]
    return AESGCM(_enc_key()).decrypt(nonce, sealed, version).decode()


def blind_index(value: str, *, purpose: str = "phone") -> str:
    return hmac.new(_index_key(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
