package dev.vigil.core.leak;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ReasonTextTest {
    @Test
    void theWriterRunsAtTheFirstReadAndOnlyThen() {
        AtomicInteger writes = new AtomicInteger();
        ReasonText reason = ReasonText.writtenBy(() -> "grows " + writes.incrementAndGet() + " MiB/min");
        assertThat(writes).hasValue(0);
        assertThat(reason.isWritten()).isFalse();

        assertThat(reason.get()).isEqualTo("grows 1 MiB/min");
        assertThat(reason.toString()).isEqualTo("grows 1 MiB/min");
        assertThat(reason.get()).isEqualTo("grows 1 MiB/min");
        assertThat(writes).hasValue(1);
        assertThat(reason.isWritten()).isTrue();
    }

    @Test
    void followedByWritesBothPartsWhenRead() {
        AtomicInteger writes = new AtomicInteger();
        ReasonText head = ReasonText.writtenBy(() -> {
            writes.incrementAndGet();
            return "usage 91% of max";
        });
        ReasonText whole = head.followedBy(ReasonText.of("; dump"));
        assertThat(writes).hasValue(0);
        assertThat(whole.get()).isEqualTo("usage 91% of max; dump");
        assertThat(head.get()).isEqualTo("usage 91% of max");
        assertThat(writes).hasValue(1);
    }

    @Test
    void aWrittenSentenceAndALazyOneWithTheSameWordsAreEqual() {
        ReasonText fixed = ReasonText.of("no data yet");
        assertThat(fixed.isWritten()).isTrue();
        assertThat(ReasonText.writtenBy(() -> "no " + "data yet")).isEqualTo(fixed).hasSameHashCodeAs(fixed);
        assertThat(ReasonText.of("no data")).isNotEqualTo(fixed);
        assertThatNullPointerException().isThrownBy(() -> ReasonText.of(null));
        assertThatNullPointerException().isThrownBy(() -> ReasonText.writtenBy(null));
    }
}
