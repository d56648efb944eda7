-- Slots held now (RedisConcurrencyLimiter.inFlight). KEYS[1]: the lease set; ARGV[1]: now ms.
return {redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[1], '+inf')}
