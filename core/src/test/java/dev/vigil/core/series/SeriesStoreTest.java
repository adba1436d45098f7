package dev.vigil.core.series;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesStoreTest {
    @Test
    void ringKeepsTheNewestPointsOldestFirst() {
        SeriesStore store = new SeriesStore(3);
        for (int i = 1; i <= 5; i++) store.record("heap", "bytes", i * 1000L, i);
        Series.Points points = store.find("heap").snapshot();
        assertThat(points.timesMillis()).containsExactly(3000, 4000, 5000);
        assertThat(points.values()).containsExactly(3, 4, 5);
        assertThat(store.find("heap").last()).isEqualTo(new Series.Point(5000, 5));
    }

    @Test
    void capacityFollowsRetentionButIsCapped() {
        assertThat(SeriesStore.forRetention(Duration.ofHours(1), Duration.ofSeconds(3)).capacity()).isEqualTo(1200);
        assertThat(SeriesStore.forRetention(Duration.ofDays(7), Duration.ofMillis(100)).capacity())
                .isEqualTo(SeriesStore.MAX_POINTS_PER_SERIES);
    }

    @Test
    void newSeriesBeyondTheCapAreDropped() {
        SeriesStore store = new SeriesStore(2);
        for (int i = 0; i < SeriesStore.MAX_SERIES + 10; i++) store.record("s" + i, "count", 1, i);
        assertThat(store.all()).hasSize(SeriesStore.MAX_SERIES);
        assertThat(store.series("another", "count")).isNull();
        assertThat(store.series("s0", "count")).isNotNull();
    }

    @Test
    void snapshotSinceCopiesOnlyTheNewerPointsAcrossTheRingsWrap() {
        SeriesStore store = new SeriesStore(4);
        for (int i = 1; i <= 6; i++) store.record("s", "count", i * 1000L, i);
        Series s = store.find("s");
        assertThat(s.snapshotSince(4500).timesMillis()).containsExactly(5000, 6000);
        assertThat(s.snapshotSince(3000).values()).containsExactly(3, 4, 5, 6);
        assertThat(s.snapshotSince(7000).size()).isZero();
        assertThat(s.snapshotSince(Long.MIN_VALUE).size()).isEqualTo(4);
    }

    @Test
    void arraysGrowAsPointsArriveAndTheRingWrapsOnlyAtCapacity() {
        SeriesStore store = new SeriesStore(1000);
        for (int i = 0; i < 2500; i++) store.record("s", "count", i, i);
        Series.Points p = store.find("s").snapshot();
        assertThat(p.size()).isEqualTo(1000);
        assertThat(p.timesMillis()[0]).isEqualTo(1500);
        assertThat(p.timesMillis()[999]).isEqualTo(2499);
        for (int i = 1; i < p.size(); i++) assertThat(p.timesMillis()[i]).isEqualTo(p.timesMillis()[i - 1] + 1);
        SeriesStore small = new SeriesStore(1000);
        for (int i = 0; i < 300; i++) small.record("s", "count", i, i);
        assertThat(small.find("s").snapshot().values()).hasSize(300).startsWith(0, 1, 2).endsWith(298, 299);
    }
}
