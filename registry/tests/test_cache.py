"""The Redis cache backend that keeps one client per connection pool and sets several keys in one
round trip (integration run only), and ReadAhead (on whatever cache the run has)."""

import pytest
from django.conf import settings
from django.core.cache import cache

from registry import cache as registry_cache
from registry.cache import ReadAhead, RedisCache, SharedClientRedisCacheClient, set_each
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


def test_set_each_sets_every_key_with_its_own_timeout_in_one_round_trip(redis_cache, monkeypatch):
    redis_cache.set("stale", "old", 30)
    client = redis_cache._cache.get_client(write=True)
    executed = []
    pipeline = client.pipeline

    def counted_pipeline(*args, **kwargs):
        made = pipeline(*args, **kwargs)
        execute = made.execute

        def counted_execute(*a, **k):
            executed.append(len(made.command_stack))
            return execute(*a, **k)

        made.execute = counted_execute
        return made

    monkeypatch.setattr(client, "pipeline", counted_pipeline)
    set_each(
        redis_cache,
        {
            "short": ("짧게", 5),
            "long": ({"ko": "길게"}, 600),
            "forever": (1, None),
            "stale": ("x", 0),
        },
    )

    assert executed == [4]  # one round trip for the four
    assert redis_cache.get_many(["short", "long", "forever", "stale"]) == {
        "short": "짧게",
        "long": {"ko": "길게"},
        "forever": 1,
    }  # a timeout of 0 deletes, as Django's set does
    raw = redis_cache._cache.get_client()
    assert 0 < raw.ttl(redis_cache.make_key("short")) <= 5
    assert 500 < raw.ttl(redis_cache.make_key("long")) <= 600
    assert raw.ttl(redis_cache.make_key("forever")) == -1  # no expiry
    redis_cache.delete_many(["short", "long", "forever"])


# --- ReadAhead, on whatever cache the run has (the root conftest clears it around each test) ---


def test_read_ahead_answers_its_keys_from_one_read(monkeypatch):
    cache.set_many({"a": 1, "b": 2})
    read = ReadAhead(cache, ["a", "b", "c"])

    def no_more_reads(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(cache, "get", no_more_reads)
    monkeypatch.setattr(cache, "get_many", no_more_reads)
    assert (read.get("a"), read.get("b"), read.get("c", "none")) == (1, 2, "none")
    assert read.covers(["a", "c"]) and not read.covers(["a", "d"])


def test_read_ahead_writes_through_unless_held():
    read = ReadAhead(cache, ["a"])
    read.set("a", "바로", 60)

    assert cache.get("a") == "바로" and read.get("a") == "바로"


def test_read_ahead_holds_its_writes_until_flushed_then_writes_through(monkeypatch):
    read = ReadAhead(cache, ["a"])
    read.hold()
    read.set("a", "새 값", 60)
    read.set("elsewhere", [1, 2], 60)

    assert cache.get("a") is None and cache.get("elsewhere") is None  # not written yet
    assert read.get("a") == "새 값" and read.get("elsewhere") == [1, 2]  # but read back
    flushed = []
    real_set_each = registry_cache.set_each
    monkeypatch.setattr(
        registry_cache, "set_each", lambda *args: (flushed.append(1), real_set_each(*args))
    )
    read.flush()
    assert flushed == [1]
    assert cache.get_many(["a", "elsewhere"]) == {"a": "새 값", "elsewhere": [1, 2]}
    read.flush()  # nothing left to write
    assert flushed == [1]
    read.set("a", "then at once")
    assert cache.get("a") == "then at once"


def test_read_ahead_forgets_a_held_write_it_deletes():
    cache.set("a", "old")
    read = ReadAhead(cache, ["a"])
    read.hold()
    read.set("a", "new")
    read.delete("a")
    read.flush()

    assert read.get("a", "gone") == "gone"
    assert cache.get("a", "gone") == "gone"


def test_read_ahead_writes_a_versioned_key_at_once():
    read = ReadAhead(cache, ["a"])
    read.hold()
    read.set("a", "v2", 60, version=2)

    assert cache.get("a", version=2) == "v2"
    assert read.get("a") is None  # the read-ahead key is version 1's
