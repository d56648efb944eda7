-- Take a concurrency slot with a lease (RedisConcurrencyLimiter.tryEnter); follows slots.lua.
-- KEYS[1]: the slot set. ARGV: now ms, lease ms, max, permit id.
-- Returns {1} when the slot is taken, {0} when the cap is reached.
local now, lease, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if not slots_free(KEYS[1], now, max) then
  return {0}
end
slots_take(KEYS[1], now, lease, ARGV[4])
return {1}
