-- Replace a token estimate with the real count (RedisRateCounters.adjust).
-- KEYS[i]: the TOKENS counters of one admission.
-- ARGV[1]: now (ms), ARGV[2]: when the admission was recorded; then for counter i: delta, window ms, bucket ms.
-- A refund for a bucket that slid out is dropped; extra usage then lands in the newest bucket. Never negative.
local now, recorded = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 1, #KEYS do
  local base = 2 + 3 * (i - 1)
  local delta, window, b = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  if delta ~= 0 then
    local head = math.floor(now / b)
    local slots = math.ceil(window / b)
    local idx = math.min(math.floor(recorded / b), head)
    local apply = true
    if idx <= head - slots then
      if delta <= 0 then apply = false else idx = head end
    end
    if apply then
      local current = tonumber(redis.call('HGET', KEYS[i], idx) or '0')
      redis.call('HSET', KEYS[i], idx, math.max(0, current + delta))
      redis.call('PEXPIRE', KEYS[i], window + b)
    end
  end
end
return {1}
