package dev.vigil.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationTextTest {
    @Test
    void parsesEveryUnitAndFormatsBack() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DurationText.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
        for (String text : new String[] {"500ms", "3s", "5m", "2h", "1d", "90s", "0s"}) {
            assertThat(DurationText.format(DurationText.parse(text))).isEqualTo(text);
        }
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[] {"", "3", "s", "-3s", "3 seconds", "1.5s", "99999999999s"}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a duration");
        }
    }
}
