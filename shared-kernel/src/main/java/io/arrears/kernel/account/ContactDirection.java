package io.arrears.kernel.account;

public enum ContactDirection {
    OUTBOUND, INBOUND
}
