-- Total inside the window ending now (RedisRateCounters.usage).
-- KEYS[1]: the counter; ARGV: now ms, window ms, bucket ms.
local now, window, b = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local head = math.floor(now / b)
local slots = math.ceil(window / b)
local flat = redis.call('HGETALL', KEYS[1])
local total = 0
for j = 1, #flat, 2 do
  if tonumber(flat[j]) > head - slots then
    total = total + tonumber(flat[j + 1])
  end
end
return {total}
