package dev.tokenkit.examples;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers (a request line, path, header or framing it cannot read, before any
 * application code runs) as the server's JSON errors instead of Tomcat's HTML page, which would
 * name Tomcat and sometimes a Java exception.
 */
public final class JsonErrorReport extends ErrorReportValve {

  /** Tomcat creates the valve from its class name. */
  public JsonErrorReport() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    String error;
    String message;
    switch (status) {
      case 400 -> {
        error = "invalid_request";
        message =
            "the request could not be read: its request line, path, headers or framing are"
                + " malformed";
      }
      case 404 -> {
        error = "not_found";
        message = "no such endpoint";
      }
      case 408 -> {
        error = "timeout";
        message = "the request took too long to arrive";
      }
      case 413 -> {
        error = "too_large";
        message = "the request is too large";
      }
      case 431 -> {
        error = "headers_too_large";
        message = "the request's headers are too large";
      }
      case 503 -> {
        error = "unavailable";
        message = "the server is unavailable; retry later";
      }
      default -> {
        error = status < 500 ? "invalid_request" : "internal";
        message = status < 500 ? "the request was refused" : "internal error";
      }
    }
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-store");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone, or the answer already started: nothing more to send
    }
  }
}
