package dev.modelgate.policy.routing;

import dev.modelgate.policy.model.Capability;
import dev.modelgate.policy.model.DataPolicy;
import dev.modelgate.policy.request.ProviderPreferences;

import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * What routing needs to know about one request.
 *
 * @param alias            the alias to serve (after rules)
 * @param chat             chat or completions endpoint: deployments that only embed, draw or speak are skipped
 * @param extraAliases     OpenRouter-style {@code models} fallbacks from the request, tried after the alias
 * @param required         capabilities every kept deployment must have
 * @param inputTokens      estimated prompt tokens
 * @param outputTokens     tokens the answer may take (the request's max, or a default), for cost and context checks
 * @param dataPolicy       the team's data policy
 * @param preferences      the request's {@code provider} object
 * @param modelAllowed     guardrail model allow/deny lists, given (alias, upstream model)
 * @param aliasAllowed     whether the team may use an alias (for fallbacks)
 * @param parameters       the request's top-level parameters, for {@code provider.require_parameters}
 */
public record RouteQuery(String alias, boolean chat, List<String> extraAliases, Set<Capability> required, long inputTokens,
                         long outputTokens, DataPolicy dataPolicy, ProviderPreferences preferences,
                         BiPredicate<String, String> modelAllowed, Predicate<String> aliasAllowed,
                         Set<String> parameters) {
}
