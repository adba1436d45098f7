package dev.vigil.service.config;

import dev.vigil.core.config.ConfigKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConfigWatcherTest {
    static final Duration DEBOUNCE = Duration.ofMillis(300);

    @TempDir
    Path dir;
    Path file;
    ConfigWatcher watcher;
    ReloadableConfig config;
    final List<ConfigChange> changes = new CopyOnWriteArrayList<>();

    void watch(String initial, boolean events) throws Exception {
        file = dir.resolve("vigil.yaml");
        Files.writeString(file, initial);
        config = new ReloadableConfig(Map.of("config", file.toString()), Map.of());
        config.addListener(changes::add);
        watcher = new ConfigWatcher(config, file, DEBOUNCE, events ? Duration.ofSeconds(5) : Duration.ofMillis(100),
                events);
        watcher.start();
    }

    @AfterEach
    void stop() {
        if (watcher != null) watcher.close();
    }

    Duration maxDuration() {
        return config.current().get(ConfigKeys.PROFILE_MAX_DURATION);
    }

    /** How editors save: write a temporary file beside it, then rename it over the old one. */
    void saveByRename(String yaml) throws Exception {
        Path temp = dir.resolve(".vigil.yaml.swp");
        Files.writeString(temp, yaml);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anAtomicRenameSaveIsPickedUp() throws Exception {
        watch("profile:\n  max-duration: 1m\n", true);
        saveByRename("profile:\n  max-duration: 2m\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> maxDuration().equals(Duration.ofMinutes(2)));
        assertThat(config.lastReload().outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
    }

    @Test
    void rapidSuccessiveEditsGiveOneReloadOfTheFinalContent() throws Exception {
        watch("profile:\n  max-duration: 1m\n", true);
        for (int minutes = 2; minutes <= 6; minutes++) {
            saveByRename("profile:\n  max-duration: " + minutes + "m\n");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> maxDuration().equals(Duration.ofMinutes(6)));
        await().during(DEBOUNCE.multipliedBy(3)).atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 1);
        assertThat(config.reloadCount()).isEqualTo(1);
    }

    @Test
    void aPartialWriteCompletedWithinTheQuietPeriodIsReadWhole() throws Exception {
        watch("profile:\n  max-duration: 1m\n", true);
        // the writer truncates and writes in two pieces, as a non-atomic save does
        Files.writeString(file, "profile:\n  max-dur");
        Files.writeString(file, "ation: 3m\nheapdump:\n  enabled: false\n", StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(10)).until(() -> maxDuration().equals(Duration.ofMinutes(3)));
        assertThat(config.current().get(ConfigKeys.HEAPDUMP_ENABLED)).isFalse();
        assertThat(config.reloadCount()).isEqualTo(1);
    }

    @Test
    void aTruncatedFileIsRejectedThenTheFixedOneApplies() throws Exception {
        watch("profile:\n  max-duration: 1m\n", true);
        saveByRename("profile:\n  max-duration: [2m\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> config.lastReload() != null);
        assertThat(config.lastReload().outcome()).isEqualTo(ReloadResult.Outcome.INVALID);
        assertThat(maxDuration()).isEqualTo(Duration.ofMinutes(1));

        saveByRename("profile:\n  max-duration: 2m\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> maxDuration().equals(Duration.ofMinutes(2)));
    }

    @Test
    void aFailingListenerRollsBackAndTheNextGoodEditStillApplies() throws Exception {
        watch("profile:\n  max-duration: 1m\n", true);
        config.addListener(c -> {
            if (c.next().get(ConfigKeys.PROFILE_MAX_DURATION).toMinutes() > 10) {
                throw new IllegalArgumentException("too long for this service");
            }
        });
        saveByRename("profile:\n  max-duration: 30m\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> config.lastReload() != null);
        assertThat(config.lastReload().outcome()).isEqualTo(ReloadResult.Outcome.ROLLED_BACK);
        assertThat(maxDuration()).isEqualTo(Duration.ofMinutes(1));

        saveByRename("profile:\n  max-duration: 5m\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> maxDuration().equals(Duration.ofMinutes(5)));
    }

    @Test
    void withoutFileEventsThePollStillFindsTheChange() throws Exception {
        watch("profile:\n  max-duration: 1m\n", false);
        Files.writeString(file, "profile:\n  max-duration: 4m\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> maxDuration().equals(Duration.ofMinutes(4)));
    }

    @Test
    void aSameSizeWriteWithinOneClockTickIsStillFound() throws Exception {
        watch("profile:\n  max-duration: 1m\n", false);
        var modified = Files.getLastModifiedTime(file);
        Files.writeString(file, "profile:\n  max-duration: 4m\n");
        // as on a file system whose clock had not ticked between the two writes: size and time are as they were
        Files.setLastModifiedTime(file, modified);
        await().atMost(Duration.ofSeconds(10)).until(() -> maxDuration().equals(Duration.ofMinutes(4)));
    }

    @Test
    void aTouchWithoutNewContentDoesNotReload() throws Exception {
        watch("profile:\n  max-duration: 1m\n", false);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                + 5000));
        await().during(DEBOUNCE.multipliedBy(3)).atMost(Duration.ofSeconds(5)).until(() -> config.reloadCount() == 0);
    }
}
