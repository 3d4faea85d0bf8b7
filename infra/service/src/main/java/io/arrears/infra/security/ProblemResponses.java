package io.arrears.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.kernel.api.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;

/** The security gate's refusals, written as RFC 7807 problem documents like every other error. */
final class ProblemResponses {

    private final ObjectMapper objectMapper;

    ProblemResponses(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    void unauthenticated(HttpServletResponse response) throws IOException {
        write(response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, "Unauthenticated",
                "A valid X-Api-Key header is required.");
    }

    void forbidden(HttpServletResponse response, String detail) throws IOException {
        write(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
    }

    void badRequest(HttpServletResponse response, String detail) throws IOException {
        write(response, HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request", detail);
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        problem.setTitle(title);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
