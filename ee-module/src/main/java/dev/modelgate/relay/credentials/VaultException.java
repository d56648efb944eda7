package dev.modelgate.relay.credentials;

/**
 * The vault cannot be used as it stands: a record under an unknown master key, a ciphertext that fails its
 * check, a master key that is malformed or missing. Messages name credentials and key ids, never a value.
 */
public class VaultException extends RuntimeException {

    public VaultException(String message) {
        super(message);
    }
}
