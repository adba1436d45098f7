package dev.vigil.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceStackTest {
    @Test
    void closesInReverseAndGoesOnAfterAFailureOrAHang() {
        List<String> closed = new ArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        ResourceStack stack = new ResourceStack();
        stack.push("pool", () -> closed.add("pool"));
        stack.push("stuck", never::await);
        stack.push("broken", () -> {
            throw new IllegalStateException("boom");
        });
        stack.push("http", () -> closed.add("http"));

        var failures = stack.closeAll(Deadline.after(Duration.ofMillis(300)));

        assertThat(closed).containsExactly("http", "pool");
        assertThat(failures).extracting(ResourceStack.CloseFailure::name).containsExactly("broken", "stuck");
        assertThat(stack.closingOrder()).isEmpty();
    }

    @Test
    void gateCountsAndDrains() throws Exception {
        InFlightGate gate = new InFlightGate();
        InFlightGate.Permit a = gate.tryEnter();
        gate.close();
        assertThat(gate.tryEnter()).isNull();
        assertThat(gate.awaitDrained(Duration.ofMillis(50))).isFalse();
        a.close();
        a.close(); // twice is once
        assertThat(gate.awaitDrained(Duration.ofMillis(50))).isTrue();
        assertThat(gate.admitted()).isEqualTo(1);
        assertThat(gate.refused()).isEqualTo(1);
        assertThat(gate.inFlight()).isZero();
    }
}
