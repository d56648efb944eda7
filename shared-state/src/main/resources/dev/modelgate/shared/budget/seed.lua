-- Rebuild a window's spend from the ledger (RedisBudgetLedger), only if nobody did yet: a Redis that restarted
-- empty, failed over to a replica that missed writes, or evicted the key. Seeding never overwrites a live
-- window, which holds settlements other relays have not written to the ledger yet.
-- KEYS[1]: the window's hash. ARGV: spent per the ledger, key expiry (epoch ms). Returns {1} seeded, {0} already.
if redis.call('HSETNX', KEYS[1], 'seeded', '1') == 0 then
  return {0}
end
redis.call('HSET', KEYS[1], 'spent', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return {1}
