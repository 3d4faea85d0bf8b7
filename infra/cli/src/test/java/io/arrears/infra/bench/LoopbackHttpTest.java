package io.arrears.infra.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's HTTP client against a server that closes connections as Tomcat does. */
class LoopbackHttpTest {

    @Test
    void aRequestWhoseKeptConnectionWasClosedWhileIdleIsSentAgainOnANewOne() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            serve(() -> answerOnceAndClose(server, connections, true));
            try (LoopbackHttp http = new LoopbackHttp(server.getLocalPort())) {
                assertThat(http.post("/pay", "{\"n\":1}").status()).isEqualTo(201);
                // The server closed that connection without saying so, as Tomcat does after its keep-alive timeout.
                assertThat(http.post("/pay", "{\"n\":2}").status()).isEqualTo(201);
            }
            assertThat(connections).hasValue(2);
        }
    }

    @Test
    void aNewConnectionClosedBeforeAnyAnswerIsAnError() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            serve(() -> answerOnceAndClose(server, new AtomicInteger(), false));
            try (LoopbackHttp http = new LoopbackHttp(server.getLocalPort())) {
                assertThatThrownBy(() -> http.post("/pay", "{\"n\":1}")).isInstanceOf(IOException.class)
                        .hasMessageContaining("closed the connection before answering");
            }
        }
    }

    private static void serve(Runnable server) {
        Thread thread = new Thread(server, "fake-ledger");
        thread.setDaemon(true);
        thread.start();
    }

    /** Accepts connections until the server closes; on each, reads one request, answers it if told to, and closes. */
    private static void answerOnceAndClose(ServerSocket server, AtomicInteger connections, boolean answer) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connections.incrementAndGet();
                readRequest(socket.getInputStream());
                if (answer) {
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        String lengthHeader = "Content-Length: ";
        int at = head.indexOf(lengthHeader);
        int length = Integer.parseInt(head.substring(at + lengthHeader.length(), head.indexOf("\r\n", at)));
        in.readNBytes(length);
    }
}
