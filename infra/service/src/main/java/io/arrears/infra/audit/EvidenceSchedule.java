package io.arrears.infra.audit;

import io.arrears.infra.eventstore.Anchors;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.GlobalChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the evidence current while the ledger runs: seals new commits into the global chain every
 * {@code sealEvery}, publishes an anchor of its head every {@code anchorEvery} in which it moved,
 * and seals and anchors once more when the ledger stops.
 */
public class EvidenceSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EvidenceSchedule.class);

    private final ChainSealer sealer;
    private final Anchors anchors;
    private final Duration sealEvery;
    private final Duration anchorEvery;
    private ScheduledExecutorService executor;

    public EvidenceSchedule(ChainSealer sealer, Anchors anchors, Duration sealEvery, Duration anchorEvery) {
        this.sealer = sealer;
        this.anchors = anchors;
        this.sealEvery = sealEvery;
        this.anchorEvery = anchorEvery;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "evidence");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::seal, 0, sealEvery.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::anchor, anchorEvery.toMillis(), anchorEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        // A seal under way finishes (interrupting it would only log a failure); no further ones start.
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
        anchor();
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Stops before the processors and the store's client: the last seal and anchor need the store. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void seal() {
        try {
            sealer.sealAvailable();
        } catch (RuntimeException e) {
            log.error("Sealing the global chain failed; it is tried again in {}", sealEvery, e);
        }
    }

    private void anchor() {
        try {
            GlobalChain.Head head = sealer.sealAvailable();
            anchors.anchor(head);
        } catch (RuntimeException e) {
            log.error("Publishing an anchor failed; it is tried again in {}", anchorEvery, e);
        }
    }
}
