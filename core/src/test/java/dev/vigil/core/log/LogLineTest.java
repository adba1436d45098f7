package dev.vigil.core.log;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineTest {
    @Test
    void timestampsAreUtcWithZeroPaddedFieldsAndWholeSeconds() {
        assertThat(LogLine.utcTimestamp(0L)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(LogLine.utcTimestamp(Instant.parse("2026-11-28T01:40:09.999Z").toEpochMilli()))
                .isEqualTo("2026-11-28T01:40:09Z");
        assertThat(LogLine.utcTimestamp(Instant.parse("2024-02-29T23:59:59Z").toEpochMilli()))
                .isEqualTo("2024-02-29T23:59:59Z");
        // before the epoch, a negative millisecond still belongs to the second before, not after
        assertThat(LogLine.utcTimestamp(-1L)).isEqualTo("1969-12-31T23:59:59Z");
    }

    @Test
    void aLineIsTheStampTheTagTheLevelAndTheMessageOnOneLine() {
        long at = Instant.parse("2026-11-28T05:01:02Z").toEpochMilli();
        assertThat(LogLine.of("WARN", "config: bad value\nfor port", at))
                .isEqualTo("2026-11-28T05:01:02Z [vigil] WARN config: bad value for port");
    }
}
