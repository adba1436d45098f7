package dev.vigil.cli;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code vigil attach <pid> [key=value ...]}: loads this jar as an agent into a running JVM. */
@Command(name = "attach",
        description = "Start Vigil inside a running JVM (same user; the JVM must allow attach).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:attached", "1:the JVM refused or the attach failed", "2:bad arguments"})
final class AttachCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PID", description = "process id of the target JVM")
    long pid;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "settings, as for -javaagent (e.g. port=7070 config=/etc/vigil.yaml)")
    List<String> settings = List.of();

    @Override
    public Integer call() {
        for (String s : settings) {
            if (s.indexOf('=') <= 0 || s.contains(",")) {
                System.err.println("vigil attach: '" + s + "' is not key=value (commas are not allowed in a value)");
                return 2;
            }
        }
        Path jar;
        try {
            jar = Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            System.err.println("vigil attach: cannot locate vigil.jar: " + e.getMessage());
            return 1;
        }
        if (!Files.isRegularFile(jar)) {
            System.err.println("vigil attach: run this from vigil.jar (java -jar vigil.jar attach ...), not from " + jar);
            return 1;
        }
        VirtualMachine vm = null;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
            vm.loadAgent(jar.toString(), String.join(",", settings));
            String url = vm.getSystemProperties().getProperty("vigil.debug.url");
            System.out.println(url != null ? "vigil: attached to " + pid + "; debug server at " + url
                    : "vigil: attached to " + pid + ", but its debug server did not start; see that JVM's stderr");
            return 0;
        } catch (AttachNotSupportedException e) {
            System.err.println("vigil attach: cannot attach to " + pid + ": " + e.getMessage()
                    + " (is it a JVM of the same user, started without -XX:+DisableAttachMechanism?)");
        } catch (AgentLoadException | com.sun.tools.attach.AgentInitializationException e) {
            System.err.println("vigil attach: " + pid + " refused the agent: " + e.getMessage());
        } catch (IOException e) {
            System.err.println("vigil attach: cannot attach to " + pid + ": " + e.getMessage());
        } finally {
            if (vm != null) {
                try {
                    vm.detach();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
        return 1;
    }
}
