package dev.modelgate.relay.credentials;

import java.util.regex.Pattern;

/** A credential name as a policy may give it ({@code credential: openai-prod}); the same pattern the policy checks. */
public final class CredentialNames {

    public static final int MAX_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private CredentialNames() {
    }

    public static boolean valid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }
}
