package dev.vigil.service;

/** A real check of whether the service can do its work (database reachable, queue consumer alive). */
@FunctionalInterface
public interface HealthCheck {
    /** Healthy or not, with a sentence. Throwing counts as unhealthy. */
    Result check() throws Exception;

    record Result(boolean healthy, String detail) {
        public static Result healthy(String detail) {
            return new Result(true, detail);
        }

        public static Result unhealthy(String detail) {
            return new Result(false, detail);
        }
    }
}
