package io.arrears.infra.audit;

import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.mongo.StoreProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TemporaryAnchorSinkTest {

    private static final Anchor ANCHOR = new Anchor(0, 41, "ab".repeat(32), Instant.parse("2026-12-03T06:00:00Z"),
            "k1", Anchor.NONE, "cd".repeat(32));

    @Test
    void keepsItsAnchorsUntilClosedThenDeletesThemAndItsDirectory() {
        TemporaryAnchorSink sink = TemporaryAnchorSink.create();
        sink.publish(ANCHOR);

        assertThat(sink.list()).singleElement().satisfies(published -> assertThat(published.anchor()).isEqualTo(ANCHOR));
        sink.close();

        assertThat(sink.directory()).doesNotExist();
    }

    @Test
    void aLedgerWhoseStoreIsInMemoryDeletesItsAnchorsWhenItStops() {
        AtomicReference<Path> directory = new AtomicReference<>();
        new ApplicationContextRunner().withUserConfiguration(InMemoryStoreAnchors.class).run(context -> {
            AnchorSink sink = context.getBean(AnchorSink.class);
            sink.publish(ANCHOR);
            directory.set(Path.of(sink.describe()));
            assertThat(Files.list(directory.get())).hasSize(1);
        });

        assertThat(directory.get()).doesNotExist();
    }

    /** The anchor sink as {@link EvidenceConfiguration} declares it, for a store in memory. */
    @Configuration(proxyBeanMethods = false)
    static class InMemoryStoreAnchors {

        @Bean
        AnchorSink anchorSink() {
            return new EvidenceConfiguration().anchorSink(new StoreProperties(null, null, "memory", null, null, null), "");
        }
    }
}
