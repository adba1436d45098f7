package dev.vigil.agent.vars;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.agent.probe.ProcessProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VarsDocumentTest {
    @Test
    void tokensInAgentArgumentsAreMasked() {
        assertThat(VarsDocument.maskToken("-javaagent:/x/vigil.jar=port=1,auth.token=s3cret,host=0.0.0.0"))
                .isEqualTo("-javaagent:/x/vigil.jar=port=1,auth.token=******,host=0.0.0.0");
        assertThat(VarsDocument.maskToken("-Xmx1g")).isEqualTo("-Xmx1g");
    }

    @Test
    void publishedVarsAppearAtTheTopAndAFailingSupplierShowsAsAnError() {
        PublishedVars published = new PublishedVars();
        published.publish("orders", () -> Map.of("open", 3));
        published.publish("broken", () -> {
            throw new IllegalStateException("db down");
        });
        ObjectMapper mapper = new ObjectMapper();
        VarsDocument doc = new VarsDocument(mapper, Map::of, published, List::of, Map::of, new ProcessProbe()::latest);
        ObjectNode vars = doc.build();
        assertThat(vars.at("/orders/open").asInt()).isEqualTo(3);
        assertThat(vars.at("/broken/error").asText()).isEqualTo("IllegalStateException: db down");
        assertThat(vars.at("/memstats/heap/used_bytes").asLong()).isPositive();
    }

    @Test
    void reservedAndDuplicateNamesAreRefused() {
        PublishedVars published = new PublishedVars();
        assertThatThrownBy(() -> published.publish("memstats", () -> 1)).hasMessageContaining("reserved");
        published.publish("x", () -> 1);
        assertThatThrownBy(() -> published.publish("x", () -> 2)).hasMessageContaining("already published");
    }
}
