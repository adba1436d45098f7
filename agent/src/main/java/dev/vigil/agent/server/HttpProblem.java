package dev.vigil.agent.server;

/** A request that cannot be served: the status and one sentence for the client. Never carries a stack trace. */
public final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpProblem(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
