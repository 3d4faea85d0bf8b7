package io.arrears.infra.axon;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MessageMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MessageMeters meters = new MessageMeters("account-view", registry);

    @Test
    void countsAndTimesEachOutcomeUnderAxonsNames() {
        Message<?> message = GenericEventMessage.asEventMessage("an event");
        meters.onMessageIngested(message).reportSuccess();
        meters.onMessageIngested(message).reportSuccess();
        meters.onMessageIngested(message).reportFailure(new IllegalStateException("failed"));
        meters.onMessageIngested(message).reportIgnored();
        meters.onMessageIngested(message);

        assertThat(count("account-view.ingestedCounter")).isEqualTo(5);
        assertThat(count("account-view.successCounter")).isEqualTo(2);
        assertThat(count("account-view.failureCounter")).isEqualTo(1);
        assertThat(count("account-view.processedCounter")).isEqualTo(3);
        assertThat(count("account-view.ignoredCounter")).isEqualTo(1);
        assertThat(timed("account-view.allTimer")).isEqualTo(4);
        assertThat(timed("account-view.successTimer")).isEqualTo(2);
        assertThat(timed("account-view.failureTimer")).isEqualTo(1);
        assertThat(timed("account-view.ignoredTimer")).isEqualTo(1);
        assertThat(registry.get("account-view.allTimer").timer().takeSnapshot().percentileValues()).hasSize(6);
    }

    @Test
    void theLatencyIsHowLongAgoTheLastEventTakenWasPublished() {
        new MessageMeters.Latency("account-view", registry).onMessageIngested(new GenericEventMessage<>(
                "event-1", "an event", Map.of(), Instant.now().minusSeconds(60)));

        assertThat(registry.get("account-view.latency").gauge().value())
                .isBetween((double) TimeUnit.SECONDS.toMillis(60), (double) TimeUnit.SECONDS.toMillis(70));
    }

    private double count(String name) {
        return registry.get(name).counter().count();
    }

    private long timed(String name) {
        return registry.get(name).timer().count();
    }
}
