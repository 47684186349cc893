"""The Redis cache backend that keeps one client per connection pool (integration run only)."""

import pytest
from django.conf import settings
from django.core.cache import cache

from registry.cache import RedisCache, SharedClientRedisCacheClient
from tests.conftest import skip_or_fail


@pytest.fixture
def redis_configured():
    if not settings.CACHE_URL:
        skip_or_fail("CACHE_URL is not set: the Redis cache tests need Redis.")


@pytest.fixture
def redis_cache(redis_configured):
    return RedisCache(settings.CACHE_URL, {"KEY_PREFIX": "test-cache-backend"})


def test_the_site_uses_it_when_redis_is_configured(redis_configured):
    assert isinstance(cache._cache, SharedClientRedisCacheClient)


def test_one_client_serves_every_operation(redis_cache):
    client = redis_cache._cache

    assert client.get_client("a") is client.get_client("b", write=True)


def test_it_stores_reads_counts_and_deletes_like_djangos(redis_cache):
    redis_cache.set("greeting", {"ko": "안녕하세요"}, 30)
    redis_cache.set("number", 1, 30)

    assert redis_cache.get("greeting") == {"ko": "안녕하세요"}
    assert redis_cache.incr("number") == 2
    assert redis_cache.get_many(["greeting", "number", "missing"]) == {
        "greeting": {"ko": "안녕하세요"},
        "number": 2,
    }
    redis_cache.delete_many(["greeting", "number"])
    assert redis_cache.get("greeting", "gone") == "gone"
