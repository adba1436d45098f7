package dev.vigil.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table is the documentation of every key: it must list each one, in order, with its default. */
class ConfigKeysDocumentedTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.\\-]+)` \\| (\\S+) \\|", Pattern.MULTILINE);

    @Test
    void readmeTableListsEveryKeyWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> documented = new ArrayList<>();
        Matcher m = ROW.matcher(readme);
        while (m.find()) {
            String key = m.group(1);
            if (!ConfigKeys.ALL.containsKey(key)) continue; // other tables use the same row shape
            documented.add(key);
            ConfigKey<?> configKey = ConfigKeys.ALL.get(key);
            Object def = configKey.defaultValue();
            String shown = m.group(2);
            if (def == null) {
                assertThat(shown).as(key).isEqualTo("unset");
            } else if (!(def instanceof Path)) {
                assertThat(shown).as(key).isEqualTo("`" + configKey.formatUnchecked(def) + "`");
            }
        }
        assertThat(documented).containsExactlyElementsOf(ConfigKeys.ALL.keySet());
    }
}
