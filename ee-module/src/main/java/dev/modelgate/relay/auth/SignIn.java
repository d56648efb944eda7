package dev.modelgate.relay.auth;

/** What an admin request's {@code Authorization} header proved. */
public sealed interface SignIn {

    /** No credentials at all: not a sign-in attempt, so neither throttled nor counted. */
    record Missing() implements SignIn {
    }

    record Proven(AdminPrincipal principal) implements SignIn {
    }

    /**
     * @param account the account the credentials named (a Basic user name), or null (a bearer token names none that
     *                can be trusted before it is verified)
     * @param method  {@code password}, {@code token} or {@code oidc}
     * @param reason  why, in words that carry no secret
     */
    record Refused(String account, String method, String reason) implements SignIn {
    }

    /** The credentials could not be checked (the identity provider's keys are unreachable): neither failed nor proven. */
    record Unavailable(String method, String reason) implements SignIn {
    }
}
