package dev.vigil.service.install;

import java.util.List;

/**
 * The WinSW service XML. WinSW starts {@code java.exe} as a child process; on stop it sends Ctrl+C, which the
 * runner takes as SIGINT and drains, and after {@code <stoptimeout>} it kills the process. {@code <onfailure>}
 * restarts the service when the JVM exits non-zero; logs roll by size.
 */
public final class WinswXml {
    static final int LOG_ROLL_KILOBYTES = 10 * 1024;
    static final int LOG_KEEP_FILES = 8;

    private WinswXml() {
    }

    public static String of(ServiceDescriptor d) {
        Platform w = Platform.WINDOWS;
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<!-- WinSW configuration for ").append(escape(d.name()))
                .append(". Install with: ").append(escape(d.name())).append(".exe install -->\n");
        x.append("<service>\n");
        element(x, "id", d.name());
        element(x, "name", d.displayName());
        element(x, "description", d.description());
        element(x, "executable", d.javaOn(w));
        List<String> options = d.jvmOptionsOn(w);
        for (String option : options) element(x, "argument", option);
        if (d.serviceClass() != null) {
            element(x, "argument", "-cp");
            element(x, "argument", d.classPathOn(w));
            element(x, "argument", "dev.vigil.service.ServiceMain");
            element(x, "argument", d.serviceClass());
        } else { // -jar ignores -cp; the agent reaches the class path through -javaagent
            element(x, "argument", "-jar");
            element(x, "argument", d.appJarOn(w));
        }
        element(x, "workingdirectory", d.homeOn(w));
        if (d.configFile() != null) {
            x.append("  <env name=\"VIGIL_CONFIG\" value=\"").append(escape(d.configFile())).append("\"/>\n");
        }
        element(x, "startmode", "Automatic");
        x.append("  <!-- Ctrl+C first; the runner drains for ").append(d.stopTimeout().toSeconds())
                .append("s, WinSW waits a margin longer before it kills -->\n");
        element(x, "stoptimeout", d.managerStopSeconds() + " sec");
        long delay = d.restartDelay().toSeconds();
        x.append("  <onfailure action=\"restart\" delay=\"").append(delay).append(" sec\"/>\n");
        x.append("  <onfailure action=\"restart\" delay=\"").append(delay * 3).append(" sec\"/>\n");
        x.append("  <onfailure action=\"restart\" delay=\"").append(delay * 6).append(" sec\"/>\n");
        element(x, "resetfailure", "1 day");
        element(x, "logpath", d.logDirOn(w));
        x.append("  <log mode=\"roll-by-size\">\n");
        x.append("    <sizeThreshold>").append(LOG_ROLL_KILOBYTES).append("</sizeThreshold>\n");
        x.append("    <keepFiles>").append(LOG_KEEP_FILES).append("</keepFiles>\n");
        x.append("  </log>\n");
        if (d.user() != null) {
            x.append("  <serviceaccount>\n");
            x.append("    <username>").append(escape(d.user())).append("</username>\n");
            x.append("    <allowservicelogon>true</allowservicelogon>\n");
            x.append("  </serviceaccount>\n");
        }
        x.append("</service>\n");
        return x.toString();
    }

    private static void element(StringBuilder x, String name, String text) {
        x.append("  <").append(name).append('>').append(escape(text)).append("</").append(name).append(">\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
