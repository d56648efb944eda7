-- Spend settled elsewhere and reported afterwards (RedisBudgetLedger.addSpent).
-- KEYS[1]: the window's hash; ARGV[1]: amount. An unseeded window is left alone: the seed reads the ledger,
-- which holds this spend too. Returns {1} counted, {0} left to the seed.
if redis.call('HEXISTS', KEYS[1], 'seeded') == 0 then
  return {0}
end
redis.call('HINCRBY', KEYS[1], 'spent', ARGV[1])
return {1}
