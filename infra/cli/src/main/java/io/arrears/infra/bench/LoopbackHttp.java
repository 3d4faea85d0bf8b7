package io.arrears.infra.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The HTTP load's client: HTTP/1.1 over kept-alive loopback connections, one in use by a load thread at
 * a time, each request written in one call and its answer read on the same thread.
 * <p>
 * The client shares the ledger's two cores, so whatever it spends is taken from the ledger's figure
 * over HTTP. The JDK's {@code java.net.http} client took about 0.35 ms of CPU a request here, passing
 * each one between the load thread, a selector thread and futures; Apache HttpClient 5 (classic)
 * 0.12-0.36 ms; wrk, a load generator in C, 0.03-0.05 ms on the same requests. This one does only what
 * the load needs: a request with its length, an answer with its Content-Length (the ledger's
 * {@code WholeAnswers} gives every answer that fits Tomcat's buffer one), and a new connection when the
 * ledger closes one: after an answer that says so, or while the connection was idle (Tomcat closes a
 * kept-alive connection unused for its keep-alive timeout, a minute by default, as between the phases of
 * a run at 100,000 accounts). A request that found its kept-alive connection closed before any answer
 * is sent again once on a new one; the load's payments carry their ids, so a repeat is answered as the
 * first time.
 */
final class LoopbackHttp implements Closeable {

    /** A status and the answer's body as text. */
    record Answer(int status, String body) {
    }

    private final InetAddress host = InetAddress.getLoopbackAddress();
    private final int port;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    LoopbackHttp(int port) {
        this.port = port;
    }

    /** POSTs {@code json} to {@code path} with the headers given as "Name: value" lines. */
    Answer post(String path, String json, String... headers) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host.getHostAddress()).append(':').append(port)
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        Connection kept = idle.poll();
        if (kept != null) {
            try {
                return answered(kept, kept.exchange(request));
            } catch (ClosedBeforeAnswer e) {
                kept.close();
            } catch (IOException | RuntimeException e) {
                kept.close();
                throw e;
            }
        }
        Connection connection = new Connection(new Socket(host, port));
        try {
            return answered(connection, connection.exchange(request));
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private Answer answered(Connection connection, Answer answer) throws IOException {
        if (connection.open) {
            idle.add(connection);
        } else {
            connection.close();
        }
        return answer;
    }

    @Override
    public void close() throws IOException {
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            connection.close();
        }
    }

    /** The ledger closed the connection before it answered anything on it. */
    private static final class ClosedBeforeAnswer extends EOFException {

        ClosedBeforeAnswer(String why) {
            super("the ledger closed the connection before answering: " + why);
        }
    }

    private static final class Connection implements Closeable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        /** False once the ledger has said it closes the connection after this answer. */
        private boolean open = true;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        Answer exchange(byte[] request) throws IOException {
            int first;
            try {
                out.write(request);
                first = in.read();
            } catch (SocketException e) {
                throw new ClosedBeforeAnswer(e.getMessage());
            }
            if (first < 0) {
                throw new ClosedBeforeAnswer("end of stream");
            }
            String statusLine = (char) first + line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("connection")) {
                    open = !value.equalsIgnoreCase("close");
                }
            }
            if (length < 0) {
                throw new IOException("an answer without a Content-Length (the ledger sends one with every answer "
                        + "that fits its buffer): " + statusLine);
            }
            return new Answer(status, new String(exactly(length), StandardCharsets.UTF_8));
        }

        private byte[] exactly(int bytes) throws IOException {
            byte[] read = in.readNBytes(bytes);
            if (read.length < bytes) {
                throw new EOFException("the ledger closed the connection within an answer");
            }
            return read;
        }

        /** A header line without its CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the ledger closed the connection");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
