package io.arrears.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * An answer that fits Tomcat's response buffer goes out in one write, with its Content-Length.
 * <p>
 * Jackson and Spring's message converters flush the stream after every body they write, and a flush
 * commits the response: the headers and the body went out in one chunked write, and the closing
 * chunk in a second, which the client then had to wait for and read on its own. Here a flush before
 * the response is committed is held back; Tomcat sends the whole answer when the request ends and
 * sets its length. An answer larger than the buffer (a trail export) is still committed as the buffer
 * fills, and from then on every flush goes through.
 */
public class WholeAnswers extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HeldFlushes(response));
    }

    private static final class HeldFlushes extends HttpServletResponseWrapper {

        private ServletOutputStream stream;

        HeldFlushes(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (isCommitted()) {
                super.flushBuffer();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new HeldFlushStream(super.getOutputStream(), this);
            }
            return stream;
        }
    }

    private static final class HeldFlushStream extends ServletOutputStream {

        private final ServletOutputStream out;
        private final HttpServletResponse response;

        HeldFlushStream(ServletOutputStream out, HttpServletResponse response) {
            this.out = out;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (response.isCommitted()) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
