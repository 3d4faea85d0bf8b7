package io.arrears.kernel.api;

/** The {@code type} URIs of the API's RFC 7807 problem documents. */
public final class ProblemTypes {

    private static final String BASE = "https://arrears.io/problems/";
    public static final String VALIDATION = BASE + "validation";
    public static final String RULE_VIOLATION = BASE + "rule-violation";
    public static final String NOT_FOUND = BASE + "not-found";
    public static final String CONFLICT = BASE + "conflict";
    public static final String UNAUTHENTICATED = BASE + "unauthenticated";
    public static final String FORBIDDEN = BASE + "forbidden";
    public static final String NOT_CONSISTENT_YET = BASE + "not-consistent-yet";
    public static final String INTERNAL = BASE + "internal";
    public static final String STORE_UNAVAILABLE = BASE + "store-unavailable";

    private ProblemTypes() {
    }
}
