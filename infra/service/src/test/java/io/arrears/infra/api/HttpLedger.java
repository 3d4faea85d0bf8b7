package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the ledger's API, as another service would call it. */
public final class HttpLedger {

    /** The development keys of API.md, accepted on the embedded default. */
    public static final String SERVICE = "dev-service-key";
    static final String COLLECTOR = "dev-collector-key";
    static final String SUPERVISOR = "dev-supervisor-key";
    public static final String AUDITOR = "dev-auditor-key";
    static final String METRICS = "dev-metrics-key";

    /** API.md's example account, with {@code %s} for its id. */
    public static final String WORKED_EXAMPLE_ACCOUNT = """
            {
              "accountId": "%s", "borrowerId": "B-77", "product": "HUABEI", "currency": "CNY",
              "dueDate": "2026-03-01", "balancesAsOf": "2026-03-01",
              "principal": "10000.00", "interest": "150.00", "fees": "20.00", "penalty": "0.00",
              "terms": { "penaltyRateBpsPerDay": 5, "graceDays": 3, "penaltyBase": "PRINCIPAL_AND_INTEREST",
                         "penaltyCapBps": 2400, "waterfall": ["PENALTY", "FEES", "INTEREST", "PRINCIPAL"] },
              "borrower": { "name": "Li Wei", "phone": "+8613800000000", "email": "li@example.com",
                            "address": "Hangzhou", "timezone": "Asia/Shanghai" }
            }""";

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {

        long position() {
            return body.get("position").asLong();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public HttpLedger(String base) {
        this.base = base;
    }

    public Response post(String path, String apiKey, String json) {
        return post(path, apiKey, "application/json", json);
    }

    Response post(String path, String apiKey, String contentType, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return send(request.build());
    }

    public Response get(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .GET();
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return send(request.build());
    }

    /**
     * Any method on a path as written (no normalisation), with a body when one is given and header
     * name-value pairs after it.
     */
    Response request(String method, String path, String apiKey, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A GET whose body is not JSON (an export), as text. */
    HttpResponse<String> getText(String path, String apiKey) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("X-Api-Key", apiKey).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.nullNode();
            if (!response.body().isEmpty()) {
                try {
                    body = JSON.readTree(response.body());
                } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                    // Left as null: a caller checking for a problem document sees there is none.
                }
            }
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
