package dev.vigil.service;

/** {@link Service#start} failed; the cause says why. */
public final class ServiceStartException extends Exception {
    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
