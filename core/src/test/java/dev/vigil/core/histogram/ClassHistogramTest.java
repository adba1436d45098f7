package dev.vigil.core.histogram;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClassHistogramTest {
    static final String JDK17_TEXT = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         40906        6520232  [B (java.base@17.0.15)
               2:         38853         932472  java.lang.String (java.base@17.0.15)
               3:          1012         503632  [Ljava.lang.Object; (java.base@17.0.15)
               4:           300          14400  com.example.HostClient
               5:             2             64  [[I (java.base@17.0.15)
            Total        81073        7970800
            """;

    @Test
    void parsesRowsIntoSourceNames() {
        ClassHistogram h = ClassHistogram.parse(JDK17_TEXT, 5);
        assertThat(h.byClass()).containsEntry("byte[]", new ClassHistogram.Counts(40906, 6520232))
                .containsEntry("java.lang.String", new ClassHistogram.Counts(38853, 932472))
                .containsEntry("java.lang.Object[]", new ClassHistogram.Counts(1012, 503632))
                .containsEntry("com.example.HostClient", new ClassHistogram.Counts(300, 14400))
                .containsEntry("int[][]", new ClassHistogram.Counts(2, 64))
                .hasSize(5);
        assertThat(h.totalBytes()).isEqualTo(6520232 + 932472 + 503632 + 14400 + 64);
    }

    @Test
    void garbageParsesToNothingRatherThanFailing() {
        assertThat(ClassHistogram.parse("not a histogram\n1: x y z\n", 0).byClass()).isEmpty();
    }

    @Test
    void growingClassesNeedSteadyGrowthNotOneJump() {
        ClassHistogram h0 = hist(0, Map.of("Leak", 1000L, "Cache", 1000L, "Flat", 5000L));
        ClassHistogram h1 = hist(1, Map.of("Leak", 2000L, "Cache", 90_000L, "Flat", 5000L));
        ClassHistogram h2 = hist(2, Map.of("Leak", 3000L, "Cache", 90_000L, "Flat", 4000L));
        ClassHistogram h3 = hist(3, Map.of("Leak", 4000L, "Cache", 90_000L, "Flat", 5000L, "New", 9000L));
        List<GrowingClasses.Growth> grown = GrowingClasses.find(List.of(h0, h1, h2, h3), 500, 0.66, 10);
        assertThat(grown).extracting(GrowingClasses.Growth::className).containsExactly("Leak");
        assertThat(grown.get(0).bytesDelta()).isEqualTo(3000);
        assertThat(grown.get(0).intervalsGrown()).isEqualTo(3);
        // "New" appeared once: one interval of growth out of three is a step, not a trend
    }

    private static ClassHistogram hist(long t, Map<String, Long> bytes) {
        Map<String, ClassHistogram.Counts> m = new java.util.HashMap<>();
        bytes.forEach((k, v) -> m.put(k, new ClassHistogram.Counts(v / 10, v)));
        return new ClassHistogram(t, m);
    }
}
