"""Authentication backend that loads the session's user, their Access and /me in one cache read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from yimei.accounts.authz import ENTRY_TTL, VERSION_KEY, current_version, entry_key
from yimei.accounts.sessions import PREFETCH
from yimei.core import context

_PREFETCHED = ("access", "me")
UID_COOKIE = "yimei_uid"
UID_SALT = "yimei.accounts.uid"


def user_cache_keys(user_id: Any) -> list[str]:
    return [VERSION_KEY, entry_key("user", user_id), *(entry_key(kind, user_id) for kind in _PREFETCHED)]


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        prefetched_for, found = context.current().extra.get(PREFETCH, (None, None))
        if found is None or str(prefetched_for) != str(user_id):
            found = cache.get_many(user_cache_keys(user_id))
        version = found.get(VERSION_KEY) or current_version()
        entry = found.get(entry_key("user", user_id))
        if entry is not None and entry[0] == version:
            user = entry[1]
        else:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(entry_key("user", user_id), (version, user), timeout=ENTRY_TTL)
        if not self.user_can_authenticate(user):
            return None
        user._yimei_version = version
        for kind in _PREFETCHED:
            if (cached := found.get(entry_key(kind, user_id))) is not None:
                setattr(user, f"_yimei_prefetched_{kind}", cached)
        return user


def forget_user(user_id: Any) -> None:
    """Drop the cached row of a user that changed (now, and again once the transaction commits)."""
    keys = [entry_key(kind, user_id) for kind in ("user", *_PREFETCHED)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
