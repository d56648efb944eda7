package dev.modelgate.policy.routing;

import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.model.ProviderType;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which request parameters a deployment honours, for OpenRouter's {@code provider.require_parameters}:
 * with it, a request goes only to deployments that support every tuning parameter it sets. Without it,
 * an adapter drops what its provider has no meaning for (Anthropic has no {@code logprobs}, no
 * {@code seed}) so that a client written for OpenAI keeps working.
 *
 * <p>Only the parameters in {@link #TUNING} are checked: the ones some provider family lacks. Structural
 * fields every deployment takes (model, messages, stream, metadata, ...) are never a reason to skip one.
 * A deployment's {@code supported_parameters} in the policy replaces its family's default set.
 */
public final class ParameterSupport {

    private static final Set<String> OPENAI_CHAT = Set.of(
            "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "frequency_penalty",
            "presence_penalty", "seed", "logit_bias", "logprobs", "top_logprobs", "response_format", "tools",
            "tool_choice", "parallel_tool_calls", "functions", "function_call", "n", "reasoning_effort",
            "service_tier", "store", "modalities", "audio", "prediction", "web_search_options", "verbosity");

    /** What the open servers (vLLM, Ollama, LM Studio) take: OpenAI's sampling set and their own extras. */
    private static final Set<String> OPENAI_COMPATIBLE = Set.of(
            "temperature", "top_p", "top_k", "min_p", "repetition_penalty", "max_tokens", "max_completion_tokens",
            "stop", "frequency_penalty", "presence_penalty", "seed", "logit_bias", "logprobs", "top_logprobs",
            "response_format", "tools", "tool_choice", "parallel_tool_calls", "n");

    /** What the relay's Anthropic adapter carries over (see AnthropicRequests): the rest it drops. */
    private static final Set<String> ANTHROPIC = Set.of(
            "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "response_format", "tools",
            "tool_choice", "parallel_tool_calls");

    /** What the relay's Gemini adapter carries over into generationConfig and tools. */
    private static final Set<String> GEMINI = Set.of(
            "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "frequency_penalty",
            "presence_penalty", "seed", "n", "response_format", "tools", "tool_choice");

    /** Every parameter that some family lacks: the ones {@code require_parameters} looks at. */
    public static final Set<String> TUNING = union(OPENAI_CHAT, OPENAI_COMPATIBLE, Set.of("top_a"));

    private ParameterSupport() {
    }

    /** The parameters a deployment honours: its own list when the policy gives one, else its family's. */
    public static Set<String> supported(Candidate candidate, ProviderType type) {
        if (candidate.supportedParameters() != null) {
            return candidate.supportedParameters();
        }
        return switch (type) {
            case OPENAI, AZURE_OPENAI -> OPENAI_CHAT;
            case OPENAI_COMPATIBLE -> OPENAI_COMPATIBLE;
            case ANTHROPIC -> ANTHROPIC;
            case GEMINI -> GEMINI;
            case SIMULATED -> TUNING;
        };
    }

    /** The request's tuning parameters the deployment does not honour, sorted; empty when it takes them all. */
    public static Set<String> unsupported(Collection<String> requestParameters, Candidate candidate, ProviderType type) {
        Set<String> supported = supported(candidate, type);
        Set<String> missing = new TreeSet<>();
        for (String p : requestParameters) {
            if (TUNING.contains(p) && !supported.contains(p)) {
                missing.add(p);
            }
        }
        return missing;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
