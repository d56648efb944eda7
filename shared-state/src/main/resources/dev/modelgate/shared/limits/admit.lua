-- Check-and-record every limit of one request, atomically (RedisRateCounters.tryAdmit); follows windows.lua.
-- KEYS[i]: one counter. ARGV[1]: now (ms); then for check i: limit, amount, window ms, bucket ms.
-- Returns {1} when admitted and recorded; {0, failed check (0-based), wait ms or -1 when it can never fit}.
local now = tonumber(ARGV[1])
local counters, incoming = windows_load(1, #KEYS, 2, now)
local worst, wait = windows_worst(1, #KEYS, 2, now, counters, incoming)
if worst then
  return {0, worst - 1, wait}
end
windows_record(1, #KEYS, 2, counters)
return {1}
