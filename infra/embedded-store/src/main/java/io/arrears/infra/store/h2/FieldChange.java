package io.arrears.infra.store.h2;

import java.util.List;

/** A change of one top-level field of a stored document, made to its BSON by {@link DocumentBson#changed}. */
sealed interface FieldChange {

    /** The field holds {@code value}: where it was, or after the others if it is new. */
    record Put(Object value) implements FieldChange {
    }

    /** {@code values} are added to the end of the field's array, or make a new one if there is none. */
    record Append(List<?> values) implements FieldChange {
    }

    /** The field is left out. */
    record Remove() implements FieldChange {
    }
}
