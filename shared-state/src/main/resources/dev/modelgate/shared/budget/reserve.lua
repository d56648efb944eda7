-- Check-and-reserve one budget in one window (RedisBudgetLedger.reserve), atomically; follows holds.lua.
-- KEYS[1]: the window's hash. KEYS[2]: its lease set.
-- ARGV: now ms, limit, amount, reservation id, lease ms, key expiry (epoch ms).
-- Returns {1} reserved; {0, remaining} refused; {-1} the window was never seeded from the ledger (an empty Redis).
local now, limit, amount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local remaining = holds_remaining(KEYS[1], KEYS[2], now, limit)
if remaining == nil then
  return {-1}
end
if amount > remaining then
  return {0, math.max(0, remaining)}
end
holds_take(KEYS[1], KEYS[2], now, amount, ARGV[4], tonumber(ARGV[5]), ARGV[6])
return {1}
