package dev.vigil.agent;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AgentLogTest {
    @Test
    void timestampsAreUtcWithZeroPaddedFieldsAndWholeSeconds() {
        assertThat(AgentLog.utcTimestamp(0L)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(AgentLog.utcTimestamp(Instant.parse("2026-11-28T01:40:09.999Z").toEpochMilli()))
                .isEqualTo("2026-11-28T01:40:09Z");
        assertThat(AgentLog.utcTimestamp(Instant.parse("2024-02-29T23:59:59Z").toEpochMilli()))
                .isEqualTo("2024-02-29T23:59:59Z");
        // before the epoch, a negative millisecond still belongs to the second before, not after
        assertThat(AgentLog.utcTimestamp(-1L)).isEqualTo("1969-12-31T23:59:59Z");
    }
}
