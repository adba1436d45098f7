package dev.vigil.agent.leak;

import dev.vigil.core.histogram.ClassHistogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveClassHistogramsTest {
    private static long instances(ClassHistogram h, String className) {
        ClassHistogram.Counts c = h.byClass().get(className);
        return c == null ? 0 : c.instances();
    }

    @Test
    void histogramsThatAreKeptDoNotShowUpAsGrowthInTheNextOnes() throws Exception {
        // the leak monitor keeps up to six; each later histogram of this JVM counts the ones kept before it
        LiveClassHistograms histograms = new LiveClassHistograms(System::currentTimeMillis);
        List<ClassHistogram> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) kept.add(histograms.take());
        int classes = kept.get(0).byClass().size();
        assertThat(classes).isGreaterThan(500);
        ClassHistogram second = kept.get(1), last = kept.get(3);
        // held per class in a HashMap with a String name each, two more kept histograms would add 2 × classes
        // HashMap$Node, String and byte[] instances; now they add none beyond this JVM's own noise
        for (String jdkClass : List.of("java.util.HashMap$Node", "java.lang.String", "byte[]")) {
            assertThat(instances(last, jdkClass) - instances(second, jdkClass)).as(jdkClass)
                    .isLessThan(classes / 4);
        }
        assertThat(instances(last, "dev.vigil.core.histogram.ClassHistogram$Counts")
                - instances(second, "dev.vigil.core.histogram.ClassHistogram$Counts"))
                .as("the kept histograms are there, in Vigil's own classes").isGreaterThanOrEqualTo(2L * classes);
        assertThat(histograms.taken()).isEqualTo(4);
        assertThat(histograms.lastPauseMillis()).isGreaterThanOrEqualTo(0);
    }
}
