package dev.vigil.agent;

/**
 * A started Vigil as its public handle, {@link Vigil}, sees it. The runtime behind it is defined by the agent's own
 * class loader when Vigil runs as an agent ({@link AgentClassLoader}), so this interface is one of the few classes
 * host and agent share.
 */
public interface RunningVigil extends AutoCloseable {
    /** The debug server's index URL, or null when the server is not running. */
    String url();

    /** The bound port, or -1 when the server is not running. */
    int port();

    /** Stops the server, probes and recordings. */
    @Override
    void close();
}
