package dev.vigil.cli.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent is a guest: whatever goes wrong on its side, the host starts, runs and exits as it would without it. */
class AgentSafetyIT {
    private static final Path JDK17 = TargetJvm.jdks().get(0);

    static List<Path> jdks() {
        return TargetJvm.jdks();
    }

    @Test
    void remoteBindWithoutTokenDoesNotStartTheServerButTheHostRuns() throws Exception {
        try (TargetJvm jvm = TargetJvm.startWorkloadWithAgent(JDK17, "host=0.0.0.0,port=0")) {
            jvm.awaitOutput("workload ready", Duration.ofSeconds(30));
            jvm.awaitOutput("debug server not started: host 0.0.0.0 is not a loopback address and no auth.token",
                    Duration.ofSeconds(10));
            assertThat(jvm.isAlive()).isTrue();
            assertThat(jvm.stderr()).doesNotContain("debug server on");
        }
    }

    @Test
    void withATokenEveryRequestNeedsIt() throws Exception {
        try (TargetJvm jvm = TargetJvm.startWorkloadWithAgent(JDK17, "host=0.0.0.0,port=0,auth.token=letmein")) {
            String url = jvm.awaitDebugUrl();
            assertThat(jvm.stderr()).contains("(bearer token required)");
            DebugClient client = new DebugClient(url.replace("0.0.0.0", "127.0.0.1"));
            HttpResponse<String> anonymous = client.get("/debug/vars");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"vigil\"");
            assertThat(client.get("/debug/vars", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(client.get("/debug/vars", "Authorization", "Bearer letmein").statusCode()).isEqualTo(200);
            assertThat(client.get("/debug/vars", "Authorization", "Bearer letmein").body())
                    .doesNotContain("letmein").contains("******");
        }
    }

    @Test
    void aTakenPortIsReportedAndSamplingGoesOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TargetJvm jvm = TargetJvm.startWorkloadWithAgent(JDK17, "port=" + taken.getLocalPort())) {
            jvm.awaitOutput("workload ready", Duration.ofSeconds(30));
            jvm.awaitOutput("127.0.0.1:" + taken.getLocalPort() + " is taken", Duration.ofSeconds(10));
            assertThat(jvm.isAlive()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutJfrTheJfrEndpointsAnswer503AndTheRestWorks(Path jdk) throws Exception {
        String modules = "--limit-modules=java.base,java.management,java.instrument,jdk.httpserver,jdk.management";
        try (TargetJvm jvm = TargetJvm.startWorkloadWithAgent(jdk, "port=0", modules)) {
            DebugClient client = new DebugClient(jvm.awaitDebugUrl());
            for (String path : List.of("/debug/pprof/profile?seconds=1", "/debug/pprof/heap?seconds=1",
                    "/debug/pprof/allocs?seconds=1", "/debug/pprof/block?seconds=1", "/debug/pprof/mutex?seconds=1",
                    "/debug/pprof/trace?seconds=1")) {
                AgentEndpointsIT.assertProblem(client.get(path), 503, "JFR is not available");
            }
            assertThat(client.get("/debug/vars").statusCode()).isEqualTo(200);
            assertThat(client.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(client.get("/debug/pprof/goroutine?debug=1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badConfigIsOneLinePerProblemAndTheRestApplies() throws Exception {
        Path yaml = Files.createTempFile("vigil-it-", ".yaml");
        Files.writeString(yaml, "sampling:\n  interval: soon\nprofile:\n  max-duration: 7s\n");
        try (TargetJvm jvm = TargetJvm.startWorkloadWithAgent(JDK17, "port=0,bogus=1,config=" + yaml)) {
            DebugClient client = new DebugClient(jvm.awaitDebugUrl());
            String err = jvm.stderr();
            assertThat(err).contains("config key 'sampling.interval' (file line 2): 'soon' is not a duration")
                    .contains("using default 3s")
                    .contains("config key 'bogus' (agent options): unknown key");
            AgentEndpointsIT.assertProblem(client.get("/debug/pprof/profile?seconds=8"), 400, "from 1 to 7");
            assertThat(client.get("/debug/vars").body()).contains("\"sampling.interval\" : \"3s\"");
        }
    }

    @Test
    void unreadableYamlKeepsEveryDefault() throws Exception {
        Path yaml = Files.createTempFile("vigil-it-", ".yaml");
        Files.writeString(yaml, "profile: {max-duration: [\n");
        try (TargetJvm jvm = TargetJvm.startWorkloadWithAgent(JDK17, "port=0,config=" + yaml)) {
            jvm.awaitDebugUrl();
            assertThat(jvm.stderr()).contains("is not valid YAML");
            assertThat(jvm.isAlive()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theAgentNeverKeepsTheHostAlive(Path jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.start(jdk, List.of("-javaagent:" + TargetJvm.VIGIL_JAR + "=port=0"),
                Workload.class.getName(), "2")) {
            jvm.awaitDebugUrl();
            assertThat(jvm.waitForExit(Duration.ofSeconds(30)))
                    .as("the workload's main returns after 2 s; with only daemon threads left the JVM exits 0")
                    .isEqualTo(0);
        }
    }
}
