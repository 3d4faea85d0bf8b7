package io.arrears.kernel.audit;

/** What an API key may do. */
public enum Role {
    SERVICE, COLLECTOR, SUPERVISOR, AUDITOR
}
