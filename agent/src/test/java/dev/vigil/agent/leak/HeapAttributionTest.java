package dev.vigil.agent.leak;

import dev.vigil.core.histogram.ClassHistogram;
import dev.vigil.core.histogram.GrowingClasses;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeapAttributionTest {

    /** Minute-spaced histograms: 70 more 64-byte direct buffers and their 24-byte owners each minute, plus noise. */
    private static List<ClassHistogram> directBufferLeak(int histograms) {
        List<ClassHistogram> kept = new ArrayList<>();
        for (int i = 0; i < histograms; i++) {
            long buffers = 1_000 + 70L * i;
            kept.add(new ClassHistogram(60_000L * i, Map.of(
                    "java.nio.DirectByteBuffer", new ClassHistogram.Counts(buffers, 64 * buffers),
                    "jdk.internal.ref.Cleaner", new ClassHistogram.Counts(buffers, 40 * buffers),
                    "java.nio.DirectByteBuffer$Deallocator", new ClassHistogram.Counts(buffers, 32 * buffers),
                    "com.acme.FrameBuffer", new ClassHistogram.Counts(buffers - 990, 24 * (buffers - 990)),
                    "com.acme.Session", new ClassHistogram.Counts(500 + 3L * i, 48 * (500 + 3L * i)),
                    "byte[]", new ClassHistogram.Counts(9_000 + (i % 2) * 500, 900_000 + (i % 2) * 90_000))));
        }
        return kept;
    }

    @Test
    void directBuffersAndTheirOwnersAreAttributedByCountBeforeTheirBytesAddUp() {
        List<String> names = HeapAttribution.growingClasses(directBufferLeak(3)).stream()
                .map(GrowingClasses.Growth::className).toList();
        // 140 buffers = 9 KiB: below the byte threshold, yet both the buffer and the class that owns one each count
        assertThat(names).contains("java.nio.DirectByteBuffer", "com.acme.FrameBuffer")
                .doesNotContain("com.acme.Session", "byte[]", "jdk.internal.ref.Cleaner",
                        "java.nio.DirectByteBuffer$Deallocator");
    }

    @Test
    void anOffHeapFindingNamesItsKindAndTheApplicationClassesThatGrewInStep() {
        List<Suspect> suspects = List.of(
                new Suspect("java.nio.DirectByteBuffer", 140, 8_960, List.of(), List.of(), null),
                new Suspect("com.acme.FrameBuffer", 141, 3_384, List.of(), List.of(), null),
                new Suspect("com.acme.Session", 6, 288, List.of(), List.of(), null),
                new Suspect("jdk.internal.ref.Cleaner", 140, 5_600, List.of(), List.of(), null));
        assertThat(HeapAttribution.offHeapSuspects(suspects, HeapAttribution::isDirectBuffer)).extracting(Suspect::className)
                .containsExactly("java.nio.DirectByteBuffer", "com.acme.FrameBuffer");
        assertThat(HeapAttribution.offHeapSuspects(suspects, HeapAttribution::isClassLoader)).isEmpty();
    }
}
