package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;

/**
 * Every fact recorded about a collection account. Events are a frozen contract: a change means a
 * new {@code @Revision} and an upcaster, never an edit of a record below.
 */
public sealed interface AccountEvent
        permits AccountOpened, BalancePosted, PenaltyAccrued, StageAdvanced, StageEscalated, AccountResolved,
        ContactLogged, PaymentReallocated, PenaltyAdjusted, WaiverAdjusted, AccountReopened, ContactPolicyBreached,
        CeaseContactRequested, PromiseRecorded, PromiseKept, PromiseBroken, PlanAgreed, InstalmentKept,
        InstalmentMissed, PlanBroken, PlanCompleted, ReportedToCreditBureau, LegalActionTaken, BorrowerDataErased {

    AccountId accountId();
}
