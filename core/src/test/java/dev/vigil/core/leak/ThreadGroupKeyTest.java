package dev.vigil.core.leak;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadGroupKeyTest {
    @Test
    void everyRunOfDigitsBecomesOneHash() {
        assertThat(ThreadGroupKey.normalizeName("pool-12-thread-7")).isEqualTo("pool-#-thread-#");
        assertThat(ThreadGroupKey.normalizeName("42worker007x")).isEqualTo("#worker#x");
        assertThat(ThreadGroupKey.normalizeName("main")).isEqualTo("main");
        assertThat(ThreadGroupKey.normalizeName("")).isEmpty();
        assertThat(ThreadGroupKey.normalizeName(null)).isEmpty();
    }

    @Test
    void keyJoinsNameStateAndFrames() {
        assertThat(ThreadGroupKey.of("client-3", "WAITING", List.of("A.run", "B.call")))
                .isEqualTo("client-# WAITING | A.run | B.call");
        assertThat(ThreadGroupKey.parts("client-# WAITING | A.run | B.call"))
                .containsExactly("client-# WAITING", "A.run", "B.call");
        assertThat(ThreadGroupKey.parts("client-# WAITING")).containsExactly("client-# WAITING");
    }
}
