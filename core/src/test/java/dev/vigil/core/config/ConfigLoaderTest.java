package dev.vigil.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsWhenNothingIsConfigured() {
        VigilConfig config = ConfigLoader.load(Map.of(), Map.of());
        assertThat(config.get(ConfigKeys.HOST)).isEqualTo("127.0.0.1");
        assertThat(config.get(ConfigKeys.PORT)).isEqualTo(6060);
        assertThat(config.get(ConfigKeys.SAMPLING_INTERVAL)).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.get(ConfigKeys.AUTH_TOKEN)).isNull();
        assertThat(config.problems()).isEmpty();
        assertThat(config.sourceOf(ConfigKeys.PORT)).isEqualTo(ConfigSource.DEFAULT);
    }

    @Test
    void optionsBeatEnvironmentWhichBeatsTheFile() throws IOException {
        Path file = write("port: 7001\nsampling:\n  interval: 5s\nhost: 127.0.0.2\n");
        VigilConfig config = ConfigLoader.load(Map.of("config", file.toString(), "port", "7003"),
                Map.of("VIGIL_PORT", "7002", "VIGIL_HOST", "127.0.0.3"));
        assertThat(config.get(ConfigKeys.PORT)).isEqualTo(7003);
        assertThat(config.sourceOf(ConfigKeys.PORT)).isEqualTo(ConfigSource.OPTIONS);
        assertThat(config.get(ConfigKeys.HOST)).isEqualTo("127.0.0.3");
        assertThat(config.sourceOf(ConfigKeys.HOST)).isEqualTo(ConfigSource.ENVIRONMENT);
        assertThat(config.get(ConfigKeys.SAMPLING_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.sourceOf(ConfigKeys.SAMPLING_INTERVAL)).isEqualTo(ConfigSource.FILE);
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void configFileFromEnvironmentAndDottedKeysInYaml() throws IOException {
        Path file = write("auth.token: s3cret\nprofile.max-duration: 2m\n");
        VigilConfig config = ConfigLoader.load(Map.of(), Map.of("VIGIL_CONFIG", file.toString()));
        assertThat(config.get(ConfigKeys.AUTH_TOKEN)).isEqualTo("s3cret");
        assertThat(config.get(ConfigKeys.PROFILE_MAX_DURATION)).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.describeMasked()).containsEntry("auth.token", "******");
    }

    @Test
    void badValueNamesKeySourceLineAndKeepsTheDefault() throws IOException {
        Path file = write("port: 7001\nsampling:\n  interval: often\n");
        VigilConfig config = ConfigLoader.load(Map.of("config", file.toString()), Map.of());
        assertThat(config.get(ConfigKeys.SAMPLING_INTERVAL)).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.get(ConfigKeys.PORT)).isEqualTo(7001);
        assertThat(config.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sampling.interval");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.describe()).isEqualTo("config key 'sampling.interval' (file line 3): 'often' is not a "
                    + "duration (write e.g. 500ms, 3s, 5m, 2h, 1d); using default 3s");
        });
    }

    @Test
    void outOfRangeAndUnknownKeysAreReported() {
        VigilConfig config = ConfigLoader.load(Map.of("port", "70000", "prot", "1"), Map.of());
        assertThat(config.get(ConfigKeys.PORT)).isEqualTo(6060);
        assertThat(config.problems()).extracting(ConfigProblem::describe).containsExactlyInAnyOrder(
                "config key 'prot' (agent options): unknown key (did you mean 'port'?)",
                "config key 'port' (agent options): 70000 is out of range (0 to 65535); using default 6060");
    }

    @Test
    void invalidYamlIsOneProblemWithALine() throws IOException {
        Path file = write("port: 7001\nhost: [unclosed\n");
        VigilConfig config = ConfigLoader.load(Map.of("config", file.toString()), Map.of());
        assertThat(config.get(ConfigKeys.PORT)).isEqualTo(6060);
        assertThat(config.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("config");
            assertThat(p.line()).isGreaterThan(0);
            assertThat(p.message()).contains("is not valid YAML");
        });
    }

    @Test
    void missingFileAndNonMapDocumentAreReported() throws IOException {
        VigilConfig missing = ConfigLoader.load(Map.of("config", dir.resolve("nope.yaml").toString()), Map.of());
        assertThat(missing.problems()).singleElement().extracting(ConfigProblem::message).asString()
                .startsWith("cannot read ");
        VigilConfig scalar = ConfigLoader.load(Map.of("config", write("just text\n").toString()), Map.of());
        assertThat(scalar.problems()).singleElement().extracting(ConfigProblem::message)
                .isEqualTo("the file must be a map of keys to values");
        VigilConfig empty = ConfigLoader.load(Map.of("config", write("").toString()), Map.of());
        assertThat(empty.problems()).isEmpty();
    }

    @Test
    void listsAndNullsAreRejectedPerKey() throws IOException {
        Path file = write("host: [a, b]\nport:\nheapdump:\n  enabled: false\n");
        VigilConfig config = ConfigLoader.load(Map.of("config", file.toString()), Map.of());
        assertThat(config.get(ConfigKeys.HEAPDUMP_ENABLED)).isFalse();
        assertThat(config.problems()).extracting(ConfigProblem::describe).containsExactly(
                "config key 'host' (file line 1): expects a single value, not a list",
                "config key 'port' (file line 2): has no value");
    }

    @Test
    void agentArgumentSplitsIntoOptions() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> options = ConfigLoader.parseOptions("port=7070, host=127.0.0.1,,garbage", problems);
        assertThat(options).containsExactly(Map.entry("port", "7070"), Map.entry("host", "127.0.0.1"));
        assertThat(problems).extracting(ConfigProblem::describe)
                .containsExactly("config key 'garbage' (agent options): is not key=value");
    }

    @Test
    void everyKeyHasAnEnvironmentNameAndDocumentation() {
        assertThat(ConfigLoader.environmentName(ConfigKeys.PROFILE_MAX_DURATION))
                .isEqualTo("VIGIL_PROFILE_MAX_DURATION");
        ConfigKeys.ALL.values().forEach(k -> assertThat(k.description()).as(k.name()).isNotBlank());
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "vigil", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
