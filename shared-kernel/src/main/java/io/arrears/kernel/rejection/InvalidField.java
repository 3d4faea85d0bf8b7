package io.arrears.kernel.rejection;

/** A command's field has a value the ledger cannot accept at all; the API answers 400 naming the field. */
public class InvalidField extends RuntimeException {

    private final String field;

    public InvalidField(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
