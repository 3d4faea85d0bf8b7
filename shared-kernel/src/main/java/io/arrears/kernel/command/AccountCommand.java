package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;

/** Every command addressed to one collection account. */
public sealed interface AccountCommand
        permits OpenAccount, RecordPayment, AccruePenalty, LogContact, EscalateStage, ReversePayment, GrantWaiver,
        RaiseDispute, ResolveDispute, WriteOffAccount, RequestCeaseContact, CheckContactPermission,
        RecordPromise, AgreePlan, ReportToCreditBureau, TakeLegalAction, EraseBorrowerData {

    AccountId accountId();
}
