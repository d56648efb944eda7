package dev.modelgate.relay.providers.azure;

import dev.modelgate.policy.model.Provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a call to an Azure OpenAI deployment goes:
 * {@code {base_url}/openai/deployments/{deployment}/chat/completions?api-version={api_version}}.
 *
 * @param baseUrl    the resource endpoint from the policy, e.g. {@code https://contoso.openai.azure.com}
 * @param deployment the deployment name, which the policy gives as the candidate's model
 * @param apiVersion the policy's {@code api_version}, or {@link #DEFAULT_API_VERSION}
 */
public record AzureTarget(String baseUrl, String deployment, String apiVersion) {

    /** The newest generally available data-plane version when this was written; a policy may name another. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    public AzureTarget {
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }

    public static AzureTarget of(Provider provider, String deployment) {
        return new AzureTarget(provider.baseUrl(), deployment, apiVersion(provider));
    }

    /** The policy's {@code api_version}, or {@link #DEFAULT_API_VERSION}. */
    public static String apiVersion(Provider provider) {
        return provider.apiVersion() == null || provider.apiVersion().isBlank() ? DEFAULT_API_VERSION : provider.apiVersion();
    }

    /** The deployment's base URL; the endpoint's path and {@code api-version} follow it. */
    public String deploymentUrl() {
        // a deployment name is a path segment: encoded so that no name can reach another path
        return baseUrl + "/openai/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
