package io.arrears.kernel.rejection;

/**
 * A command broke a business rule of the ledger. The message states the rule in words a
 * collector or an auditor understands; the API answers 409.
 */
public class RuleViolation extends RuntimeException {

    private final String rule;

    public RuleViolation(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** A stable id of the rule, such as {@code payment.idempotency}. */
    public String rule() {
        return rule;
    }
}
