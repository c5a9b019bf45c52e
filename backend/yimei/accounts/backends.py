"""Authentication backend that serves the session's user from the stamped per-user cache (see authz)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.backends import ModelBackend

from yimei.accounts.authz import bump_user_version, cached_entry, current_stamp, stamp_keys
from yimei.accounts.sessions import PREFETCH
from yimei.core import context

UID_COOKIE = "yimei_uid"
UID_SALT = "yimei.accounts.uid"


def user_cache_keys(user_id: Any) -> list[str]:
    """The cache keys the session engine reads together with the session of ``user_id``."""
    return stamp_keys(user_id)


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        prefetched_for, found = context.current().extra.get(PREFETCH, (None, None))
        if str(prefetched_for) != str(user_id):
            found = None
        stamp = current_stamp(user_id, found)
        cached = cached_entry("user", user_id, stamp, lambda: super(CachedModelBackend, self).get_user(user_id))
        if cached is None or not self.user_can_authenticate(cached):
            return None
        # A copy per request: the cached instance is shared by every request of this process.
        user = copy.copy(cached)
        user._yimei_stamp = stamp
        return user


def forget_user(user_id: Any) -> None:
    """A user's row changed: their cached row, access and /me are stale everywhere."""
    bump_user_version(user_id)
