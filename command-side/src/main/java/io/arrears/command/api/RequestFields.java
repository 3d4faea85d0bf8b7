package io.arrears.command.api;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Validates a request's fields at the edge, collecting every problem so a caller learns them all at
 * once; {@link #throwIfInvalid()} answers 400 naming each field.
 */
final class RequestFields {

    static final int TEXT_LENGTH_MAX = 1_000;
    private final List<FieldProblem> problems = new ArrayList<>();

    void problem(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    String id(String field, String value) {
        if (value == null) {
            problem(field, "is required");
        } else if (!Identifiers.isValid(value)) {
            problem(field, Identifiers.RULE);
        }
        return value;
    }

    AccountId accountId(String field, String value) {
        if (value == null) {
            problem(field, "is required");
            return null;
        }
        if (!AccountId.isValid(value)) {
            problem(field, "must be 1 to " + AccountId.LENGTH_MAX
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
            return null;
        }
        return new AccountId(value);
    }

    String text(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problem(field, "is required");
            }
            return value;
        }
        if (value.length() > TEXT_LENGTH_MAX) {
            problem(field, "is at most " + TEXT_LENGTH_MAX + " characters");
        }
        return value;
    }

    LocalDate date(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problem(field, "must be a date YYYY-MM-DD");
            return null;
        }
    }

    Instant instant(String field, String value) {
        if (value == null) {
            problem(field, "is required");
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problem(field, "must be an ISO-8601 UTC instant such as 2026-03-12T09:30:00Z");
            return null;
        }
    }

    <E extends Enum<E>> E oneOf(String field, String value, Class<E> type, boolean required) {
        if (value == null) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        problem(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        return null;
    }

    /** A money amount as the API carries it: a positive decimal string; the account checks its digits. */
    String positiveAmount(String field, String value) {
        if (value == null) {
            problem(field, "is required");
            return null;
        }
        if (!Money.isPositiveDecimal(value)) {
            problem(field, "must be a positive decimal string such as \"1000.00\"");
            return null;
        }
        return value;
    }

    <T> T required(String field, T value) {
        if (value == null) {
            problem(field, "is required");
        }
        return value;
    }

    /** Builds a value whose constructor validates, turning its refusal into a problem of {@code field}. */
    <T> T build(String field, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            problem(field, e.getMessage() == null ? "is invalid" : e.getMessage());
            return null;
        }
    }

    boolean valid() {
        return problems.isEmpty();
    }

    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidRequest(problems);
        }
    }
}
