package io.arrears.kernel.account;

public enum ContactChannel {
    PHONE, SMS, EMAIL, VISIT, LAWYER_LETTER, LETTER
}
