package dev.vigil.service.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generated descriptors against each tool's documented options: procrun's parameter table
 * (commons.apache.org/daemon/procrun.html), WinSW's XML configuration reference (docs/xml-config-file.md and
 * logging-and-error-reporting.md), and, for systemd, {@code systemd-analyze verify} itself.
 */
class DescriptorTest {
    /** procrun's documented --Parameters (Apache Commons Daemon procrun page). */
    static final Set<String> PROCRUN_PARAMETERS = Set.of("Description", "DisplayName", "Install", "ServiceUser",
            "ServicePassword", "Startup", "Type", "DependsOn", "Environment", "User", "Password", "LibraryPath",
            "JavaHome", "Jvm", "JvmOptions", "JvmOptions9", "Classpath", "JvmMs", "JvmMx", "JvmSs", "StartMode",
            "StartImage", "StartPath", "StartClass", "StartMethod", "StartParams", "StopMode", "StopImage",
            "StopPath", "StopClass", "StopMethod", "StopParams", "StopTimeout", "LogPath", "LogPrefix", "LogLevel",
            "LogJniMessages", "StdOutput", "StdError", "PidFile");
    /** WinSW's documented top-level elements. */
    static final Set<String> WINSW_ELEMENTS = Set.of("id", "name", "description", "executable", "startmode",
            "delayedAutoStart", "depend", "logpath", "log", "argument", "arguments", "startargument", "stopargument",
            "stopexecutable", "prestart", "poststart", "prestop", "poststop", "stoptimeout", "env", "interactive",
            "beeponshutdown", "download", "onfailure", "resetfailure", "securityDescriptor", "serviceaccount",
            "workingdirectory", "priority");
    static final Set<String> WINSW_LOG_MODES = Set.of("append", "reset", "none", "roll", "roll-by-size",
            "roll-by-time", "roll-by-size-time");
    static final Pattern WINSW_DURATION = Pattern.compile("\\d+ ?(ms|sec|secs|min|mins|hour|hours|day|days)");

    @TempDir
    Path dir;

