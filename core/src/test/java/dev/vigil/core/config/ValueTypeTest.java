package dev.vigil.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypeTest {

    @Test
    void wholeNumbersAreTrimmedAndKeptInRange() {
        ValueType<Integer> percent = new ValueType.WholeNumber("percent", 1, 100);
        assertThat(percent.parse(" 85 ")).isEqualTo(85);
        assertThat(percent.parse("1")).isEqualTo(1);
        assertThat(percent.parse("100")).isEqualTo(100);
        assertThat(percent.format(85)).isEqualTo("85");
        assertThat(percent.name()).isEqualTo("percent");
        assertThatThrownBy(() -> percent.parse("0")).hasMessage("0 is out of range (1 to 100)");
        assertThatThrownBy(() -> percent.parse("eighty")).hasMessage("'eighty' is not a whole number");
        assertThatThrownBy(() -> percent.parse("99999999999")).hasMessage("'99999999999' is not a whole number");
    }

    @Test
    void flagsTakeTheUsualWordsInAnyCase() {
        ValueType<Boolean> flag = new ValueType.Flag();
        for (String yes : new String[] {"true", "YES", " on "}) assertThat(flag.parse(yes)).as(yes).isTrue();
        for (String no : new String[] {"false", "No", "OFF"}) assertThat(flag.parse(no)).as(no).isFalse();
        assertThat(flag.format(true)).isEqualTo("true");
        assertThatThrownBy(() -> flag.parse("1")).hasMessage("'1' is not true or false");
    }

    @Test
    void durationsAreCheckedAgainstTheirBoundsAndWrittenShortest() {
        ValueType<Duration> interval = new ValueType.DurationRange(Duration.ofMillis(100), Duration.ofMinutes(10));
        assertThat(interval.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(interval.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(interval.format(Duration.ofSeconds(180))).isEqualTo("3m");
        assertThatThrownBy(() -> interval.parse("50ms")).hasMessage("'50ms' is out of range (100ms to 10m)");
        assertThatThrownBy(() -> interval.parse("11m")).hasMessage("'11m' is out of range (100ms to 10m)");
        assertThatThrownBy(() -> interval.parse("soon")).hasMessageStartingWith("'soon' is not a duration");
    }

    @Test
    void pathsAndTextMustNotBeBlank() {
        assertThat(new ValueType.FilePath().parse(" /tmp/x ")).isEqualTo(Path.of("/tmp/x"));
        assertThat(new ValueType.FilePath().format(Path.of("/tmp/x"))).isEqualTo("/tmp/x");
        assertThatThrownBy(() -> new ValueType.FilePath().parse("  ")).hasMessage("must not be empty");
        assertThatThrownBy(() -> new ValueType.FilePath().parse("a\0b")).hasMessage("'a\0b' is not a valid path");
        assertThat(new ValueType.Text().parse(" secret ")).isEqualTo("secret");
        assertThatThrownBy(() -> new ValueType.Text().parse("")).hasMessage("must not be empty");
    }

    @Test
    void webhookUrlsMustBeHttpWithAHost() {
        ValueType<String> url = new ValueType.HttpUrl();
        assertThat(url.parse(" https://hooks.example.com/x ")).isEqualTo("https://hooks.example.com/x");
        assertThatThrownBy(() -> url.parse("ftp://example.com/x")).hasMessage("'ftp://example.com/x' is not an http or https URL");
        assertThatThrownBy(() -> url.parse("http:///nohost")).hasMessage("'http:///nohost' is not an http or https URL");
        assertThatThrownBy(() -> url.parse("http://exa mple.com")).hasMessage("'http://exa mple.com' is not an http or https URL");
    }

    @Test
    void webhookFormatsAreNamedInLowerCase() {
        ValueType<String> format = new ValueType.WebhookFormatName();
        assertThat(format.parse("SLACK")).isEqualTo("slack");
        assertThat(format.parse("wecom")).isEqualTo("wecom");
        assertThatThrownBy(() -> format.parse("teams")).hasMessage("'teams' is not json, slack or wecom");
    }

    @Test
    void everyKeyReadsItsOwnDefaultBack() {
        // the README's table shows format(default); parsing that text must give the default again
        for (ConfigKey<?> key : ConfigKeys.ALL.values()) {
            if (key.defaultValue() == null) continue;
            String written = key.formatUnchecked(key.defaultValue());
            assertThat((Object) key.parse(written)).as(key.name()).isEqualTo(key.defaultValue());
        }
    }
}
