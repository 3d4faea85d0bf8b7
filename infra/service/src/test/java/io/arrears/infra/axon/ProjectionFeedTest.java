package io.arrears.infra.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor reading through the feed is called back when events arrive (the embedded event store
 * cannot), gets them after the linger, and then reads on without waiting until it has caught up.
 */
class ProjectionFeedTest {

    private final Queue<TrackedEventMessage<?>> stored = new ConcurrentLinkedQueue<>();
    private final AtomicLong nanos = new AtomicLong();
    private ProjectionFeed feed;

    @AfterEach
    void tearDown() {
        feed.close();
    }

    /** A stream that never calls back, as the embedded event store's. */
    private final StreamableMessageSource<TrackedEventMessage<?>> store = token -> new BlockingStream<>() {
        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(stored.peek());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return !stored.isEmpty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return stored.remove();
        }

        @Override
        public void close() {
        }
    };

    private void append(long position) {
        TrackingToken token = new GlobalSequenceTrackingToken(position);
        stored.add(new GenericTrackedEventMessage<>(token, org.axonframework.eventhandling.GenericEventMessage
                .asEventMessage("event " + position)));
    }

    @Test
    void anIdleReaderIsCalledBackWhenEventsArrive() throws Exception {
        feed = new ProjectionFeed(Duration.ZERO);
        BlockingStream<TrackedEventMessage<?>> stream = feed.over(store).openStream(null);
        CountDownLatch calledBack = new CountDownLatch(1);
        assertThat(stream.setOnAvailableCallback(calledBack::countDown)).isTrue();
        assertThat(stream.hasNextAvailable()).isFalse();

        append(0);

        assertThat(calledBack.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
    }

    @Test
    void newEventsWaitTheLingerAndThenTheReaderReadsOnUntilItHasCaughtUp() throws Exception {
        Duration linger = Duration.ofMillis(50);
        feed = new ProjectionFeed(linger, nanos::get);
        BlockingStream<TrackedEventMessage<?>> stream = feed.over(store).openStream(null);
        CountDownLatch calledBack = new CountDownLatch(1);
        stream.setOnAvailableCallback(calledBack::countDown);

        append(0);
        assertThat(stream.hasNextAvailable()).as("held").isFalse();
        nanos.addAndGet(linger.toNanos() - 1);
        assertThat(stream.hasNextAvailable()).as("still held").isFalse();
        append(1);
        nanos.addAndGet(1);
        assertThat(calledBack.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.hasNextAvailable()).isTrue();
        stream.nextAvailable();
        append(2);
        // Let through: what arrives while it reads is read without another linger.
        assertThat(stream.hasNextAvailable()).isTrue();
        stream.nextAvailable();
        assertThat(stream.hasNextAvailable()).isTrue();
        stream.nextAvailable();

        assertThat(stream.hasNextAvailable()).as("caught up").isFalse();
        append(3);
        assertThat(stream.hasNextAvailable()).as("held again").isFalse();
        nanos.addAndGet(linger.toNanos());
        assertThat(stream.hasNextAvailable()).isTrue();
    }
}
