package io.arrears.infra.axon;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;

import java.util.List;

/**
 * Axon's metrics of the command bus, the query bus and each event processor (message counts, timers,
 * the processors' latency), without Axon's capacity gauge.
 *
 * <p>The capacity gauge keeps every message's handling time of the last ten minutes in a sorted map
 * of boxed longs, per bus and processor: about 80 bytes a message, so its memory grows with the
 * ledger's throughput. At 100,000 accounts it held 1.2 million entries, about 100 MB, and under a
 * 512 MiB heap G1 ran a full collection every few seconds. Nothing of the ledger reads it; the
 * processors' lag is the ledger's own gauge ({@link LedgerMetrics}). The other meters are Axon's,
 * under Axon's names, registered once ({@link MessageMeters}).
 *
 * <p>Axon's Spring Boot support uses these registrations unless {@code
 * axon.metrics.micrometer.dimensional} is set, which the ledger does not set.
 */
public class BoundedMetricRegistry extends GlobalMetricRegistry {

    public BoundedMetricRegistry(MeterRegistry registry) {
        super(registry);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(String eventProcessorName) {
        return new MultiMessageMonitor<>(List.of(new MessageMeters(eventProcessorName, getRegistry()),
                new MessageMeters.Latency(eventProcessorName, getRegistry())));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String commandBusName) {
        return new MessageMeters(commandBusName, getRegistry());
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(String queryBusName) {
        return new MessageMeters(queryBusName, getRegistry());
    }
}
