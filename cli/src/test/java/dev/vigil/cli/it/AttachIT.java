package dev.vigil.cli.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil attach <pid>} into a JVM that started without the agent. */
class AttachIT {
    static List<Path> jdks() {
        return TargetJvm.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attachStartsTheDebugServerInARunningJvm(Path jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, List.of(), Workload.class.getName(), "300")) {
            target.awaitOutput("workload ready", Duration.ofSeconds(30));
            ExternalTool.Result attach = ExternalTool.run(List.of(TargetJvm.java(jdk).toString(), "-jar",
                    TargetJvm.VIGIL_JAR.toString(), "attach", Long.toString(target.pid()), "port=0"), "a JDK");
            assertThat(attach.exitCode()).as(attach.output()).isZero();
            Matcher m = Pattern.compile("debug server at (http://\\S+/debug/pprof/)").matcher(attach.output());
            assertThat(m.find()).as(attach.output()).isTrue();
            DebugClient client = new DebugClient(m.group(1));
            var vars = client.get("/debug/vars");
            assertThat(vars.statusCode()).isEqualTo(200);
            // the attached runtime is defined by the agent's own class loader, not the target's
            assertThat(new ObjectMapper().readTree(vars.body())
                    .at("/vigil/class_loader").asText()).isEqualTo("vigil");
            Path goroutines = client.download("/debug/pprof/goroutine", ".pb.gz");
            assertThat(ExternalTool.pprof(goroutines, "-traces")).contains("Workload.vigilWorkloadParker");

            ExternalTool.Result again = ExternalTool.run(List.of(TargetJvm.java(jdk).toString(), "-jar",
                    TargetJvm.VIGIL_JAR.toString(), "attach", Long.toString(target.pid()), "port=0"), "a JDK");
            assertThat(again.exitCode()).isZero();
            target.awaitOutput("already running at " + m.group(1), Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attachToANonJvmFailsWithASentence(Path jdk) throws Exception {
        ExternalTool.Result r = ExternalTool.run(List.of(TargetJvm.java(jdk).toString(), "-jar",
                TargetJvm.VIGIL_JAR.toString(), "attach", "999999999"), "a JDK");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).startsWith("vigil attach: cannot attach to 999999999").doesNotContain("\tat ");
        ExternalTool.Result bad = ExternalTool.run(List.of(TargetJvm.java(jdk).toString(), "-jar",
                TargetJvm.VIGIL_JAR.toString(), "attach", "1", "noequals"), "a JDK");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).contains("'noequals' is not key=value");
    }
}
