package io.github.imdsdetect.benchmarks;

import static io.github.imdsdetect.benchmarks.AdapterInputs.appendJsonString;
import static io.github.imdsdetect.benchmarks.AdapterInputs.epochMillis;

import io.github.imdsdetect.core.Event;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Renders generated HTTP requests ({@link CorpusGenerator.EventType#URL} events) as Zeek {@code
 * http.log} records, in TSV and in JSON, and as web server access log lines. The records follow
 * the bundled samples under {@code samples/zeek/constructed} and {@code
 * samples/weblog/constructed}.
 *
 * <p>Zeek logs the request that a client sends: method, Host header, and path and query as the
 * URI. Zeek records only plain HTTP requests, so the generated {@code https} URLs are logged as
 * requests to port 80 of the same host and path.
 *
 * <p>No web server receives a request for the metadata URL itself, but an application with a
 * server-side request forgery hole receives that URL as a parameter. So {@link #combinedLog}
 * writes benign requests with their own path and query, and requests that carry an indicator as
 * {@code GET /fetch?url=<the URL>}.
 */
final class HttpRequestRecords {

  private static final String ZEEK_HTTP_HEADER =
      "#separator \\x09\n"
          + "#set_separator\t,\n"
          + "#empty_field\t(empty)\n"
          + "#unset_field\t-\n"
          + "#path\thttp\n"
          + "#open\t2024-05-01-00-00-00\n"
          + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\tmethod"
          + "\thost\turi\treferrer\tversion\tuser_agent\torigin\trequest_body_len"
          + "\tresponse_body_len\tstatus_code\tstatus_msg\tinfo_code\tinfo_msg\ttags\tusername"
          + "\tpassword\tproxied\torig_fuids\torig_filenames\torig_mime_types\tresp_fuids"
          + "\tresp_filenames\tresp_mime_types\n"
          + "#types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\tstring\tstring"
          + "\tstring\tstring\tstring\tcount\tcount\tcount\tstring\tcount\tstring\tset[enum]"
          + "\tstring\tstring\tset[string]\tvector[string]\tvector[string]\tvector[string]"
          + "\tvector[string]\tvector[string]\tvector[string]\n";

  private HttpRequestRecords() {}

  /** Appends a Zeek {@code http.log} in the ASCII writer's tab-separated format. */
  static void zeekTsv(StringBuilder out, List<Event> events) {
    out.append(ZEEK_HTTP_HEADER);
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      Connection connection = new Connection(event, i);
      out.append(zeekTime(i)).append('\t').append(connection.uid()).append('\t')
          .append(connection.clientAddress()).append('\t').append(connection.clientPort())
          .append('\t').append(connection.serverAddress()).append("\t80\t1\t");
      appendZeekField(out, event.httpMethod());
      out.append('\t');
      appendZeekField(out, event.urlHost());
      out.append('\t');
      appendZeekField(out, uri(event));
      out.append("\t-\t1.1\t");
      appendZeekField(out, header(event, "User-Agent"));
      out.append("\t-\t0\t").append(connection.responseBytes())
          .append("\t200\tOK\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t")
          .append(connection.fileId()).append("\t-\tapplication/json\n");
    }
    out.append("#close\t2024-05-02-00-00-00\n");
  }

  /** Appends a Zeek {@code http.log} as JSON lines, as {@code LogAscii::use_json} writes it. */
  static void zeekJson(StringBuilder out, List<Event> events) {
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      Connection connection = new Connection(event, i);
      out.append("{\"ts\":").append(zeekTime(i))
          .append(",\"uid\":\"").append(connection.uid())
          .append("\",\"id.orig_h\":\"").append(connection.clientAddress())
          .append("\",\"id.orig_p\":").append(connection.clientPort())
          .append(",\"id.resp_h\":\"").append(connection.serverAddress())
          .append("\",\"id.resp_p\":80,\"trans_depth\":1,\"method\":");
      appendJsonString(out, event.httpMethod());
      out.append(",\"host\":");
      appendJsonString(out, event.urlHost());
      out.append(",\"uri\":");
      appendJsonString(out, uri(event));
      out.append(",\"version\":\"1.1\",\"user_agent\":");
      appendJsonString(out, header(event, "User-Agent"));
      out.append(",\"request_body_len\":0,\"response_body_len\":")
          .append(connection.responseBytes())
          .append(",\"status_code\":200,\"status_msg\":\"OK\",\"tags\":[],\"resp_fuids\":[\"")
          .append(connection.fileId()).append("\"],\"resp_mime_types\":[\"application/json\"]}\n");
    }
  }

  /**
   * Appends Apache and nginx Combined Log Format lines. A request that carries an indicator is
   * written as a forgery payload, {@code GET /fetch?url=} followed by the URL, percent-encoded in
   * every second such request and as it is in the others, as both occur in attacks.
   */
  static void combinedLog(StringBuilder out, List<Event> events) {
    int payloads = 0;
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      String target;
      if (CorpusGenerator.isDetected(event)) {
        String url = event.url().toString();
        target = "/fetch?url="
            + (payloads % 2 == 0 ? url : URLEncoder.encode(url, StandardCharsets.UTF_8));
        payloads++;
      } else {
        target = uri(event);
      }
      int seconds = i % 86_400;
      out.append(new Connection(event, i).clientAddress()).append(" - - [01/May/2024:")
          .append(String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600,
              seconds / 60 % 60, seconds % 60))
          .append(" +0000] \"");
      appendLogQuoted(out, event.httpMethod() + " " + target + " HTTP/1.1");
      out.append("\" 200 ").append(512 + i % 8_192).append(" \"-\" \"");
      appendLogQuoted(out, header(event, "User-Agent"));
      out.append("\"\n");
    }
  }

  /**
   * The endpoints and ids of the connection that carried one request. The server address is the
   * URL's host when that is an IPv4 or IPv6 literal. Any other host of a request with an
   * indicator gets 169.254.169.254, because the metadata host names and the decimal and hex forms
   * all resolve to it. A benign host gets an address from 198.51.100.0/24.
   */
  private record Connection(String clientAddress, int clientPort, String serverAddress,
      String uid, String fileId, int responseBytes) {

    Connection(Event event, int index) {
      this("10.0." + (index / 250 % 250) + "." + (1 + index % 250), 40_000 + index % 20_000,
          serverAddress(event, index), String.format(Locale.ROOT, "C%017d", index),
          String.format(Locale.ROOT, "F%016d", index), 256 + index % 4_096);
    }

    private static String serverAddress(Event event, int index) {
      String host = event.urlHost().toString();
      if (host.startsWith("[") && host.endsWith("]")) {
        return host.substring(1, host.length() - 1);
      }
      if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        return host;
      }
      return CorpusGenerator.isDetected(event)
          ? "169.254.169.254"
          : "198.51.100." + (1 + index % 254);
    }
  }

  /** Returns the request target in origin form: the path, and {@code ?} and the query if any. */
  private static String uri(Event event) {
    return event.urlQuery() == null
        ? event.urlPath().toString()
        : event.urlPath() + "?" + event.urlQuery();
  }

  /** Returns the value of the first header with the given name, or null. */
  private static String header(Event event, String name) {
    if (event.httpHeaders() == null) {
      return null;
    }
    for (String line : event.httpHeaders().toString().split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    return null;
  }

  /** Returns Zeek's {@code ts} of the record at {@code index}: epoch seconds with 6 decimals. */
  private static String zeekTime(int index) {
    long millis = epochMillis(index);
    return String.format(Locale.ROOT, "%d.%03d%03d", millis / 1_000, millis % 1_000, index % 1_000);
  }

  /**
   * Appends a TSV field value: {@code -} for an unset value, and {@code \xHH} for control
   * characters, the tab separator among them, as Zeek's ASCII writer escapes them.
   */
  private static void appendZeekField(StringBuilder out, CharSequence value) {
    if (value == null) {
      out.append('-');
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
  }

  /**
   * Appends text inside a quoted access log field as Apache httpd escapes it: {@code \"} and
   * {@code \\}, and {@code \xHH} for control characters. A null value becomes {@code -}.
   */
  private static void appendLogQuoted(StringBuilder out, CharSequence value) {
    if (value == null) {
      out.append('-');
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
  }
}
