package dev.vigil.cli.it;

import org.junit.jupiter.api.Test;

import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent lives on someone else's class path: every class in vigil.jar must sit under dev/vigil/. */
class JarContentsIT {
    @Test
    void everyClassIsOursOrRelocated() throws Exception {
        try (JarFile jar = new JarFile(TargetJvm.VIGIL_JAR.toFile())) {
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")))
                    .isNotEmpty()
                    .allMatch(n -> n.startsWith("dev/vigil/"), "under dev/vigil/");
            var manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Premain-Class")).isEqualTo("dev.vigil.agent.AgentMain");
            assertThat(manifest.getValue("Agent-Class")).isEqualTo("dev.vigil.agent.AgentMain");
            assertThat(manifest.getValue("Main-Class")).isEqualTo("dev.vigil.cli.VigilCommand");
        }
    }
}
