package io.arrears.kernel.account;

public enum ContactOutcome {
    NO_ANSWER, LEFT_MESSAGE, CONVERSATION, WRONG_PARTY, REFUSED, DELIVERED
}
