package dev.modelgate.policy.validate;

/**
 * JSON Pointers (RFC 6901) name every place a finding can point at. Loading and checking both
 * build them, so the escaping lives here, below both.
 */
public final class JsonPointers {

    private JsonPointers() {
    }

    /** Escapes one segment for a JSON Pointer. */
    public static String segment(String name) {
        return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace("~", "~0").replace("/", "~1");
    }
}
