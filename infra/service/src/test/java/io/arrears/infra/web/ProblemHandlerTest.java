package io.arrears.infra.web;

import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcernResult;
import com.mongodb.bulk.WriteConcernError;
import io.arrears.kernel.api.ProblemTypes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** A write the store does not confirm in time is a 503 to retry with the same id, not a 500 or a hang. */
class ProblemHandlerTest {

    private final ProblemHandler handler = new ProblemHandler(new SimpleMeterRegistry());

    @Test
    void aWriteAMajorityDidNotConfirmInTimeIs503WithRetryAfter() {
        MongoWriteConcernException timedOut = new MongoWriteConcernException(new WriteConcernError(64,
                "WriteConcernFailed", "waiting for replication timed out", new BsonDocument()),
                WriteConcernResult.unacknowledged(), new ServerAddress());
        ResponseEntity<ProblemDetail> answer = handler.commandExecution(new CommandExecutionException("append failed",
                new EventStoreException("appending a commit failed", timedOut)));
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getBody().getType().toString()).isEqualTo(ProblemTypes.STORE_UNAVAILABLE);
        assertThat(answer.getBody().getDetail()).contains("same id");
    }

    @Test
    void noPrimaryToWriteToIs503Too() {
        ResponseEntity<ProblemDetail> answer = handler.unexpected(new RuntimeException("query failed",
                new MongoTimeoutException("Timed out while waiting for a server that matches WritableServerSelector")));
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
    }
}
