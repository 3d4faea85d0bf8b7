package io.arrears.kernel.account;

public enum AccountStatus {
    OPEN, RESOLVED, WRITTEN_OFF
}
