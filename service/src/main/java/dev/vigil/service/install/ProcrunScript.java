package dev.vigil.service.install;

import java.util.ArrayList;
import java.util.List;

/**
 * The Windows install and uninstall scripts for procrun ({@code prunsrv.exe} from Apache Commons Daemon), jvm mode:
 * prunsrv loads the JVM in its own process and calls {@code ProcrunLauncher.start}/{@code stop}. The SCM's
 * recovery (restart after a failure) is set with {@code sc failure}, and {@code sc failureflag 1} makes a stop with
 * a non-zero exit code count as a failure too, not only a crash.
 */
public final class ProcrunScript {
    /** The launcher class procrun calls in jvm mode. */
    public static final String LAUNCHER = "dev.vigil.service.procrun.ProcrunLauncher";

    private ProcrunScript() {
    }

    /** The procrun parameters, one {@code --Name=value} each, in the order written. */
    public static List<String> parameters(ServiceDescriptor d) {
        Platform w = Platform.WINDOWS;
        List<String> p = new ArrayList<>();
        p.add("--DisplayName=" + d.displayName());
        p.add("--Description=" + d.description());
        p.add("--Startup=auto");
        if (d.javaHome() != null) {
            p.add("--JavaHome=" + d.javaHome());
            p.add("--Jvm=" + d.javaHome() + "\\bin\\server\\jvm.dll");
        } else {
            p.add("--Jvm=auto");
        }
        p.add("--Classpath=" + d.classPathOn(w));
        // -Xrs keeps the JVM from dying on the console's logoff event; procrun tells us to stop instead
        List<String> options = new ArrayList<>(d.jvmOptionsOn(w));
        options.add("-Xrs");
        p.add("--JvmOptions=" + String.join(";", options));
        p.add("--StartMode=jvm");
        if (d.serviceClass() != null) {
            p.add("--StartClass=" + LAUNCHER);
            p.add("--StartMethod=start");
            p.add("--StartParams=" + d.serviceClass());
            p.add("--StopMode=jvm");
            p.add("--StopClass=" + LAUNCHER);
            p.add("--StopMethod=stop");
        } else {
            // a plain main: System.exit runs its shutdown hooks, the only graceful stop it has
            p.add("--StartClass=" + mainClassPlaceholder(d));
            p.add("--StopMode=jvm");
            p.add("--StopClass=java.lang.System");
            p.add("--StopMethod=exit");
        }
        p.add("--StopTimeout=" + d.managerStopSeconds());
        p.add("--LogPath=" + d.logDirOn(w));
        p.add("--LogPrefix=" + d.name());
        p.add("--LogLevel=Info");
        p.add("--StdOutput=auto");
        p.add("--StdError=auto");
        p.add("--PidFile=" + d.name() + ".pid");
        if (d.user() != null) p.add("--ServiceUser=" + d.user());
        if (d.configFile() != null) p.add("--Environment=VIGIL_CONFIG=" + d.configFile());
        return p;
    }

    private static String mainClassPlaceholder(ServiceDescriptor d) {
        return "MAIN_CLASS_OF_" + d.name().replace('-', '_').replace('.', '_');
    }

    public static String install(ServiceDescriptor d) {
        String home = d.homeOn(Platform.WINDOWS);
        StringBuilder s = new StringBuilder();
        s.append("@echo off\r\n");
        s.append("rem Installs the Windows service ").append(d.name()).append(" under procrun (prunsrv.exe, jvm mode).\r\n");
        s.append("rem Run as Administrator, with prunsrv.exe (64-bit: amd64\\prunsrv.exe) in ").append(home).append(".\r\n");
        if (d.serviceClass() == null) {
            s.append("rem Replace ").append(mainClassPlaceholder(d)).append(" with the jar's Main-Class.\r\n");
        }
        s.append("setlocal\r\n");
        s.append("set \"PRUNSRV=").append(home).append("\\prunsrv.exe\"\r\n");
        s.append("\"%PRUNSRV%\" //IS//").append(d.name());
        for (String parameter : parameters(d)) {
            int eq = parameter.indexOf('=');
            s.append(" ^\r\n    ").append(parameter, 0, eq + 1).append('"').append(parameter.substring(eq + 1))
                    .append('"');
        }
        s.append("\r\n");
        s.append("if errorlevel 1 (echo procrun could not install ").append(d.name()).append(" & exit /b 1)\r\n");
        s.append("rem Recovery: restart after a failure; reset the failure count after a day of running.\r\n");
        long delayMillis = d.restartDelay().toMillis();
        s.append("sc failure ").append(d.name()).append(" reset= 86400 actions= restart/").append(delayMillis)
                .append("/restart/").append(delayMillis * 3).append("/restart/").append(delayMillis * 6)
                .append("\r\n");
        s.append("rem Count a stop with a non-zero exit code as a failure (Vigil exits 0 only for a clean stop).\r\n");
        s.append("sc failureflag ").append(d.name()).append(" 1\r\n");
        s.append("echo Installed ").append(d.name()).append(". Start it with: sc start ").append(d.name())
                .append("\r\n");
        return s.toString();
    }

    public static String uninstall(ServiceDescriptor d) {
        String home = d.homeOn(Platform.WINDOWS);
        return "@echo off\r\n"
                + "rem Stops (draining for up to " + d.managerStopSeconds() + "s) and removes the service "
                + d.name() + ".\r\n"
                + "\"" + home + "\\prunsrv.exe\" //DS//" + d.name() + "\r\n";
    }
}
