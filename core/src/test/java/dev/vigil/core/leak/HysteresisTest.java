package dev.vigil.core.leak;

import org.junit.jupiter.api.Test;

import static dev.vigil.core.leak.Synthetic.at;
import static org.assertj.core.api.Assertions.assertThat;

class HysteresisTest {
    private final HysteresisSettings h = HysteresisSettings.defaults(); // escalate 10 min, clear 10 min, urgent 30 min

    private LeakFinding finding(Hysteresis.Outcome o, long now) {
        return new LeakFinding(LeakResource.HEAP, o.status(), 1, LeakUnit.BYTES, 1, o.firstDetectedMillis(), null,
                null, null, now, o.growingSinceMillis(), o.clearSinceMillis());
    }

    private LeakFinding step(LeakFinding previous, TrendVerdict v, double minute) {
        return step(previous, v, minute, null);
    }

    private LeakFinding step(LeakFinding previous, TrendVerdict v, double minute, Long exhaustion) {
        return finding(Hysteresis.next(previous, v, 0.9999, exhaustion, at(minute), h), at(minute));
    }

    @Test
    void suspectedBecomesLeakingOnlyAfterGrowingForTheEscalationPeriod() {
        LeakFinding f = step(null, TrendVerdict.GROWING, 10);
        assertThat(f.status()).isEqualTo(LeakStatus.SUSPECTED);
        assertThat(f.firstDetectedMillis()).isEqualTo(at(10));
        f = step(f, TrendVerdict.UNCLEAR, 15); // unclear keeps the status and the growing clock
        assertThat(f.status()).isEqualTo(LeakStatus.SUSPECTED);
        f = step(f, TrendVerdict.GROWING, 19.5);
        assertThat(f.status()).isEqualTo(LeakStatus.SUSPECTED);
        f = step(f, TrendVerdict.GROWING, 20);
        assertThat(f.status()).isEqualTo(LeakStatus.LEAKING);
        assertThat(f.firstDetectedMillis()).isEqualTo(at(10));
    }

    @Test
    void aStopResetsTheGrowingClockAndLowConfidenceDoesNotEscalate() {
        LeakFinding f = step(null, TrendVerdict.GROWING, 10);
        f = step(f, TrendVerdict.STOPPED, 15);
        f = step(f, TrendVerdict.GROWING, 16);
        f = step(f, TrendVerdict.GROWING, 24);
        assertThat(f.status()).isEqualTo(LeakStatus.SUSPECTED);
        f = step(f, TrendVerdict.GROWING, 26);
        assertThat(f.status()).isEqualTo(LeakStatus.LEAKING);

        LeakFinding weak = finding(Hysteresis.next(null, TrendVerdict.GROWING, 0.99, null, at(0), h), at(0));
        weak = finding(Hysteresis.next(weak, TrendVerdict.GROWING, 0.99, null, at(30), h), at(30));
        assertThat(weak.status()).isEqualTo(LeakStatus.SUSPECTED);
    }

    @Test
    void backToOkOnlyAfterTheTrendStayedStoppedForTheClearPeriod() {
        LeakFinding f = step(null, TrendVerdict.GROWING, 0);
        f = step(f, TrendVerdict.GROWING, 10);
        assertThat(f.status()).isEqualTo(LeakStatus.LEAKING);
        f = step(f, TrendVerdict.STOPPED, 20);
        f = step(f, TrendVerdict.UNCLEAR, 25); // not clearly stopped: the clear clock restarts
        f = step(f, TrendVerdict.STOPPED, 26);
        f = step(f, TrendVerdict.STOPPED, 35.5);
        assertThat(f.status()).isEqualTo(LeakStatus.LEAKING);
        f = step(f, TrendVerdict.STOPPED, 36);
        assertThat(f.status()).isEqualTo(LeakStatus.OK);
        assertThat(f.firstDetectedMillis()).isNull();
        assertThat(f.clearSinceMillis()).isNull();
    }

    @Test
    void nearExhaustionIsLeakingAtOnceAndWarmingUpNeverRaisesOrDrops() {
        LeakFinding f = step(null, TrendVerdict.GROWING, 10, at(30));
        assertThat(f.status()).isEqualTo(LeakStatus.LEAKING);
        assertThat(step(null, TrendVerdict.WARMING_UP, 1).status()).isEqualTo(LeakStatus.OK);
        assertThat(step(f, TrendVerdict.WARMING_UP, 11).status()).isEqualTo(LeakStatus.LEAKING);
    }
}
