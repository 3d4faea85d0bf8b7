package io.arrears.kernel.audit;

/**
 * What an API key may do. The first four act on accounts (API.md); METRICS reads the ledger's own
 * metrics and health details and nothing of any account.
 */
public enum Role {
    SERVICE, COLLECTOR, SUPERVISOR, AUDITOR, METRICS
}
