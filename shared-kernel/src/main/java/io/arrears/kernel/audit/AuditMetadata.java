package io.arrears.kernel.audit;

/**
 * The metadata keys every command carries into the events it produces: who acted, in which role,
 * for which client service, and the ids that tie it to the request and the command.
 *
 * <p>Axon's {@code MessageOriginProvider} names them its own way: it stores the id of the message
 * that caused an event under {@code correlationId} and the id of the request that started the chain
 * under {@code traceId}. The constants below map our vocabulary onto those keys.
 */
public final class AuditMetadata {

    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String CLIENT_ID = "clientId";
    /** The request that started the chain (an {@code X-Correlation-Id} header, or the first command). */
    public static final String CORRELATION_ID = "traceId";
    /** The message (command) that caused this event. */
    public static final String CAUSATION_ID = "correlationId";
    /** Why: the command that produced the event, such as {@code RecordPayment}; its reason is in its payload. */
    public static final String COMMAND = "command";
    /** The version of the rules the command was decided by: ledger rules and contact preset. */
    public static final String RULES = "rules";

    /**
     * Readers of the event store see each event's stored hashes under these keys. They are added
     * on reading and are not part of what the hash covers.
     */
    public static final String PREV_HASH = "arrears.prevHash";
    public static final String HASH = "arrears.hash";

    private AuditMetadata() {
    }
}
