package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an alias does with a request feature that a deployment of another wire format cannot carry (a server tool,
 * a document type, a Files API image of an Anthropic Messages request, sent to an OpenAI-format deployment).
 */
public enum Uncarried {
    /** Pass such deployments over; with none left, answer 400 naming the feature. The default. */
    @JsonProperty("refuse") REFUSE,
    /** Send those deployments the request without the feature, and name what was dropped in a response header. */
    @JsonProperty("drop") DROP
}
