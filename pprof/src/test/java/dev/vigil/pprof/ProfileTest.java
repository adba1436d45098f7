package dev.vigil.pprof;

import dev.vigil.pprof.Profile.Frame;
import dev.vigil.pprof.Profile.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileTest {
    private static final Frame LEAF = Frame.javaMethod("com.example.Foo", "leaf", 10);
    private static final Frame ROOT = Frame.javaMethod("com.example.Foo", "root", 20);

    @Test
    void javaFramesNameTheMethodAndDeriveTheSourcePathFromTheClass() {
        Frame f = Frame.javaMethod("com.example.Outer$Inner$1", "run", "()V", null, 42);
        assertThat(f.function().name()).isEqualTo("com.example.Outer$Inner$1.run");
        assertThat(f.function().systemName()).isEqualTo("com.example.Outer$Inner$1.run()V");
        assertThat(f.function().filename()).isEqualTo("com/example/Outer.java");
        assertThat(f.line()).isEqualTo(42);
        assertThat(Frame.javaMethod("Top", "main", "", "Top.kt", -1).function().filename()).isEqualTo("Top.kt");
        assertThat(Frame.javaMethod("Top", "main", -1).line()).isZero();
        assertThat(Frame.javaMethod("a.b.Foo$$Lambda/0x0000000800c01234", "run", 0).function().filename())
                .isEqualTo("a/b/Foo.java");
        assertThat(Frame.javaMethod("a.b.Foo", "bar", null, "Foo.java", 1).function().filename())
                .isEqualTo("a/b/Foo.java");
    }

    @Test
    void samplesWithTheSameStackAndLabelsAreSummed() {
        Profile p = Profile.builder(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds"))
                .add(List.of(LEAF, ROOT), Map.of("thread", "a"), 1, 10)
                .add(List.of(LEAF, ROOT), Map.of("thread", "a"), 1, 10)
                .add(List.of(LEAF, ROOT), Map.of("thread", "b"), 1, 10)
                .add(List.of(ROOT), Map.of("thread", "a"), 1, 10)
                .build();
        assertThat(p.samples()).hasSize(3);
        assertThat(p.samples().get(0).values()).containsExactly(2, 20);
        assertThat(p.total(0)).isEqualTo(4);
        assertThat(p.total(1)).isEqualTo(40);
        assertThat(p.droppedSamples()).isZero();
    }

    @Test
    void distinctSamplesBeyondTheCapAreSummedIntoOneDroppedSampleKeepingTotals() {
        Profile.Builder b = Profile.builder(new ValueType("samples", "count")).maxSamples(2);
        for (int i = 0; i < 10; i++) {
            b.add(List.of(Frame.javaMethod("C", "m" + i, 1)), Map.of(), 1);
        }
        Profile p = b.build();
        assertThat(p.samples()).hasSize(3);
        assertThat(p.total(0)).isEqualTo(10);
        assertThat(p.droppedSamples()).isEqualTo(8);
        assertThat(p.samples().get(2).stack().get(0).function().name()).startsWith("[dropped");
        assertThat(p.comments()).anyMatch(c -> c.contains("8 events"));
    }

    @Test
    void builtProfileDoesNotChangeWhenTheBuilderGoesOn() {
        Profile.Builder b = Profile.builder(new ValueType("samples", "count")).add(List.of(LEAF), Map.of(), 1);
        Profile first = b.build();
        b.add(List.of(LEAF), Map.of(), 5);
        assertThat(first.total(0)).isEqualTo(1);
        assertThat(b.build().total(0)).isEqualTo(6);
        long[] values = first.samples().get(0).values();
        values[0] = 99;
        assertThat(first.total(0)).isEqualTo(1);
    }

    @Test
    void rejectsWrongValueCountAndUnknownDefaultType() {
        Profile.Builder b = Profile.builder(new ValueType("samples", "count"));
        assertThatThrownBy(() -> b.add(List.of(LEAF), Map.of(), 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1 values");
        assertThatThrownBy(() -> b.defaultSampleType("cpu")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(Profile::builder).isInstanceOf(IllegalArgumentException.class);
    }
}
