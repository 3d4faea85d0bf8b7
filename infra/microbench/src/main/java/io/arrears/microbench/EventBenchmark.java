package io.arrears.microbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.EventHashes;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.money.Money;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * What the event store does in memory for each event it appends: the event's stored form (Jackson)
 * and its keyed hash in the account's chain ({@link EventHashes}). The baseline is a bare
 * HMAC-SHA-256 of the same canonical bytes, the least a keyed chain can cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventBenchmark {

    private final AuditKeyring keyring = AuditKeyring.generate("bench");
    private final ObjectMapper mapper = StoredForm.mapper();
    private PaymentRecorded event;
    private Document content;
    private byte[] canonicalBytes;
    private Mac mac;

    @Setup
    public void event() throws JsonProcessingException, GeneralSecurityException {
        event = new PaymentRecorded(AccountId.of("HB-000123"), "PAY-1", new Money(35_556, "CNY"),
                LocalDate.of(2026, 3, 11), "ALIPAY", new Allocation(3_556, 2_000, 15_000, 15_000, 0),
                new Balance(985_000, 0, 0, 0, 0), false);
        content = EventHashes.canonicalContent("HB-000123", 7, "5d7f3c1e-0000-4000-8000-000000000007",
                PaymentRecorded.class.getName(), "1", "2026-03-11T08:00:00Z",
                Document.parse(mapper.writeValueAsString(event)), new Document("actor", "gateway"));
        canonicalBytes = content.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build())
                .getBytes(StandardCharsets.UTF_8);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    }

    @Benchmark
    public byte[] hmacAlone() {
        return mac.doFinal(canonicalBytes);
    }

    @Benchmark
    public String chainHash() {
        return EventHashes.hash(keyring, keyring.currentId(), EventHashes.GENESIS, content);
    }

    @Benchmark
    public String storedForm() throws JsonProcessingException {
        return mapper.writeValueAsString(event);
    }
}
