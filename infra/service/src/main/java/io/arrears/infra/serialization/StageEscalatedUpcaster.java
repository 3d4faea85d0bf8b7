package io.arrears.infra.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arrears.kernel.event.StageEscalated;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link StageEscalated} revision 1 to 2: revision 2 says whether a rule or a person escalated.
 * Before it, the only rule that escalated (a broken promise) said so at the end of its reason,
 * "(automatic)"; every other escalation was a supervisor's. Stored events stay as they were written
 * (their hashes cover that); they are upcast as they are read.
 */
public class StageEscalatedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(StageEscalated.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(StageEscalated.class.getName(), "2");
    static final String AUTOMATIC_SUFFIX = " (automatic)";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            String reason = event.path("reason").asText();
            boolean automatic = reason.endsWith(AUTOMATIC_SUFFIX);
            if (automatic) {
                event.put("reason", reason.substring(0, reason.length() - AUTOMATIC_SUFFIX.length()));
            }
            event.put("automatic", automatic);
            return event;
        });
    }
}
