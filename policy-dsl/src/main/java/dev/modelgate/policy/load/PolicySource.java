package dev.modelgate.policy.load;

/** One policy file's name (as it should appear in error messages) and raw bytes. */
public record PolicySource(String name, byte[] content) {
}
