"""Session engine: Django's cache-backed database sessions that can read a few more cache keys in the
same round trip as the session itself.

The signed ``yimei_uid`` cookie, set at login, tells which user the session probably belongs to, so the
user's cached row, access and ``/me`` are fetched together with the session. The session stays the only
source of truth: the backend uses the prefetched entries only when the session names that same user.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBSessionStore

from yimei.core import context

PREFETCH = "cache_prefetch"


class SessionStore(CachedDBSessionStore):
    prefetch: tuple[str, list[str]] | None = None  # (user id, cache keys), set per request

    def load(self) -> dict[str, Any]:
        if self.prefetch is None:
            return super().load()
        user_id, keys = self.prefetch
        try:
            found = self._cache.get_many([self.cache_key, *keys])
        except Exception:  # same policy as Django's: an unreadable entry is a missing one
            return super().load()
        context.current().extra[PREFETCH] = (user_id, found)
        data = found.get(self.cache_key)
        return data if data is not None else super().load()
