package dev.vigil.service.config;

import dev.vigil.core.config.ConfigKeys;
import dev.vigil.core.config.ConfigProblem;
import dev.vigil.core.config.ConfigSource;
import dev.vigil.core.config.CurrentValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ReloadableConfigTest {
    @TempDir
    Path dir;

    ReloadableConfig configFrom(String yaml, List<ConfigValidator> validators) throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, yaml);
        return new ReloadableConfig(Map.of("config", file.toString()), Map.of(), validators);
    }

    void write(String yaml) throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), yaml);
    }

    @Test
    void appliesAValidChangeAndTellsListeners() throws Exception {
        ReloadableConfig config = configFrom("profile:\n  max-duration: 1m\n", List.of());
        List<ConfigChange> seen = new ArrayList<>();
        config.addListener(seen::add);

        write("profile:\n  max-duration: 2m\n");
        ReloadResult result = config.reload("test");

        assertThat(result.outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
        assertThat(result.changed()).containsExactly("profile.max-duration");
        assertThat(config.current().get(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(Duration.ofMinutes(2));
        assertThat(seen).singleElement().satisfies(c -> {
            assertThat(c.previous().get(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(Duration.ofMinutes(1));
            assertThat(c.next().get(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(Duration.ofMinutes(2));
        });
    }

    @Test
    void aKeysCurrentValueFollowsReloads() throws Exception {
        ReloadableConfig config = configFrom("profile:\n  max-duration: 1m\n", List.of());
        Supplier<Duration> maxDuration = new CurrentValue<>(config, ConfigKeys.PROFILE_MAX_DURATION);
        assertThat(maxDuration.get()).isEqualTo(Duration.ofMinutes(1));

        write("profile:\n  max-duration: 2m\n");
        config.reload("test");

        assertThat(maxDuration.get()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.get()).isSameAs(config.current());
    }

    @Test
    void invalidYamlKeepsTheLastGoodConfigAndSaysWhere() throws Exception {
        ReloadableConfig config = configFrom("heapdump:\n  enabled: true\n", List.of());
        write("heapdump:\n  enabled: false\n  dir: [unclosed\n");

        ReloadResult result = config.reload("test");

        assertThat(result.outcome()).isEqualTo(ReloadResult.Outcome.INVALID);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("not valid YAML");
            assertThat(p.line()).isPositive();
        });
        assertThat(config.current().get(ConfigKeys.HEAPDUMP_ENABLED)).isTrue();
    }

    @Test
    void reportsEveryValidationProblemAtOnceWithKeyAndLine() throws Exception {
        ReloadableConfig config = configFrom("profile:\n  max-duration: 1m\n", List.of());
        write("profile:\n  max-duration: forever\n  max-concurrent: 99\nheapdump:\n  enabld: true\n");

        ReloadResult result = config.reload("test");

        assertThat(result.outcome()).isEqualTo(ReloadResult.Outcome.INVALID);
        assertThat(result.problems()).extracting(ConfigProblem::key, ConfigProblem::line).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("profile.max-duration", 2),
                org.assertj.core.groups.Tuple.tuple("profile.max-concurrent", 3),
                org.assertj.core.groups.Tuple.tuple("heapdump.enabld", 5));
        assertThat(result.message()).contains("did you mean 'heapdump.enabled'");
        assertThat(config.current().get(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void crossKeyValidatorsAddTheirProblems() throws Exception {
        ConfigValidator noDumpsWithoutDir = c -> c.get(ConfigKeys.HEAPDUMP_ENABLED)
                && c.get(ConfigKeys.HEAPDUMP_DIR).toString().startsWith("/proc")
                ? List.of(new ConfigProblem("heapdump.dir", ConfigSource.FILE, 0, "cannot hold dumps"))
                : List.of();
        ReloadableConfig config = configFrom("heapdump:\n  dir: /tmp\n", List.of(noDumpsWithoutDir));
        write("heapdump:\n  dir: /proc/dumps\n");

        assertThat(config.reload("test").outcome()).isEqualTo(ReloadResult.Outcome.INVALID);
        assertThat(config.current().get(ConfigKeys.HEAPDUMP_DIR)).isEqualTo(Path.of("/tmp"));
    }

    @Test
    void aRejectingListenerRollsTheWholeChangeBack() throws Exception {
        ReloadableConfig config = configFrom("profile:\n  max-duration: 1m\nheapdump:\n  enabled: true\n",
                List.of());
        List<String> firstListener = new ArrayList<>();
        config.addListener(c -> firstListener.add(c.next().get(ConfigKeys.PROFILE_MAX_DURATION).toString()));
        config.addListener(c -> {
            if (!c.next().get(ConfigKeys.HEAPDUMP_ENABLED)) throw new IllegalStateException("dumps are required");
        });

        write("profile:\n  max-duration: 2m\nheapdump:\n  enabled: false\n");
        ReloadResult result = config.reload("test");

        assertThat(result.outcome()).isEqualTo(ReloadResult.Outcome.ROLLED_BACK);
        assertThat(result.message()).contains("dumps are required");
        assertThat(config.current().get(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.current().get(ConfigKeys.HEAPDUMP_ENABLED)).isTrue();
        assertThat(firstListener).as("the first listener applied, then was told to undo")
                .containsExactly("PT2M", "PT1M");
    }

    @Test
    void restartOnlyKeysKeepTheirRunningValueAndAreReportedPending() throws Exception {
        ReloadableConfig config = configFrom("port: 7000\n", List.of());
        write("port: 7001\n");

        ReloadResult result = config.reload("test");

        assertThat(result.outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
        assertThat(result.pendingRestart()).containsExactly("port");
        assertThat(config.current().get(ConfigKeys.PORT)).isEqualTo(7000);
        Map<String, Object> report = ConfigReport.of(config);
        assertThat(report.get("keys").toString()).contains("key=port, value=7000, source=file")
                .contains("pending_restart=7001");
    }

    @Test
    void environmentStillBeatsTheFileAfterAReload() throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, "profile:\n  max-duration: 1m\n");
        ReloadableConfig config = new ReloadableConfig(Map.of("config", file.toString()),
                Map.of("VIGIL_PROFILE_MAX_DURATION", "5m"));
        Files.writeString(file, "profile:\n  max-duration: 2m\n");

        assertThat(config.reload("test").outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
        assertThat(config.current().get(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.current().sourceOf(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(ConfigSource.ENVIRONMENT);
    }

    @Test
    void theReportMasksSecretsAndShowsTheLastReload() throws Exception {
        ReloadableConfig config = configFrom("auth:\n  token: s3cret\n", List.of());
        write("auth:\n  token: [bad\n");
        config.reload("test");

        Map<String, Object> report = ConfigReport.of(config);

        assertThat(report.toString()).doesNotContain("s3cret").contains("******");
        assertThat(report.get("file")).isEqualTo(dir.resolve("vigil.yaml").toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) report.get("last_reload");
        assertThat(last).containsEntry("outcome", "INVALID");
        assertThat(last.get("problems").toString()).contains("line=");
        assertThat(report.get("keys").toString()).contains("restart_required=true").contains("source=file");
    }
}
