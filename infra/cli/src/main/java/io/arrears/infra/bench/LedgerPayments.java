package io.arrears.infra.bench;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
import io.arrears.kernel.command.RecordPayment;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

/**
 * The same payment of 1.00 for {@code today} through the ledger's two doors: its command gateway, and
 * its HTTP endpoint on loopback with the development service key. Both send the same command message,
 * so what tells them apart is the HTTP layer.
 */
final class LedgerPayments implements AutoCloseable {

    /** The key of the HTTP load, whose client id is the key itself (ApiKeys' development keys). */
    private static final String SERVICE_KEY = "dev-service-key";
    /** The metadata of a command sent with the development service key: its client, acting as itself. */
    private static final MetaData SERVICE_KEY_CALLER = MetaData.from(new Caller(SERVICE_KEY, Role.SERVICE,
            SERVICE_KEY).asMetadata());

    private static final String ACCOUNTS = "/api/v1/accounts/";

    private final CommandGateway gateway;
    private final LoopbackHttp http;
    private final LocalDate today;

    LedgerPayments(CommandGateway gateway, int port, LocalDate today) {
        this.gateway = gateway;
        this.http = new LoopbackHttp(port);
        this.today = today;
    }

    /** The value date of every payment: the ledger's today when the load began. */
    LocalDate today() {
        return today;
    }

    /**
     * The payment {@link #overHttp} makes, sent as its endpoint sends it: with the caller the
     * development service key authenticates as its metadata, which every event of the command carries.
     */
    void throughGateway(AccountId account, String paymentId) {
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new RecordPayment(account, paymentId, "1.00", null,
                today, "ALIPAY")).andMetaData(SERVICE_KEY_CALLER));
    }

    void overHttp(AccountId account, String paymentId) {
        expect(201, post(account, paymentId, "X-Api-Key: " + SERVICE_KEY));
    }

    /**
     * The same request without a key: refused with 401 by Spring Security before any handler runs, so
     * what it costs is the HTTP layer's least, Tomcat and the filters, and the client's.
     */
    void refusedOverHttp(AccountId account, String paymentId) {
        expect(401, post(account, paymentId));
    }

    private LoopbackHttp.Answer post(AccountId account, String paymentId, String... headers) {
        try {
            return http.post(ACCOUNTS + account.value() + "/payments", "{\"paymentId\":\"" + paymentId
                    + "\",\"amount\":\"1.00\",\"valueDate\":\"" + today + "\",\"channel\":\"ALIPAY\"}", headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expect(int status, LoopbackHttp.Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException("payment answered " + answer.status() + ": " + answer.body());
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
