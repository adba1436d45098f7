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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

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
        Path classes = Path.of(Vigil.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("agent.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void definesTheAgentsClassesAndTakesSharedOnesFromTheHost() throws Exception {
        ClassLoader host = getClass().getClassLoader();
        ClassLoader loader = AgentClassLoader.open(agentJar(), host);

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
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Vigil.startAgent("port=0", missing))
                .isInstanceOf(IOException.class);
        assertThat(Vigil.current()).isEmpty();
    }
}
