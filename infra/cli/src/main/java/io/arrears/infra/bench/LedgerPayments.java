package io.arrears.infra.bench;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
import io.arrears.kernel.command.RecordPayment;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
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

    private final CommandGateway gateway;
    private final CloseableHttpClient http;
    private final String accounts;
    private final LocalDate today;

    /** @param threads how many load threads pay over HTTP at once, each on a kept-alive connection */
    LedgerPayments(CommandGateway gateway, int port, int threads, LocalDate today) {
        this.gateway = gateway;
        this.http = httpClient(threads);
        this.accounts = "http://127.0.0.1:" + port + "/api/v1/accounts/";
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
        HttpPost post = new HttpPost(accounts + account.value() + "/payments");
        post.setHeader("X-Api-Key", SERVICE_KEY);
        post.setEntity(new StringEntity("{\"paymentId\":\"" + paymentId + "\",\"amount\":\"1.00\",\"valueDate\":\""
                + today + "\",\"channel\":\"ALIPAY\"}", ContentType.APPLICATION_JSON));
        try {
            http.execute(post, response -> {
                String body = EntityUtils.toString(response.getEntity());
                if (response.getCode() != 201) {
                    throw new IllegalStateException("payment answered " + response.getCode() + ": " + body);
                }
                return body;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /**
     * The HTTP load's client: blocking, a kept-alive connection for each load thread, nothing on top
     * (no retries, redirects or cookies). The client runs on the ledger's own cores; the JDK's
     * {@code java.net.http} client took about 0.35 ms of CPU a request there, with a selector thread
     * and futures between each thread and its connection.
     */
    private static CloseableHttpClient httpClient(int threads) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(threads).setMaxConnTotal(threads).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .disableAuthCaching().disableConnectionState().build();
    }
}
