-- Spend and holds of a window (RedisBudgetLedger.status). KEYS[1]: the window's hash.
-- Returns {seeded (0/1), spent, reserved}.
local v = redis.call('HMGET', KEYS[1], 'seeded', 'spent', 'reserved')
return {v[1] and 1 or 0, tonumber(v[2] or '0'), tonumber(v[3] or '0')}
