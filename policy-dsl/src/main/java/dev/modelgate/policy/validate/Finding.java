package dev.modelgate.policy.validate;

/**
 * A validation finding against the merged policy, located by JSON Pointer (e.g. /models/chat/candidates/0/provider).
 * {@code onKey} says whether an editor should point at the key rather than the value (e.g. a duplicate id).
 */
public record Finding(String pointer, String message, boolean onKey) {

    public static Finding at(String pointer, String message) {
        return new Finding(pointer, message, false);
    }

    public static Finding atKey(String pointer, String message) {
        return new Finding(pointer, message, true);
    }
}
