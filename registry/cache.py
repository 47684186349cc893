"""Django's Redis cache, keeping one Redis client per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation, and
each one fills its table of response callbacks: about 0.1 ms per operation on these machines,
which a search request (throttles, search version, counts, result page) pays ten times. A Redis
client is safe to share between threads and holds no connection of its own (the pool does), so
one per pool is enough. It adds `set_each` (several keys, each with its own timeout, in one
round trip); everything else is Django's backend unchanged.

And ReadAhead: a cache whose keys a request will read are read at once (and whose writes can be
made at once).
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def set_each(self, entries: dict) -> None:
        """Set each key of `entries` to its (value, timeout), in one round trip (a pipeline)."""
        client = self._cache.get_client(None, write=True)
        pipe = client.pipeline(transaction=False)
        for key, (value, timeout) in entries.items():
            key = self.make_and_validate_key(key)
            timeout = self.get_backend_timeout(timeout)
            if timeout == 0:
                pipe.delete(key)
            else:
                pipe.set(key, self._cache._serializer.dumps(value), ex=timeout)
        pipe.execute()


def set_each(cache, entries: dict) -> None:
    """Set each key of `entries` to its (value, timeout): at once where the cache can."""
    if hasattr(cache, "set_each"):
        cache.set_each(entries)
        return
    for key, (value, timeout) in entries.items():
        cache.set(key, value, timeout)


class ReadAhead:
    """A cache with these keys read up front in one round trip (`get_many`): a `get` of one of
    them answers from what was read, a `set` writes through (and is what a later `get` of it
    answers); anything else goes to the cache.

    After `hold()`, what is set is held until `flush()`, which makes those writes in one round
    trip and writes through again. Hold only around code that reads and writes through `get`,
    `set` and `delete` (other calls go to the cache, which has not seen the writes held), and
    that leaves alone what it set until the flush (a value is pickled when written).

    For a request that knows what it will read: the registry search reads its throttles'
    histories with its own entries (search version, result page), one round trip for all, and
    the throttles write their histories in one more."""

    def __init__(self, cache, keys):
        self.cache = cache
        self.asked = frozenset(keys)
        self.found = cache.get_many(list(self.asked))
        self.held: dict | None = None

    def covers(self, keys) -> bool:
        return self.asked.issuperset(keys)

    def get(self, key, default=None, version=None):
        if version is None and (key in self.asked or key in self.found):
            return self.found.get(key, default)
        return self.cache.get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if version is not None:
            self.cache.set(key, value, timeout, version)
            return
        if self.held is None:
            self.cache.set(key, value, timeout)
        else:
            self.held[key] = (value, timeout)
        self.found[key] = value

    def delete(self, key, version=None):
        if version is None:
            self.found.pop(key, None)
            if self.held is not None:
                self.held.pop(key, None)
        return self.cache.delete(key, version)

    def hold(self) -> None:
        """Hold what is set from here until `flush()`."""
        if self.held is None:
            self.held = {}

    def flush(self) -> None:
        """Make the writes held in one round trip, and write through from here."""
        held, self.held = self.held, None
        if held:
            set_each(self.cache, held)

    def __getattr__(self, name):
        return getattr(self.cache, name)
