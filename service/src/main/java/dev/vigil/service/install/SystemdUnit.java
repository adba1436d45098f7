package dev.vigil.service.install;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The systemd unit. With a service class it is {@code Type=notify}: the runner sends READY=1 once started (and
 * EXTEND_TIMEOUT_USEC while a slow start makes progress), STOPPING=1 when it drains, WATCHDOG=1 after real health
 * checks. {@code Restart=on-failure} restarts after any non-zero exit (only a clean stop exits 0).
 */
public final class SystemdUnit {
    /** Starts allowed within the start-limit interval before systemd gives up restarting. */
    static final int START_LIMIT_BURST = 5;

    private SystemdUnit() {
    }

    /**
     * The start-limit interval must be longer than {@code burst × (start time + restart delay)}; otherwise a JVM
     * that takes a minute to fail never hits the limit and crash-loops forever, while one with a short interval
     * and quick failures is given up on before a transient cause (a database restart) has passed.
     */
    static Duration startLimitInterval(ServiceDescriptor d) {
        return d.startTimeout().plus(d.restartDelay()).multipliedBy(START_LIMIT_BURST).plusMinutes(1);
    }

    public static String of(ServiceDescriptor d) {
        Platform l = Platform.LINUX;
        boolean notify = d.serviceClass() != null;
        List<String> command = new ArrayList<>();
        command.add(d.javaOn(l));
        command.addAll(d.jvmOptionsOn(l));
        if (notify) {
            command.add("-cp");
            command.add(d.classPathOn(l));
            command.add("dev.vigil.service.ServiceMain");
            command.add(d.serviceClass());
        } else { // -jar ignores -cp; the agent reaches the class path through -javaagent
            command.add("-jar");
            command.add(d.appJarOn(l));
        }
        StringBuilder u = new StringBuilder();
        u.append("# systemd unit for ").append(d.name()).append(", written by vigil service install.\n");
        u.append("# Install: cp ").append(d.name()).append(".service /etc/systemd/system/ && systemctl daemon-reload")
                .append(" && systemctl enable --now ").append(d.name()).append('\n');
        u.append("[Unit]\n");
        u.append("Description=").append(d.description()).append('\n');
        u.append("After=network-online.target\n");
        u.append("Wants=network-online.target\n");
        u.append("# ").append(START_LIMIT_BURST).append(" starts per interval; the interval outlasts that many slow ")
                .append("starts plus restart delays\n");
        u.append("StartLimitIntervalSec=").append(startLimitInterval(d).toSeconds()).append('\n');
        u.append("StartLimitBurst=").append(START_LIMIT_BURST).append('\n');
        u.append('\n');
        u.append("[Service]\n");
        if (notify) {
            u.append("Type=notify\n");
            u.append("NotifyAccess=main\n");
        } else {
            u.append("# No service class: the JVM cannot say when it is ready, so systemd counts it started once ")
                    .append("exec succeeds\n");
            u.append("Type=exec\n");
        }
        u.append("ExecStart=").append(String.join(" ", command.stream().map(SystemdUnit::quote).toList()))
                .append('\n');
        u.append("WorkingDirectory=").append(quote(d.homeOn(l))).append('\n');
        if (d.user() != null) u.append("User=").append(d.user()).append('\n');
        if (d.configFile() != null) u.append("Environment=").append(quote("VIGIL_CONFIG=" + d.configFile()))
                .append('\n');
        u.append("TimeoutStartSec=").append(d.startTimeout().toSeconds()).append('\n');
        u.append("# the runner drains for ").append(d.stopTimeout().toSeconds())
                .append("s; systemd waits a margin longer before SIGKILL\n");
        u.append("TimeoutStopSec=").append(d.managerStopSeconds()).append('\n');
        u.append("Restart=on-failure\n");
        u.append("RestartSec=").append(d.restartDelay().toSeconds()).append('\n');
        if (d.watchdog() != null && notify) u.append("WatchdogSec=").append(d.watchdog().toSeconds()).append('\n');
        u.append("StandardOutput=journal\n");
        u.append("StandardError=journal\n");
        u.append("SyslogIdentifier=").append(d.name()).append('\n');
        u.append('\n');
        u.append("[Install]\n");
        u.append("WantedBy=multi-user.target\n");
        return u.toString();
    }

    /** systemd's command-line quoting: double quotes around words with spaces; '%' doubled (specifier escape). */
    static String quote(String word) {
        String escaped = word.replace("\\", "\\\\").replace("%", "%%");
        return escaped.matches("[^\\s\"']+") ? escaped : "\"" + escaped.replace("\"", "\\\"") + "\"";
    }
}
