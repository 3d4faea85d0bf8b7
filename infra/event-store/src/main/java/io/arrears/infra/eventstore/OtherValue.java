package io.arrears.infra.eventstore;

/**
 * Thrown where a fast path meets a value of a type it leaves to the general way. It is caught at
 * once, so it carries no stack trace and one instance serves every throw.
 */
final class OtherValue extends RuntimeException {

    static final OtherValue INSTANCE = new OtherValue();

    private OtherValue() {
        super(null, null, false, false);
    }
}
