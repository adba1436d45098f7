package dev.vigil.demo.scenarios;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {
    @AfterEach
    void forgetLeaks() throws InterruptedException {
        OrderCache.clear();
        PriceFeed.INSTANCE.clear();
        PluginHost.clear();
        FrameBuffer.clear();
        SessionStore.SESSIONS.clear();
        ReportWorker.stopAll();
    }

    static List<String> names() {
        return Scenario.SPECS.stream().map(Scenario.Spec::name).toList();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyScenarioRunsAndAnnouncesWhatTheHarnessExpects(String name) throws Exception {
        String out = runCapturingStdout(name, "duration=1s");
        Scenario.Spec spec = Scenario.spec(name);
        assertThat(out).startsWith("SCENARIO name=" + name + " kind=" + (spec.leak() ? "leak" : "healthy"));
        if (spec.leak()) {
            assertThat(out).contains("resource=" + String.join("|", spec.resources()), "suspect=" + spec.suspect(),
                    "exhaustion_minutes=" + (name.equals("slow-churn") ? "80.0" : "60.0"));
        } else {
            assertThat(out).contains("exhaustion_minutes=none");
        }
    }

    @Test
    void optionsHaveDocumentedDefaultsAndRejectTypos() {
        Scenario.Options o = Scenario.Options.parse(new String[] {"static-map"});
        assertThat(o.churnMegabytesPerSecond()).isZero();
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(45));
        assertThat(o.exhaustion()).isEqualTo(Duration.ofMinutes(60));
        assertThat(Scenario.Options.parse(new String[] {"slow-churn"}).exhaustion()).isEqualTo(Duration.ofMinutes(80));
        Scenario.Options p = Scenario.Options.parse(new String[] {"x", "duration=90s", "exhaustion=2h", "speed=4"});
        assertThat(p.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.speed()).isEqualTo(4.0);
        // 7,200 units of capacity over 2 h: one unit a second
        assertThat(p.ratePerSecond(7200, 1)).isEqualTo(1.0);
        assertThatThrownBy(() -> Scenario.Options.parse(new String[] {"x", "durattion=1m"}))
                .hasMessageContaining("unknown option durattion");
        assertThatThrownBy(() -> Scenario.Options.parse(new String[] {"x", "duration=1d"}))
                .hasMessageContaining("90s");
    }

    @Test
    void aCatalogLoadedWholeNeverMissesAgain() {
        assertThat(Scenario.Options.parse(new String[] {"bounded-cache"}).keys()).isEqualTo(ProductCatalog.PRODUCT_IDS);
        assertThatThrownBy(() -> Scenario.Options.parse(new String[] {"bounded-cache", "keys=0"}))
                .hasMessageContaining("keys must be positive");
        ProductCatalog catalog = new ProductCatalog();
        catalog.loadAll(ProductCatalog.CAPACITY);
        assertThat(catalog.size()).isEqualTo(ProductCatalog.CAPACITY);
        assertThat(catalog.misses()).isEqualTo(ProductCatalog.CAPACITY);
        for (int i = 0; i < 1000; i++) catalog.get("p" + (i * 7919 % ProductCatalog.CAPACITY));
        assertThat(catalog.misses()).isEqualTo(ProductCatalog.CAPACITY);
    }

    @Test
    void orderCacheKeepsEveryOrderItEverLookedUp() {
        for (int i = 0; i < 1000; i++) OrderCache.handleRequest();
        assertThat(OrderCache.size()).isEqualTo(1000);
    }

    @Test
    void priceFeedKeepsTheListenersOfClosedSessions() {
        for (int i = 0; i < 50; i++) PriceFeed.openAndCloseSession(i);
        assertThat(PriceFeed.INSTANCE.listenerCount()).isEqualTo(50);
    }

    @Test
    void reportWorkersStayAliveAfterTheirReport() throws Exception {
        ReportWorker w = ReportWorker.startFor(1);
        Thread.sleep(200);
        assertThat(w.isAlive()).isTrue();
        assertThat(w.getName()).startsWith("ReportWorker-");
        assertThat(w.getState()).isEqualTo(Thread.State.WAITING);
    }

    @Test
    void everyPluginReloadDefinesTheClassAgainInAFreshLoaderAndKeepsTheOldOne() throws Exception {
        Runnable a = PluginHost.reload();
        Runnable b = PluginHost.reload();
        assertThat(a.getClass().getName()).isEqualTo(PluginHost.PLUGIN_CLASS).isEqualTo(b.getClass().getName());
        assertThat(a.getClass()).isNotSameAs(b.getClass()).isNotSameAs(ReportPlugin.class);
        assertThat(a.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class)
                .isNotSameAs(b.getClass().getClassLoader());
        assertThat(PluginHost.registered()).isEqualTo(2);
    }

    @Test
    void frameBuffersHoldDirectMemoryAfterTheirConnectionCloses() {
        long before = FrameBuffer.directUsedBytes();
        for (int i = 0; i < 16; i++) FrameBuffer.serveConnection(i);
        System.gc();
        assertThat(FrameBuffer.directUsedBytes() - before).isGreaterThanOrEqualTo(16L * FrameBuffer.BYTES);
    }

    @Test
    void sessionTokensNeverExpireBecauseTheTtlIsConvertedTwice() {
        for (int i = 0; i < 100; i++) SessionStore.login();
        long anHourLater = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        assertThat(SessionStore.sweep(anHourLater)).isZero();
        assertThat(SessionStore.SESSIONS).hasSize(100);
    }

    @Test
    void productCatalogNeverHoldsMoreThanItsCapacity() {
        ProductCatalog c = new ProductCatalog();
        for (int i = 0; i < ProductCatalog.CAPACITY + 5000; i++) c.get("p" + i);
        assertThat(c.size()).isEqualTo(ProductCatalog.CAPACITY);
        c.get("p" + (ProductCatalog.CAPACITY + 4999));
        assertThat(c.misses()).isEqualTo(ProductCatalog.CAPACITY + 5000);
    }

    @Test
    void thumbnailCacheServesWhatItHolds() {
        ThumbnailCache c = new ThumbnailCache();
        c.put(1, new byte[ThumbnailCache.THUMBNAIL_BYTES]);
        assertThat(c.get(1)).hasSize(ThumbnailCache.THUMBNAIL_BYTES);
        assertThat(c.get(2)).isNull();
        assertThat(c.entries()).isEqualTo(1);
    }

    @Test
    void elasticPoolGrowsUnderABurstAndShrinksBackToItsCore() throws Exception {
        var pool = ImageResizePool.newPool(300);
        try {
            for (int i = 0; i < 20; i++) pool.execute(() -> ImageResizePool.resize(1));
            assertThat(pool.getPoolSize()).isGreaterThanOrEqualTo(10);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pool.getPoolSize() > ImageResizePool.CORE && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(pool.getPoolSize()).isEqualTo(ImageResizePool.CORE);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String runCapturingStdout(String name, String... options) throws Exception {
        String[] args = new String[options.length + 1];
        args[0] = name;
        System.arraycopy(options, 0, args, 1, options.length);
        Scenario.Options o = Scenario.Options.parse(args);
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Scenario.run(name, o, System.nanoTime() + o.duration().toNanos());
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
