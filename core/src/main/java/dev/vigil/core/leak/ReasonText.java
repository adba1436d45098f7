package dev.vigil.core.leak;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A finding's or a rule's reason sentence, written the first time someone reads it. The detectors run every round
 * inside the host JVM, and most rounds' sentences are never read: only a changed verdict is logged or notified, and
 * {@code /debug/leaks} reads the latest on request. Written eagerly, they made an idle agent the main caller of the
 * JDK's {@code StringBuilder}, whose JIT profile the host's own code then inherits (BENCHMARKS.md, "Leak rounds that
 * write nothing"). A writer must capture values, never a previous finding: findings would then chain back to the
 * first round.
 *
 * <p>Thread-safe: readers racing on the first read may each write the sentence, and get equal strings. Equality is
 * that of the sentences.
 */
public final class ReasonText {
    private final Supplier<String> writer;
    private volatile String text;

    private ReasonText(String text, Supplier<String> writer) {
        this.text = text;
        this.writer = writer;
    }

    /** A sentence that is already written (a constant, or one written for a rare event). */
    public static ReasonText of(String text) {
        return new ReasonText(Objects.requireNonNull(text, "text"), null);
    }

    /** A sentence {@code writer} writes at the first read. */
    public static ReasonText writtenBy(Supplier<String> writer) {
        return new ReasonText(null, Objects.requireNonNull(writer, "writer"));
    }

    /** This sentence followed directly by {@code more} (which brings its own separator), both written when read. */
    public ReasonText followedBy(ReasonText more) {
        return writtenBy(new Joined(this, more));
    }

    public String get() {
        String t = text;
        if (t == null) {
            t = writer.get();
            text = t;
        }
        return t;
    }

    /** Whether the sentence exists yet: false until the first read of a sentence with a writer. */
    boolean isWritten() {
        return text != null;
    }

    @Override
    public String toString() {
        return get();
    }

    /**
     * A class, like the detectors' writers, rather than a lambda: a lambda is linked through method handles at its
     * first call, and that linking makes hundreds of the JDK calls these sentences are deferred to avoid.
     */
    private record Joined(ReasonText first, ReasonText second) implements Supplier<String> {
        @Override
        public String get() {
            return first.get().concat(second.get());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReasonText other && get().equals(other.get());
    }

    @Override
    public int hashCode() {
        return get().hashCode();
    }
}
