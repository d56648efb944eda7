-- Sliding-window rate counters: the functions admit.lua (RedisRateCounters) and admission.lua (RedisAdmission)
-- share, so a gateway node and a relay count one limit with one algorithm. A counter is a hash of bucket
-- index -> amount. Checks are read from ARGV in fours from `at`: limit, amount, window ms, bucket ms.

-- Reads the counters of n checks whose keys start at KEYS[first], dropping buckets that slid out.
local function windows_load(first, n, at, now)
  local counters, incoming = {}, {}
  for i = 1, n do
    local base = at + 4 * (i - 1)
    local key = KEYS[first + i - 1]
    incoming[key] = (incoming[key] or 0) + tonumber(ARGV[base + 1])
    if not counters[key] then
      local b = tonumber(ARGV[base + 3])
      local head = math.floor(now / b)
      local slots = math.ceil(tonumber(ARGV[base + 2]) / b)
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
  return counters, incoming
end

-- The check that fails worst (1-based, the longest wait, a check that can never fit worst of all) and its
-- wait in ms (-1: never), or nil when every check fits.
local function windows_worst(first, n, at, now, counters, incoming)
  local worst, worstRank, worstWait = -1, -2, -1
  for i = 1, n do
    local base = at + 4 * (i - 1)
    local key = KEYS[first + i - 1]
    local c = counters[key]
    local limit = tonumber(ARGV[base])
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
    return worst, worstWait
  end
  return nil
end

-- Records every check's amount in its head bucket.
local function windows_record(first, n, at, counters)
  for i = 1, n do
    local base = at + 4 * (i - 1)
    local key = KEYS[first + i - 1]
    redis.call('HINCRBY', key, counters[key].head, tonumber(ARGV[base + 1]))
    redis.call('PEXPIRE', key, tonumber(ARGV[base + 2]) + counters[key].b)
  end
end
