package dev.vigil.service;

import dev.vigil.core.config.DurationText;
import dev.vigil.service.watchdog.Watchdog;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Turns launcher arguments ({@code <service class> [args...]}) and {@code -Dvigil.service.*} system properties into
 * a runner builder; shared by {@link ServiceMain}, the jsvc daemon and the procrun launcher so all three read the
 * same settings:
 * <table>
 * <caption>settings</caption>
 * <tr><td>vigil.service.stop-timeout</td><td>drain and close budget, e.g. {@code 30s} (default 30s)</td></tr>
 * <tr><td>vigil.service.watchdog</td><td>{@code true} turns the OOM/leak watchdog on (default off)</td></tr>
 * <tr><td>vigil.service.watchdog.dir</td><td>heap dump directory (default java.io.tmpdir)</td></tr>
 * <tr><td>vigil.service.watchdog.horizon</td><td>act on leaks that exhaust memory within this (default 30m)</td></tr>
 * </table>
 */
public final class ServiceLaunch {
    public static final String STOP_TIMEOUT = "vigil.service.stop-timeout";
    public static final String WATCHDOG = "vigil.service.watchdog";
    public static final String WATCHDOG_DIR = "vigil.service.watchdog.dir";
    public static final String WATCHDOG_HORIZON = "vigil.service.watchdog.horizon";

    private ServiceLaunch() {
    }

    /** @throws IllegalArgumentException with a sentence when the class or a setting is unusable */
    public static ServiceRunner.Builder builder(String[] args, Properties properties) {
        if (args == null || args.length == 0 || args[0].isBlank()) {
            throw new IllegalArgumentException("the first argument must be the service class (implements "
                    + Service.class.getName() + ")");
        }
        Service service = instantiate(args[0].trim());
        ServiceRunner.Builder builder = ServiceRunner.builder(service)
                .arguments(List.copyOf(Arrays.asList(args).subList(1, args.length)));
        String stop = properties.getProperty(STOP_TIMEOUT);
        if (stop != null) builder.stopTimeout(duration(STOP_TIMEOUT, stop));
        if (Boolean.parseBoolean(properties.getProperty(WATCHDOG, "false"))) {
            Path dir = Path.of(properties.getProperty(WATCHDOG_DIR, System.getProperty("java.io.tmpdir")));
            Duration horizon = duration(WATCHDOG_HORIZON, properties.getProperty(WATCHDOG_HORIZON, "30m"));
            builder.watchdog(new Watchdog(dir, horizon));
        }
        return builder;
    }

    private static Duration duration(String name, String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + name + ": " + e.getMessage());
        }
    }

    static Service instantiate(String className) {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : ServiceLaunch.class.getClassLoader());
            if (!Service.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(className + " does not implement " + Service.class.getName());
            }
            return (Service) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("service class " + className + " is not on the class path");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(className + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("constructing " + className + " failed: " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot construct " + className + ": " + e, e);
        }
    }
}
