package io.arrears.kernel.account;

/** The kinds of repayment plan a borrower can agree. */
public enum PlanKind {
    /** Everything owed, by a later date: one instalment. */
    EXTENSION,
    /** Several instalments with their own dates and amounts. */
    INSTALMENTS,
    /** One payment of an agreed amount settling the plan. */
    LUMP_SUM
}
