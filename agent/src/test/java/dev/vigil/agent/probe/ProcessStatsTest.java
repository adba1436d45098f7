package dev.vigil.agent.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStatsTest {
    @Test
    void faultsAreReadAfterTheCommandNameEvenWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 1234 0 56 0 10 5 0 0 20 0 30 0 100 1000 200";
        assertThat(ProcessStats.parseFaults(stat)).containsExactly(1234, 56);
    }

    @Test
    void residentSetIsReadFromTheStatusText() {
        assertThat(ProcessStats.parseRssBytes("Name:\tjava\nVmPeak:\t  100 kB\nVmRSS:\t   51234 kB\nThreads: 9\n"))
                .isEqualTo(51234L * 1024);
        assertThat(ProcessStats.parseRssBytes("Name:\tjava\n")).isEqualTo(-1);
    }

    @Test
    void thisProcessHasResidentMemoryAndDescriptors() {
        ProcessStats stats = ProcessStats.read();
        assertThat(stats.rssBytes()).isGreaterThan(1 << 20);
        assertThat(stats.openFds()).isGreaterThan(2);
        assertThat(stats.maxFds()).isGreaterThanOrEqualTo(stats.openFds());
        assertThat(stats.minorFaults()).isGreaterThan(0);
        assertThat(stats.cpuNanos()).isGreaterThan(0);
    }
}
