from yimei.core.cache import PooledRedisCacheClient


def test_redis_client_is_built_once_per_pool():
    # given a client for one server (constructing it does not connect)
    client = PooledRedisCacheClient(["redis://127.0.0.1:6390/0"])
    # then every call reuses the same redis.Redis object and pool
    first = client.get_client("a")
    assert client.get_client("b") is first
    assert client.get_client("c", write=True) is first
    assert first.connection_pool is client._get_connection_pool(False)
