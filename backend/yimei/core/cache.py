"""Django's Redis cache with one reusable client per connection pool, minus memcached key checks.

Django builds a new ``redis.Redis`` object for every cache call, and constructing one costs tens of
microseconds in current redis-py; a session read, a permission check and ``/me`` pay it several times per
request. The client is thread-safe and only wraps the pool, so one per pool is enough.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class YimeiRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient

    def validate_key(self, key: str) -> None:
        """Redis takes any key; Django's memcached-compatibility scan of every character is pure cost."""
