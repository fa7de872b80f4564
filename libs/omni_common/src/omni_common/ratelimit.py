"""Fixed-window counters in Redis, atomic by one Lua script: fair-use limits and failed sign-ins.

``hit`` adds to a counter that lives ``window`` seconds from its first hit and, when the counter
reaches ``limit``, sets a block key that lives ``block`` seconds. ``blocked`` answers how many
seconds a block has left (0: none). Both a synchronous client (the services) and an asyncio one
(the gateway) run the same script.
"""

from __future__ import annotations

# KEYS[1] counter, KEYS[2] block key; ARGV: window, limit, block seconds.
# Returns {count, seconds the block has left (0 if none)}.
HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
if count >= tonumber(ARGV[2]) and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], '1', 'EX', tonumber(ARGV[3]))
end
local ttl = redis.call('TTL', KEYS[2])
if ttl < 0 then ttl = 0 end
return {count, ttl}
"""

# Counters of ``window`` seconds, each counted once: KEYS the counters; ARGV: window.
# Returns {count, seconds left in the window} for each key, one after the other.
WINDOW_SCRIPT = """
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('TTL', key)
  if count == 1 or ttl < 0 then
    redis.call('EXPIRE', key, tonumber(ARGV[1]))
    ttl = tonumber(ARGV[1])
  end
  out[2 * i - 1] = count
  out[2 * i] = ttl
end
return out
"""


class Limiter:
    """Synchronous (redis.Redis)."""

    def __init__(self, client):
        self.redis = client
        self._hit = client.register_script(HIT_SCRIPT)
        self._window = client.register_script(WINDOW_SCRIPT)

    def hit(self, counter: str, block_key: str, *, window: int, limit: int, block: int) -> tuple[int, int]:
        count, ttl = self._hit(keys=[counter, block_key], args=[window, limit, block])
        return int(count), int(ttl)

    def blocked(self, *block_keys: str) -> int:
        """Seconds left of the longest of these blocks (0 when none is set)."""
        pipe = self.redis.pipeline()
        for key in block_keys:
            pipe.ttl(key)
        return max([0, *(int(t) for t in pipe.execute())])

    def count(self, counter: str, *, window: int) -> tuple[int, int]:
        count, ttl = self._window(keys=[counter], args=[window])
        return int(count), int(ttl)

    def clear(self, *keys: str) -> None:
        self.redis.delete(*keys)


class AsyncLimiter:
    """The same for redis.asyncio.Redis (the gateway)."""

    def __init__(self, client):
        self.redis = client
        self._window = client.register_script(WINDOW_SCRIPT)

    async def count(self, *counters: str, window: int) -> list[tuple[int, int]]:
        """(count, seconds left) of each counter, all counted in one round trip."""
        flat = await self._window(keys=list(counters), args=[window])
        return [(int(flat[i]), int(flat[i + 1])) for i in range(0, len(flat), 2)]
