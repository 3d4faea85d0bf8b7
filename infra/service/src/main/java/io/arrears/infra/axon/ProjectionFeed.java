package io.arrears.infra.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The event store as the projections' processors read it: they are woken as soon as new events are
 * there, and the events of concurrent commands reach them together.
 *
 * <p>A processor's coordinator asks its stream, without waiting, whether events are available, and
 * otherwise waits to be called back. The embedded event store cannot call back, so the coordinator
 * looked again only every 500 ms: a query asking to be consistent with a command waited 250 ms on
 * average for nothing. Here each idle stream is watched every {@value #WATCH_EVERY_MILLIS} ms (a look
 * at the events the store has already fetched, no store command) and its coordinator is called back.
 *
 * <p>New events are then held back for a linger, so that the events of commands arriving together
 * are handled as one batch: one bulk write a collection and one token update for the lot
 * ({@code ProjectionWrites}). A processor that is behind reads on until it has caught up, and only
 * then waits for the next linger.
 */
public final class ProjectionFeed implements AutoCloseable {

    /** How often an idle stream is looked at for new events. */
    static final long WATCH_EVERY_MILLIS = 10;
    private static final long NOT_HOLDING = Long.MIN_VALUE;

    private final long lingerNanos;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "arrears-projection-feed");
        thread.setDaemon(true);
        return thread;
    });

    public ProjectionFeed(Duration linger) {
        this(linger, System::nanoTime);
    }

    ProjectionFeed(Duration linger, LongSupplier nanoTime) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("the projections' linger cannot be negative: " + linger);
        }
        this.lingerNanos = linger.toNanos();
        this.nanoTime = nanoTime;
    }

    /** {@code events} as the projections read them. */
    public StreamableMessageSource<TrackedEventMessage<?>> over(StreamableMessageSource<TrackedEventMessage<?>> events) {
        return new StreamableMessageSource<>() {
            @Override
            public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
                return new FeedStream(events.openStream(trackingToken));
            }

            @Override
            public TrackingToken createTailToken() {
                return events.createTailToken();
            }

            @Override
            public TrackingToken createHeadToken() {
                return events.createHeadToken();
            }

            @Override
            public TrackingToken createTokenAt(Instant dateTime) {
                return events.createTokenAt(dateTime);
            }

            @Override
            public TrackingToken createTokenSince(Duration duration) {
                return events.createTokenSince(duration);
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // The processors are stopping with the context: there is nobody left to wake.
        }
    }

    /** One processor's stream; the stream it wraps is used by one thread at a time, under {@code this}. */
    private final class FeedStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        /** When events not yet handed out were first seen, or {@link #NOT_HOLDING}. */
        private final AtomicLong heldSince = new AtomicLong(NOT_HOLDING);
        private final AtomicBoolean watched = new AtomicBoolean();
        /** Whether the reader is let through until it has caught up. */
        private volatile boolean released;
        private volatile boolean closed;
        private volatile Runnable onAvailable;

        FeedStream(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        /** A caller that waits gets events as they come; one that does not gets them after the linger. */
        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout > 0) {
                synchronized (this) {
                    return events.hasNextAvailable(timeout, unit);
                }
            }
            if (!available()) {
                released = false;
                watch();
                return false;
            }
            if (released) {
                return true;
            }
            long since = seen();
            if (nanoTime.getAsLong() - since < lingerNanos) {
                return false;
            }
            heldSince.set(NOT_HOLDING);
            released = true;
            return true;
        }

        private synchronized boolean available() {
            return events.hasNextAvailable();
        }

        /** Looks for new events every {@link #WATCH_EVERY_MILLIS} ms until some are seen. */
        private void watch() {
            if (!closed && watched.compareAndSet(false, true)) {
                schedule(this::look, TimeUnit.MILLISECONDS.toNanos(WATCH_EVERY_MILLIS));
            }
        }

        private void look() {
            watched.set(false);
            if (closed) {
                return;
            }
            if (available()) {
                seen();
            } else {
                watch();
            }
        }

        /** When the events now held were first seen; the first to see them has the reader called back after the linger. */
        private long seen() {
            long now = nanoTime.getAsLong();
            if (heldSince.compareAndSet(NOT_HOLDING, now)) {
                schedule(this::callBack, lingerNanos);
                return now;
            }
            return heldSince.get();
        }

        private void callBack() {
            Runnable callback = onAvailable;
            if (callback != null && !closed) {
                callback.run();
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.onAvailable = callback;
            return true;
        }

        @Override
        public synchronized Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        @Override
        public synchronized TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return events.nextAvailable();
        }

        @Override
        public synchronized void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            closed = true;
            synchronized (this) {
                events.close();
            }
        }
    }
}
