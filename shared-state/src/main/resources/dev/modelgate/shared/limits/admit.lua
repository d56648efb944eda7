-- Check-and-record every limit of one request, atomically (RedisRateCounters.tryAdmit).
-- KEYS[i]: one counter, a hash of bucket index -> amount.
-- ARGV[1]: now (ms); then for check i: limit, amount, window ms, bucket ms.
-- Returns {1} when admitted and recorded; {0, failed check (0-based), wait ms or -1 when it can never fit}.
local now = tonumber(ARGV[1])
local n = #KEYS
local counters, incoming = {}, {}
for i = 1, n do
  local base = 1 + 4 * (i - 1)
  local key = KEYS[i]
  incoming[key] = (incoming[key] or 0) + tonumber(ARGV[base + 2])
  if not counters[key] then
    local b = tonumber(ARGV[base + 4])
    local head = math.floor(now / b)
    local slots = math.ceil(tonumber(ARGV[base + 3]) / b)
    local flat = redis.call('HGETALL', key)
    local buckets, total, stale = {}, 0, {}
    for j = 1, #flat, 2 do
      local idx, amount = tonumber(flat[j]), tonumber(flat[j + 1])
      if idx <= head - slots then
        stale[#stale + 1] = flat[j]
      else
        buckets[#buckets + 1] = {idx, amount}
        total = total + amount
      end
    end
    if #stale > 0 then
      redis.call('HDEL', key, unpack(stale))
    end
    table.sort(buckets, function(x, y) return x[1] < y[1] end)
    counters[key] = {total = total, buckets = buckets, head = head, slots = slots, b = b}
  end
end

local worst, worstRank, worstWait = -1, -2, -1
for i = 1, n do
  local base = 1 + 4 * (i - 1)
  local key = KEYS[i]
  local c = counters[key]
  local limit = tonumber(ARGV[base + 1])
  local excess = c.total + incoming[key] - limit
  if excess > 0 then
    local wait = -1
    if incoming[key] <= limit then
      local freed = 0
      for _, bucket in ipairs(c.buckets) do
        freed = freed + bucket[2]
        if freed >= excess then
          -- a bucket stops being counted once the head reaches its index + slots
          wait = math.max(0, (bucket[1] + c.slots) * c.b - now)
          break
        end
      end
    end
    local rank = wait
    if wait < 0 then rank = math.huge end
    if rank > worstRank then
      worst, worstRank, worstWait = i, rank, wait
    end
  end
end
if worst > 0 then
  return {0, worst - 1, worstWait}
end

for i = 1, n do
  local base = 1 + 4 * (i - 1)
  local c = counters[KEYS[i]]
  redis.call('HINCRBY', KEYS[i], c.head, tonumber(ARGV[base + 2]))
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[base + 3]) + c.b)
end
return {1}
