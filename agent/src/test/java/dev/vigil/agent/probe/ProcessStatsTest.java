package dev.vigil.agent.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessStatsTest {
    @Test
    void faultsAreReadAfterTheCommandNameEvenWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 1234 0 56 0 10 5 0 0 20 0 30 0 100 1000 200";
        assertThat(ProcessStats.parseFaults(stat)).containsExactly(1234, 56);
    }

    @Test
    void aTruncatedStatLineIsRefusedNotMisread() {
        assertThatThrownBy(() -> ProcessStats.parseFaults("4242 (app) S 1 4242 4242 0 -1 4194560 1234"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 10");
        assertThatThrownBy(() -> ProcessStats.parseFaults("no command name"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void residentSetIsReadFromTheStatusText() {
        String status = "Name:\tjava\nVmPeak:\t  100 kB\nVmRSS:\t   51234 kB\nRssAnon:\t   40000 kB\n"
                + "RssFile:\t   11234 kB\nThreads: 9\n";
        assertThat(ProcessStats.kilobytesField(status, "VmRSS:")).isEqualTo(51234L * 1024);
        assertThat(ProcessStats.kilobytesField(status, "RssAnon:")).isEqualTo(40000L * 1024);
        assertThat(ProcessStats.kilobytesField("Name:\tjava\n", "VmRSS:")).isEqualTo(-1);
        assertThat(ProcessStats.kilobytesField("", "RssAnon:")).isEqualTo(-1);
    }

    @Test
    void thisProcessHasResidentMemoryAndDescriptors() {
        ProcessStats stats = ProcessStats.read();
        assertThat(stats.rssBytes()).isGreaterThan(1 << 20);
        assertThat(stats.rssAnonymousBytes()).isBetween(1L << 20, stats.rssBytes());
        assertThat(stats.openFds()).isGreaterThan(2);
        assertThat(stats.maxFds()).isGreaterThanOrEqualTo(stats.openFds());
        assertThat(stats.minorFaults()).isGreaterThan(0);
        assertThat(stats.cpuNanos()).isGreaterThan(0);
    }
}
