package dev.vigil.cli;

import dev.vigil.core.config.DurationText;
import dev.vigil.service.ServiceStopper;
import dev.vigil.service.install.Platform;
import dev.vigil.service.install.ServiceDescriptor;
import dev.vigil.service.install.ServiceInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil service install|stop}: writes service-manager descriptors (procrun script and WinSW XML for
 * Windows, a systemd unit for Linux), and stops a running service gracefully.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Run a JVM as a Windows service or Linux daemon: write descriptors, stop gracefully.",
        subcommands = {ServiceCommand.Install.class, ServiceCommand.Stop.class})
public final class ServiceCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Write the files that install a service: for windows a procrun install/uninstall script "
                    + "and a WinSW XML, for linux a systemd unit. Installs nothing by itself.",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:written", "2:usage", "4:I/O error"})
    static final class Install implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "Service id (letters, digits, - _ .)")
        String name;

        @Option(names = "--jar", required = true, paramLabel = "APP.jar",
                description = "The application jar, as it will be on the target (relative: under --home)")
        String jar;

        @Option(names = "--class", paramLabel = "SERVICE_CLASS",
                description = "The dev.vigil.service.Service implementation; without it the jar's Main-Class runs "
                        + "and stop is the JVM's shutdown hooks")
        String serviceClass;

        @Option(names = "--platform", description = "windows or linux (default: this machine's)")
        String platform;

        @Option(names = "--out", defaultValue = ".", description = "Directory to write to (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--home", description = "Install directory on the target (default C:\\Services\\NAME or "
                + "/opt/NAME)")
        String home;

        @Option(names = "--java-home", description = "JDK on the target (default: java on PATH / procrun auto)")
        String javaHome;

        @Option(names = "--agent-options", defaultValue = "", description = "Vigil agent options, e.g. port=6060")
        String agentOptions;

        @Option(names = "--config", description = "Vigil YAML config on the target (sets VIGIL_CONFIG)")
        String config;

        @Option(names = "--jvm-option", description = "Extra JVM option (repeatable)")
        List<String> jvmOptions = new ArrayList<>();

        @Option(names = "--user", description = "Account the service runs as")
        String user;

        @Option(names = "--stop-timeout", defaultValue = "30s", description = "Drain budget (default: ${DEFAULT-VALUE})")
        String stopTimeout;

        @Option(names = "--start-timeout", defaultValue = "2m",
                description = "How long a start may take (default: ${DEFAULT-VALUE})")
        String startTimeout;

        @Option(names = "--watchdog", description = "systemd WatchdogSec, e.g. 60s (default: none)")
        String watchdog;

        @Override
        public Integer call() {
            Platform target;
            ServiceDescriptor descriptor;
            try {
                target = platform == null ? Platform.current()
                        : Platform.valueOf(platform.trim().toUpperCase(Locale.ROOT));
                descriptor = new ServiceDescriptor(name, null, null, home, jar, null, serviceClass, javaHome,
                        jvmOptions, agentOptions, config, null, user, DurationText.parse(stopTimeout),
                        DurationText.parse(startTimeout), Duration.ofSeconds(10),
                        watchdog == null ? null : DurationText.parse(watchdog));
            } catch (IllegalArgumentException e) {
                System.err.println("vigil service install: " + e.getMessage());
                return 2;
            }
            try {
                for (Path file : ServiceInstaller.write(descriptor, target, out)) {
                    System.out.println("wrote " + file);
                }
                return 0;
            } catch (IOException e) {
                System.err.println("vigil service install: cannot write to " + out + ": " + e.getMessage());
                return 4;
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Ask a running service to stop gracefully (SIGTERM) and wait for its drain.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:stopped", "1:not running", "2:usage", "3:still running after --timeout",
                    "4:unsupported here (Windows: use the service manager)"})
    static final class Stop implements Callable<Integer> {
        @Option(names = "--pidfile", description = "jsvc's or ServiceMain's pidfile")
        Path pidfile;

        @Option(names = "--pid", description = "Process id")
        Long pid;

        @Option(names = "--timeout", defaultValue = "60s", description = "How long to wait (default: ${DEFAULT-VALUE})")
        String timeout;

        @Override
        public Integer call() {
            long target;
            Duration wait;
            try {
                wait = DurationText.parse(timeout);
                if (pid != null) {
                    target = pid;
                } else if (pidfile != null) {
                    target = ServiceStopper.readPidfile(pidfile);
                } else {
                    System.err.println("vigil service stop: give --pid or --pidfile");
                    return 2;
                }
            } catch (IllegalArgumentException | IOException e) {
                System.err.println("vigil service stop: " + e.getMessage());
                return 2;
            }
            ServiceStopper.Result result = ServiceStopper.stop(target, wait);
            System.out.println(result.message());
            return switch (result.outcome()) {
                case STOPPED -> 0;
                case NOT_RUNNING -> 1;
                case STILL_RUNNING -> 3;
                case UNSUPPORTED -> 4;
            };
        }
    }
}
