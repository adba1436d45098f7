package dev.vigil.agent.leak;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OldObjectAttributionTest {
    /** What the test leaks: a class of its own so no other allocation can match. */
    static final class LeakedThing {
        final byte[] payload = new byte[512];
    }

    static final List<LeakedThing> HOLDER = new ArrayList<>();

    static void allocateLeakedThing() {
        HOLDER.add(new LeakedThing());
    }

    @Test
    void namesTheAllocationStackAndTheHolderOfASurvivingClass() throws Exception {
        String name = LeakedThing.class.getName();
        try (OldObjectAttribution attribution = new OldObjectAttribution(Duration.ofSeconds(1))) {
            attribution.start();
            // like a real leak: survivors accumulate across collections while the garbage around them dies
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 5_000; i++) allocateLeakedThing();
                byte[][] churn = new byte[500][];
                for (int i = 0; i < churn.length; i++) churn[i] = new byte[1024];
                if (round % 5 == 4) System.gc();
            }
            System.gc();
            Map<String, OldObjectAttribution.Attribution> found = attribution.attribute(Set.of(name));
            assertThat(found).containsKey(name);
            OldObjectAttribution.Attribution a = found.get(name);
            assertThat(a.allocationStack()).first().asString().contains("allocateLeakedThing");
            assertThat(a.pathToGcRoot()).last().isEqualTo(name);
            assertThat(String.join(" -> ", a.pathToGcRoot())).contains("java.util.ArrayList.elementData");
        }
        HOLDER.clear();
    }

    @Test
    void samplesOfOneLeakGroupTogetherWhateverTheirArrayIndices() {
        List<String> a = List.of("Holder.MAP (static)", "java.util.HashMap$Node[] [17]", "java.util.HashMap$Node.value",
                "com.acme.Order");
        List<String> b = List.of("Holder.MAP (static)", "java.util.HashMap$Node[] [4093]",
                "java.util.HashMap$Node.value", "com.acme.Order");
        assertThat(OldObjectAttribution.withoutArrayIndices(a)).isEqualTo(OldObjectAttribution.withoutArrayIndices(b))
                .contains("java.util.HashMap$Node[] []");
    }
}
