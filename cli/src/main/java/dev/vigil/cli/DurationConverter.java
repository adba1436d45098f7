package dev.vigil.cli;

import dev.vigil.core.config.DurationText;
import picocli.CommandLine;

import java.time.Duration;

/** Durations on the command line as in the config file ({@code 90s}, {@code 5m}); anything else is a usage error. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
