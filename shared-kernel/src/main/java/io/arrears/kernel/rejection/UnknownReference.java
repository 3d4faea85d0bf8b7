package io.arrears.kernel.rejection;

/**
 * A command names something of an account that the account does not have, such as a payment or a
 * dispute id it never recorded; the API answers 404.
 */
public class UnknownReference extends RuntimeException {

    private final String rule;

    public UnknownReference(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
