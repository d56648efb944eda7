package dev.modelgate.policy.limits;

/** What a sliding-window limit counts. */
public enum LimitKind {
    /** One unit per admitted request (RPM). */
    REQUESTS,
    /** Estimated tokens at admission, corrected later with the real count (TPM). */
    TOKENS
}