    ServiceDescriptor orders() {
        return new ServiceDescriptor("orders", "Order Service", "Takes orders", null, "orders.jar", null,
                "com.acme.OrderService", null, List.of("-Xmx512m"), "port=6060", null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    @Test
    void procrunScriptUsesOnlyDocumentedParametersInJvmMode() {
        String script = ProcrunScript.install(orders());
        assertThat(script).contains("//IS//orders");
        Matcher m = Pattern.compile("--([A-Za-z0-9]+)=\"([^\"]*)\"").matcher(script);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            assertThat(PROCRUN_PARAMETERS).as("--%s is a documented procrun parameter", m.group(1))
                    .contains(m.group(1));
        }
        assertThat(names).contains("StartMode", "StartClass", "StartMethod", "StopMode", "StopClass", "StopMethod",
                "StopTimeout", "JvmOptions", "LogPath", "Classpath");
        assertThat(ProcrunScript.parameters(orders())).contains("--StartMode=jvm", "--StopMode=jvm",
                "--StartClass=" + ProcrunScript.LAUNCHER, "--StartMethod=start", "--StopMethod=stop",
                "--StartParams=com.acme.OrderService", "--StopTimeout=45", "--LogPath=C:\\Services\\orders\\logs")
                .anyMatch(p -> p.startsWith("--JvmOptions=-javaagent:C:\\Services\\orders\\vigil.jar=port=6060;"));
        assertThat(script).contains("sc failure orders reset= 86400 actions= restart/10000/")
                .contains("sc failureflag orders 1");
        assertThat(ProcrunScript.uninstall(orders())).contains("//DS//orders");
    }

    @Test
    void procrunStopTimeoutOutlastsTheRunnersDrain() {
        String timeout = ProcrunScript.parameters(orders()).stream().filter(p -> p.startsWith("--StopTimeout="))
                .findFirst().orElseThrow().substring("--StopTimeout=".length());
        assertThat(Long.parseLong(timeout)).isGreaterThan(orders().stopTimeout().toSeconds());
    }

    @Test
    void winswXmlUsesOnlyDocumentedElements() throws Exception {
        String xml = WinswXml.of(orders());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("service");
        List<String> arguments = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element e)) continue;
            assertThat(WINSW_ELEMENTS).as("<%s> is a documented WinSW element", e.getTagName())
                    .contains(e.getTagName());
            switch (e.getTagName()) {
                case "stoptimeout", "resetfailure" -> assertThat(e.getTextContent()).matches(WINSW_DURATION);
                case "onfailure" -> {
                    assertThat(e.getAttribute("action")).isIn("restart", "reboot", "none");
                    assertThat(e.getAttribute("delay")).matches(WINSW_DURATION);
                }
                case "log" -> assertThat(e.getAttribute("mode")).isIn(WINSW_LOG_MODES);
                case "argument" -> arguments.add(e.getTextContent());
                default -> {
                }
            }
        }
        assertThat(text(root, "id")).isEqualTo("orders");
        assertThat(text(root, "stoptimeout")).isEqualTo("45 sec");
        assertThat(arguments).startsWith("-javaagent:C:\\Services\\orders\\vigil.jar=port=6060")
                .containsSubsequence("-cp", "C:\\Services\\orders\\orders.jar;C:\\Services\\orders\\vigil.jar",
                        "dev.vigil.service.ServiceMain", "com.acme.OrderService");
        Element log = (Element) root.getElementsByTagName("log").item(0);
        assertThat(text(log, "sizeThreshold")).isEqualTo("10240");
        assertThat(text(log, "keepFiles")).isEqualTo("8");
        assertThat(root.getElementsByTagName("onfailure").getLength()).isEqualTo(3);
    }

    private static String text(Element parent, String tag) {
        Node n = parent.getElementsByTagName(tag).item(0);
        return n == null ? null : n.getTextContent();
    }

    @Test
    void systemdUnitIsNotifyWithRestartAndAStartLimitForSlowStarts() {
        String unit = SystemdUnit.of(orders());
        assertThat(unit).contains("Type=notify", "NotifyAccess=main", "Restart=on-failure", "RestartSec=10",
                "TimeoutStopSec=45", "TimeoutStartSec=180", "WatchdogSec=60", "StartLimitBurst=5");
        // 5 x (180 s start + 10 s delay) + 60 s: a slow crash loop still hits the limit, a transient one does not
        assertThat(unit).contains("StartLimitIntervalSec=1010");
        assertThat(unit.indexOf("StartLimitIntervalSec")).isLessThan(unit.indexOf("[Service]"));
        assertThat(unit).contains("ExecStart=/usr/bin/java -javaagent:/opt/orders/vigil.jar=port=6060 "
                + "-Dvigil.service.stop-timeout=30s -Xmx512m "
                + "-cp /opt/orders/orders.jar:/opt/orders/vigil.jar:/usr/share/java/jna.jar "
                + "dev.vigil.service.ServiceMain com.acme.OrderService");
    }

    @Test
    void aPlainJarGetsTypeExecAndProcrunStopsThroughSystemExit() {
        ServiceDescriptor plain = ServiceDescriptor.of("plain", "/srv/plain/app.jar", null);
        assertThat(SystemdUnit.of(plain)).contains("Type=exec").doesNotContain("Type=notify")
                .contains("-jar /srv/plain/app.jar").doesNotContain(" -cp ");
        assertThat(ProcrunScript.parameters(plain)).contains("--StopClass=java.lang.System", "--StopMethod=exit");
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assertThat(analyze).as("systemd-analyze (apt-get install systemd)").isExecutable();
        Path home = Files.createDirectories(dir.resolve("home"));
        ServiceDescriptor d = new ServiceDescriptor("vigil-verify-" + ProcessHandle.current().pid(), null, null,
                home.toString(), "app.jar", null, "com.acme.OrderService", System.getProperty("java.home"),
                List.of(), "", dir.resolve("vigil.yaml").toString(), null, null, null, null, null,
                Duration.ofSeconds(30));
        List<Path> files = ServiceInstaller.write(d, Platform.LINUX, dir.resolve("out"));
        assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).endsWith(".service"));

        Process p = new ProcessBuilder(analyze.toString(), "verify", files.get(0).toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        // verify exits 0 even for unknown keys; any line about our unit is a finding
        assertThat(output.lines().filter(l -> l.contains(d.name()))).as(output).isEmpty();
    }

    @Test
    void writesTheWindowsFilesIntoTheOutputDirectory() throws Exception {
        List<Path> files = ServiceInstaller.write(orders(), Platform.WINDOWS, dir);
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("install-orders.cmd", "uninstall-orders.cmd", "orders.xml");
    }

    @Test
    void refusesNamesAndOptionsTheScriptsCannotCarry() {
        assertThatThrownBy(() -> ServiceDescriptor.of("my service", "a.jar", null))
                .hasMessageContaining("service name");
        assertThatThrownBy(() -> new ServiceDescriptor("ok", null, null, null, "a.jar", null, null, null,
                List.of("-Dx=a;b"), null, null, null, null, null, null, null, null))
                .hasMessageContaining("-Dx=a;b");
    }
}
