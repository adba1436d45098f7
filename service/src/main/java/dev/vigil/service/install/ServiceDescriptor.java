package dev.vigil.service.install;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the service-manager descriptors need to say about one service. Paths are text as they will be on the
 * target machine (this may be generated on Linux for Windows), relative ones under {@link #home()}.
 *
 * @param name service id: letters, digits, '-', '_' and '.' (what SCM, WinSW and systemd all accept)
 * @param appJar the application's jar
 * @param serviceClass the {@link dev.vigil.service.Service} implementation, or null to run the jar's Main-Class
 *        (then graceful stop is the JVM's shutdown hooks, and systemd gets {@code Type=exec})
 * @param javaHome the JDK on the target, or null for the one on PATH ({@code java}/{@code java.exe}) / auto
 * @param agentOptions the Vigil agent's options ({@code port=6060,...}), or empty
 * @param stopTimeout the runner's drain budget; managers are given more, so the runner finishes first
 * @param startTimeout how long a start may take before the manager gives up (systemd; EXTEND_TIMEOUT_USEC
 *        stretches it while a start makes progress)
 * @param watchdog systemd WatchdogSec, or null for none
 */
public record ServiceDescriptor(String name, String displayName, String description, String home, String appJar,
                                String vigilJar, String serviceClass, String javaHome, List<String> jvmOptions,
                                String agentOptions, String configFile, String logDir, String user,
                                Duration stopTimeout, Duration startTimeout, Duration restartDelay,
                                Duration watchdog) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    /** Characters that would split or end a value in procrun's ';'/'#' lists or a cmd line. */
    private static final Pattern UNSAFE = Pattern.compile("[;#\"%\\r\\n^&|<>]");

    /** Time the managers add to the runner's stop budget, for the JVM to exit after the drain. */
    static final Duration EXIT_MARGIN = Duration.ofSeconds(15);

    public ServiceDescriptor {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("service name '" + name + "' must be 1-80 letters, digits, '-', '_' "
                    + "or '.', starting with a letter or digit");
        }
        Objects.requireNonNull(appJar, "appJar");
        displayName = displayName == null ? name : displayName;
        description = description == null ? "Java service " + name + ", watched by Vigil" : description;
        jvmOptions = List.copyOf(jvmOptions == null ? List.of() : jvmOptions);
        agentOptions = agentOptions == null ? "" : agentOptions;
        stopTimeout = stopTimeout == null ? Duration.ofSeconds(30) : stopTimeout;
        startTimeout = startTimeout == null ? Duration.ofMinutes(2) : startTimeout;
        restartDelay = restartDelay == null ? Duration.ofSeconds(10) : restartDelay;
        for (String option : jvmOptions) requireSafe("JVM option", option);
        requireSafe("agent options", agentOptions);
        requireSafe("display name", displayName);
        requireSafe("description", description);
    }

    private static void requireSafe(String what, String value) {
        if (value != null && UNSAFE.matcher(value).find()) {
            throw new IllegalArgumentException(what + " '" + value + "' contains a character (; # \" % ^ & | < > "
                    + "or a line break) that the generated scripts cannot carry safely");
        }
    }

    /** A descriptor with defaults for everything but name and jar. */
    public static ServiceDescriptor of(String name, String appJar, String serviceClass) {
        return new ServiceDescriptor(name, null, null, null, appJar, null, serviceClass, null, null, null, null,
                null, null, null, null, null, null);
    }

    public String homeOn(Platform platform) {
        if (home != null) return home;
        return platform == Platform.WINDOWS ? "C:\\Services\\" + name : "/opt/" + name;
    }

    public String vigilJarOn(Platform platform) {
        return platform.resolve(homeOn(platform), vigilJar == null ? "vigil.jar" : vigilJar);
    }

    public String appJarOn(Platform platform) {
        return platform.resolve(homeOn(platform), appJar);
    }

    public String logDirOn(Platform platform) {
        return platform.resolve(homeOn(platform), logDir == null ? "logs" : logDir);
    }

    /** java (Linux: absolute, as systemd wants) or java.exe. */
    public String javaOn(Platform platform) {
        if (platform == Platform.WINDOWS) {
            return javaHome == null ? "%JAVA_HOME%\\bin\\java.exe" : javaHome + "\\bin\\java.exe";
        }
        return javaHome == null ? "/usr/bin/java" : javaHome + "/bin/java";
    }

    /** Seconds a manager waits for a stop: the runner's budget plus a margin for the JVM to exit. */
    public long managerStopSeconds() {
        return stopTimeout.plus(EXIT_MARGIN).toSeconds();
    }

    /** JVM options for the target: the agent first, then the runner's settings, then the user's. */
    public List<String> jvmOptionsOn(Platform platform) {
        List<String> all = new ArrayList<>();
        all.add("-javaagent:" + vigilJarOn(platform) + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        all.add("-Dvigil.service.stop-timeout=" + stopTimeout.toSeconds() + "s");
        all.addAll(jvmOptions);
        return all;
    }

    /** The class path: the application, then Vigil (the launchers live in vigil.jar). */
    /**
     * JNA, for sd_notify under systemd. It is not inside vigil.jar (it cannot be relocated), so the unit names the
     * copy Debian's libjna-java installs.
     */
    public static final String LINUX_JNA_JAR = "/usr/share/java/jna.jar";

    public String classPathOn(Platform platform) {
        String classPath = appJarOn(platform) + platform.pathSeparator() + vigilJarOn(platform);
        if (platform == Platform.LINUX && serviceClass() != null) {
            classPath += platform.pathSeparator() + LINUX_JNA_JAR;
        }
        return classPath;
    }
}
