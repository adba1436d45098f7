package dev.vigil.agent.leak;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuspectTest {
    @Test
    void ownerIsTheApplicationClassNearestToTheLeakedObjects() {
        List<String> path = List.of("jdk.internal.loader.ClassLoaders$AppClassLoader.classes",
                "java.util.ArrayList.elementData", "java.lang.Object[] [586]",
                "dev.vigil.demo.HostClientRegistry.CLIENTS (static)", "java.util.concurrent.ConcurrentHashMap.table",
                "java.util.concurrent.ConcurrentHashMap$Node.val", "dev.vigil.demo.HostClient.connectionBuffers",
                "java.util.ArrayList.elementData", "java.lang.Object[] [2]", "byte[]");
        assertThat(Suspect.owner(path)).isEqualTo("dev.vigil.demo.HostClient");
        assertThat(Suspect.owner(List.of("com.acme.Cache.ENTRIES (static)", "java.util.HashMap.table",
                "java.util.HashMap$Node[] [3]", "com.acme.Order"))).isEqualTo("com.acme.Order");
        assertThat(Suspect.owner(List.of("java.lang.Thread.contextClassLoader", "byte[]"))).isNull();
        assertThat(Suspect.owner(List.of())).isNull();
    }

    @Test
    void objectsVigilItselfHoldsAreNeverSuspects() {
        Suspect ours = new Suspect("java.util.HashMap$Node", 8000, 256_000, List.of(
                "dev.vigil.core.histogram.ClassHistogram.byClass", "java.util.HashMap.table",
                "java.util.HashMap$Node[] [857]", "java.util.HashMap$Node"), List.of(), "jfr-old-object-sample");
        Suspect hosts = new Suspect("byte[]", 4000, 5_000_000, List.of("dev.vigil.demo.HostClientRegistry.CLIENTS (static)",
                "dev.vigil.demo.HostClient.connectionBuffers", "byte[]"), List.of(), "jfr-old-object-sample");
        assertThat(HeapAttribution.heldByVigil(ours)).isTrue();
        assertThat(HeapAttribution.heldByVigil(new Suspect("dev.vigil.core.histogram.ClassHistogram$Counts", 2000,
                64_000, List.of(), List.of(), null))).isTrue();
        assertThat(HeapAttribution.heldByVigil(hosts)).isFalse();
    }
}
