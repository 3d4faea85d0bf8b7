package io.arrears.infra.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import io.arrears.kernel.api.ProblemTypes;
import io.arrears.kernel.rejection.InvalidField;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.RuleViolation;
import io.arrears.kernel.rejection.UnknownAccount;
import io.arrears.kernel.rejection.UnknownReference;
import io.arrears.query.api.NotConsistentYet;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every error as an RFC 7807 problem document: 400 names the fields, 409 states the broken rule,
 * 404 the unknown account, 503 asks to retry a query that could not be made consistent in time.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private final MeterRegistry meters;

    public ProblemHandler(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts a refused request by the reason it was refused for ({@code arrears.requests.rejected}). */
    private void rejected(String reason) {
        meters.counter("arrears.requests.rejected", "reason", reason).increment();
    }

    @ExceptionHandler(InvalidRequest.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequest e) {
        rejected("invalid");
        return validation(e.getMessage(), e.problems().stream()
                .map(p -> Map.of("field", p.field(), "message", p.message())).toList());
    }

    @ExceptionHandler(InvalidField.class)
    ResponseEntity<ProblemDetail> invalidField(InvalidField e) {
        rejected("invalid");
        return validation(e.field() + " " + e.getMessage(),
                List.of(Map.of("field", e.field(), "message", e.getMessage())));
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolation(RuleViolation e) {
        rejected(e.rule());
        ProblemDetail problem = problem(HttpStatus.CONFLICT, ProblemTypes.RULE_VIOLATION, "Rule violated",
                e.getMessage());
        problem.setProperty("rule", e.rule());
        return respond(problem);
    }

    @ExceptionHandler({UnknownAccount.class, AggregateNotFoundException.class})
    ResponseEntity<ProblemDetail> unknownAccount(RuntimeException e) {
        rejected("account.unknown");
        String detail = e instanceof AggregateNotFoundException notFound
                ? "no account " + notFound.getAggregateIdentifier() : e.getMessage();
        return respond(problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Unknown account", detail));
    }

    @ExceptionHandler(UnknownReference.class)
    ResponseEntity<ProblemDetail> unknownReference(UnknownReference e) {
        rejected(e.rule());
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Unknown reference",
                e.getMessage());
        problem.setProperty("rule", e.rule());
        return respond(problem);
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> accountExists(AggregateStreamCreationException e) {
        rejected("account.exists");
        return respond(problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Account exists",
                "an account with this id exists already"));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrency(ConcurrencyException e) {
        return respond(problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Concurrent change",
                "the account changed concurrently; retry the command"));
    }

    @ExceptionHandler(NotConsistentYet.class)
    ResponseEntity<ProblemDetail> notConsistentYet(NotConsistentYet e) {
        return retryLater(ProblemTypes.NOT_CONSISTENT_YET, "Not consistent yet", e.getMessage());
    }

    /** 503 with {@code Retry-After}: the same request may succeed in a moment. */
    private static ResponseEntity<ProblemDetail> retryLater(String type, String title, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> parameterType(MethodArgumentTypeMismatchException e) {
        return validation(e.getName() + " has the wrong type",
                List.of(Map.of("field", e.getName(), "message", "has the wrong type")));
    }

    /**
     * The store did not confirm a write in time (no majority within the write timeout, or no
     * primary to write to): the command may or may not be recorded, and its id makes a retry safe.
     */
    private ResponseEntity<ProblemDetail> storeUnavailable(Throwable cause) {
        rejected("store.unavailable");
        log.warn("The store did not confirm a write in time: {}", cause.getMessage());
        return retryLater(ProblemTypes.STORE_UNAVAILABLE, "Store unavailable", "the store did not confirm the write "
                + "in time; it may or may not be recorded: retry with the same id, which answers the original "
                + "result if it was");
    }

    /** The store's refusal to confirm in time, anywhere in the chain of causes. */
    private static Optional<Throwable> storeTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoWriteConcernException || cause instanceof MongoTimeoutException) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandExecution(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InvalidRequest c) {
            return invalidRequest(c);
        }
        if (cause instanceof InvalidField c) {
            return invalidField(c);
        }
        if (cause instanceof RuleViolation c) {
            return ruleViolation(c);
        }
        if (cause instanceof UnknownReference c) {
            return unknownReference(c);
        }
        if (cause instanceof AggregateNotFoundException || cause instanceof UnknownAccount) {
            return unknownAccount((RuntimeException) cause);
        }
        return unexpected(e);
    }

    /** Method security's refusal: the second lock behind the URL rules. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException e) {
        rejected("forbidden");
        return respond(problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
                "This key's roles do not allow this request."));
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e) {
        rejected("unauthenticated");
        return respond(problem(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, "Unauthenticated",
                "A valid X-Api-Key header is required."));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return validation(e.getMessage(), List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        Optional<Throwable> storeTimeout = storeTimeout(e);
        if (storeTimeout.isPresent()) {
            return storeUnavailable(storeTimeout.get());
        }
        log.error("Unexpected failure", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
                "the ledger could not complete the request; nothing was recorded unless a position was returned"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        rejected("invalid");
        String field = e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[")
                : "body";
        String message = e.getCause() instanceof JsonMappingException ? "has the wrong type or is not allowed"
                : "is not valid JSON";
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                field + " " + message);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private ResponseEntity<ProblemDetail> validation(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request", detail);
        problem.setProperty("errors", errors);
        return respond(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
