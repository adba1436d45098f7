package dev.vigil.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigPinningTest {
    @Test
    void pinnedKeysKeepTheRunningValueAndSourceOthersTakeTheCandidate() {
        VigilConfig running = ConfigLoader.load(Map.of("port", "7000"), Map.of());
        VigilConfig candidate = ConfigLoader.load(Map.of(), Map.of("VIGIL_PORT", "8000",
                "VIGIL_PROFILE_MAX_DURATION", "2m"));

        VigilConfig merged = ConfigPinning.keepRunning(candidate, running, List.of(ConfigKeys.PORT));

        assertThat(merged.get(ConfigKeys.PORT)).isEqualTo(7000);
        assertThat(merged.sourceOf(ConfigKeys.PORT)).isEqualTo(ConfigSource.OPTIONS);
        assertThat(merged.get(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(Duration.ofMinutes(2));
        assertThat(merged.sourceOf(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(ConfigSource.ENVIRONMENT);
    }

    @Test
    void problemsComeFromTheCandidate() {
        VigilConfig running = VigilConfig.defaults();
        VigilConfig candidate = ConfigLoader.load(Map.of("port", "nope"), Map.of());

        VigilConfig merged = ConfigPinning.keepRunning(candidate, running, List.of());

        assertThat(merged.problems()).extracting(ConfigProblem::key).containsExactly("port");
    }
}
