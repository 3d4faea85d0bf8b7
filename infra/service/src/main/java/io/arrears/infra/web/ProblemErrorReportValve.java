package io.arrears.infra.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Requests Tomcat refuses before they reach the application (an encoded slash or a NUL in the
 * path, a malformed request line) still get an RFC 7807 problem document, not Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"Bad request\",\"status\":" + status
                        + ",\"detail\":\"the request was refused before it reached the ledger: its path or form is "
                        + "not acceptable\"}");
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response was already started: nothing more to say.
        }
    }
}
