package io.arrears.infra.store.h2;

/**
 * A value that {@link DocumentBson} does not write or {@link StoredBsonReader} does not read, which
 * mongo-java-server's encoder or decoder handles instead; caught at once, so no stack trace and one
 * instance.
 */
final class OtherValue extends RuntimeException {

    static final OtherValue INSTANCE = new OtherValue();

    private OtherValue() {
        super(null, null, false, false);
    }
}
