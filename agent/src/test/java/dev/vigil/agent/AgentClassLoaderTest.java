package dev.vigil.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent's own class loader, over a jar of this module's compiled classes (the other modules' classes are not in
 * it, so they come from the parent, as JDK classes do).
 */
class AgentClassLoaderTest {
    @TempDir
    Path dir;

    @AfterEach
    void stopVigil() {
        Vigil.current().ifPresent(Vigil::close);
    }

    /** A jar of the agent module's classes, as vigil.jar holds them. */
    private Path agentJar() throws Exception {
        return agentJar(Map.of());
    }

    /** The same jar with some class files replaced by other bytes. */
    private Path agentJar(Map<String, byte[]> replaced) throws Exception {
        Path classes = Path.of(Vigil.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("agent.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                out.putNextEntry(new JarEntry(name));
                out.write(replaced.containsKey(name) ? replaced.get(name) : Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void definesTheAgentsClassesAndTakesSharedOnesFromTheHost() throws Exception {
        ClassLoader host = getClass().getClassLoader();
        try (AgentClassLoader loader = AgentClassLoader.open(agentJar(), host)) {
            assertDefinesAgentClassesAndSharesTheRest(loader);
        }
    }

    private static void assertDefinesAgentClassesAndSharesTheRest(AgentClassLoader loader) throws Exception {
        Class<?> runtime = loader.loadClass("dev.vigil.agent.VigilRuntime");
        assertThat(runtime.getClassLoader()).isSameAs(loader);
        assertThat(runtime).isNotSameAs(VigilRuntime.class);
        assertThat(loader.loadClass("dev.vigil.agent.RuntimeLauncher").getClassLoader()).isSameAs(loader);
        assertThat(loader.getName()).isEqualTo("vigil");

        for (Class<?> shared : List.of(Vigil.class, RunningVigil.class, dev.vigil.agent.vars.PublishedVars.class,
                dev.vigil.service.ServiceRunner.class)) {
            assertThat(loader.loadClass(shared.getName())).isSameAs(shared);
        }
        // not in the jar: from the parent, as are the JDK's classes
        assertThat(loader.loadClass("dev.vigil.core.config.VigilConfig"))
                .isSameAs(dev.vigil.core.config.VigilConfig.class);
        assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
    }

    @Test
    void sharesTheHandleThePublishedVarsAndTheServiceApiOnly() {
        assertThat(AgentClassLoader.sharedWithHost("dev.vigil.agent.Vigil")).isTrue();
        assertThat(AgentClassLoader.sharedWithHost("dev.vigil.service.watchdog.LeakVerdict")).isTrue();
        assertThat(AgentClassLoader.sharedWithHost("dev.vigil.service.config.ReloadableConfig")).isFalse();
        assertThat(AgentClassLoader.sharedWithHost("dev.vigil.agent.VigilRuntime")).isFalse();
        assertThat(AgentClassLoader.sharedWithHost("dev.vigil.agent.Vigil$Other")).isFalse();
        assertThat(AgentClassLoader.sharedWithHost("dev.vigil.shaded.jackson.databind.ObjectMapper")).isFalse();
    }

    @Test
    void theAgentsRuntimeRunsInItsOwnLoaderAndSeesWhatTheHostPublishes() throws Exception {
        Vigil.startAgent("port=0", agentJar());
        Vigil vigil = Vigil.current().orElseThrow();
        Vigil.publish("host_answer", () -> 42);
        try {
            HttpResponse<String> vars = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + vigil.port() + "/debug/vars")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(vars.statusCode()).isEqualTo(200);
            assertThat(vars.body()).contains("\"host_answer\" : 42").contains("\"class_loader\" : \"vigil\"");
        } finally {
            Vigil.unpublish("host_answer");
        }
    }

    @Test
    void aMissingJarIsAnIoErrorNotAHalfStartedVigil() {
        Path missing = dir.resolve("missing.jar");
        assertThatThrownBy(() -> Vigil.startAgent("port=0", missing))
                .isInstanceOf(IOException.class);
        assertThat(Vigil.current()).isEmpty();
    }

    @Test
    void aLaunchThatFailsLetsGoOfTheJar() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd to see open files");
        Path jar = agentJar(Map.of("dev/vigil/agent/RuntimeLauncher.class",
                "not a class file".getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> Vigil.startAgent("port=0", jar)).isInstanceOf(ClassFormatError.class);

        assertThat(Vigil.current()).isEmpty();
        assertThat(openFiles(fds)).doesNotContain(jar.toRealPath());
    }

    private static List<Path> openFiles(Path fds) throws IOException {
        List<Path> open = new ArrayList<>();
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : (Iterable<Path>) links::iterator) {
                try {
                    open.add(Files.readSymbolicLink(link));
                } catch (IOException e) {
                    // closed while listed (the listing's own descriptor)
                }
            }
        }
        return open;
    }
}
