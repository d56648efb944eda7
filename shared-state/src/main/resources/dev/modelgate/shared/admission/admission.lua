-- Everything one request holds, taken in one step, all or nothing (RedisAdmission); follows windows.lua,
-- slots.lua and holds.lua. Checked in the order the evaluator applies them: rate windows, then concurrency
-- slots, then budgets; the first that refuses decides, and then nothing is recorded or held.
-- ARGV[1..4]: now ms, number of rate checks r, of slots s, of budgets b; then per rate check 4 values (limit,
-- amount, window ms, bucket ms), per slot 3 (lease ms, max, permit id), per budget 6 (limit, amount,
-- reservation id, lease ms, key expiry, 1 when soft).
-- KEYS: the r counters, the s slot sets, then per budget its hash and its lease set.
-- Returns {1, soft budgets that could not cover the request, as a bit mask}; {0, 1, check (0-based), wait ms
-- or -1}: a rate limit; {0, 2, slot}: a concurrency cap; {0, 3, budget, remaining}: a hard budget;
-- {-1, budget}: that budget's window was never seeded from the ledger (seed it, then ask again).
local now = tonumber(ARGV[1])
local r, s, b = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local slotAt, budgetAt = 5 + 4 * r, 5 + 4 * r + 3 * s
local slotKey, budgetKey = 1 + r, 1 + r + s

local counters, incoming = windows_load(1, r, 5, now)
local worst, wait = windows_worst(1, r, 5, now, counters, incoming)
if worst then
  return {0, 1, worst - 1, wait}
end
for i = 1, s do
  local at = slotAt + 3 * (i - 1)
  if not slots_free(KEYS[slotKey + i - 1], now, tonumber(ARGV[at + 1])) then
    return {0, 2, i - 1}
  end
end
local soft, fits = 0, {}
for i = 1, b do
  local at = budgetAt + 6 * (i - 1)
  local hash, leases = KEYS[budgetKey + 2 * (i - 1)], KEYS[budgetKey + 2 * (i - 1) + 1]
  local remaining = holds_remaining(hash, leases, now, tonumber(ARGV[at]))
  if remaining == nil then
    return {-1, i - 1}
  end
  fits[i] = tonumber(ARGV[at + 1]) <= remaining
  if not fits[i] then
    if ARGV[at + 5] ~= '1' then
      return {0, 3, i - 1, math.max(0, remaining)}
    end
    soft = soft + 2 ^ (i - 1)
  end
end

windows_record(1, r, 5, counters)
for i = 1, s do
  local at = slotAt + 3 * (i - 1)
  slots_take(KEYS[slotKey + i - 1], now, tonumber(ARGV[at]), ARGV[at + 2])
end
for i = 1, b do
  if fits[i] then
    local at = budgetAt + 6 * (i - 1)
    holds_take(KEYS[budgetKey + 2 * (i - 1)], KEYS[budgetKey + 2 * (i - 1) + 1], now, tonumber(ARGV[at + 1]),
      ARGV[at + 2], tonumber(ARGV[at + 3]), ARGV[at + 4])
  end
end
return {1, soft}
