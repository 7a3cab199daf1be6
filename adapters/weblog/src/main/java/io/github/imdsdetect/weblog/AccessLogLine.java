package io.github.imdsdetect.weblog;

import io.github.imdsdetect.weblog.LogLineTokenizer.Kind;
import io.github.imdsdetect.weblog.LogLineTokenizer.Token;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The parts of one access log line that the mapping reads, in one of these layouts:
 *
 * <ul>
 *   <li>Common Log Format: {@code host ident user [time] "request" status size}
 *   <li>Combined Log Format, Apache's and nginx's default: Common plus {@code "referer"
 *       "user-agent"}, and any fields that a custom format appends after them
 *   <li>Apache {@code vhost_combined}: {@code server:port} before the Combined fields
 *   <li>AWS Application Load Balancer: {@code type time elb client:port target:port}, three
 *       processing times, two status codes and two byte counts, then {@code "request"}, whose
 *       target is the absolute URL that the load balancer built from the Host header
 *   <li>AWS Classic Load Balancer: as the ALB layout without the leading type
 * </ul>
 *
 * @param layout the layout the line was recognized in
 * @param time the time as written, without brackets
 * @param request the request line with the log's escapes decoded, such as {@code GET /a
 *     HTTP/1.1}
 * @param virtualHost the server name of {@code vhost_combined} without its port, or null
 */
record AccessLogLine(Layout layout, String time, String request, String virtualHost) {

  /** An access log layout. */
  enum Layout {
    COMMON,
    /** Combined or {@code vhost_combined}: Common followed by two quoted fields. */
    COMBINED,
    APPLICATION_LOAD_BALANCER,
    CLASSIC_LOAD_BALANCER
  }

  /** Request types of ALB entries, the values that AWS documents for the first field. */
  private static final Set<String> ALB_TYPES = Set.of("http", "https", "h2", "grpcs", "ws", "wss");

  private static final int MAX_QUOTED_CHARS = 60;
  private static final int ALB_REQUEST_INDEX = 12;
  private static final int ELB_REQUEST_INDEX = 11;

  /** Thrown when a line fits none of the layouts. */
  static final class MalformedLineException extends Exception {
    MalformedLineException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Recognizes the layout of a tokenized line and returns its parts.
   *
   * @throws MalformedLineException when the line fits none of the layouts, with a message that
   *     names the field that failed
   */
  static AccessLogLine parse(List<Token> tokens) throws MalformedLineException {
    if (tokens.size() > ALB_REQUEST_INDEX
        && tokens.get(0).kind() == Kind.BARE
        && ALB_TYPES.contains(tokens.get(0).text())
        && isIsoTime(tokens.get(1))
        && tokens.get(ALB_REQUEST_INDEX).kind() == Kind.QUOTED) {
      return new AccessLogLine(
          Layout.APPLICATION_LOAD_BALANCER,
          tokens.get(1).text(),
          unescape(tokens.get(ALB_REQUEST_INDEX).text()),
          null);
    }
    if (tokens.size() > ELB_REQUEST_INDEX
        && isIsoTime(tokens.get(0))
        && tokens.get(ELB_REQUEST_INDEX).kind() == Kind.QUOTED) {
      return new AccessLogLine(
          Layout.CLASSIC_LOAD_BALANCER,
          tokens.get(0).text(),
          unescape(tokens.get(ELB_REQUEST_INDEX).text()),
          null);
    }
    return parseCommon(tokens);
  }

  private static AccessLogLine parseCommon(List<Token> tokens) throws MalformedLineException {
    int timeIndex = bracketedIndex(tokens);
    if (timeIndex != 3 && timeIndex != 4) {
      throw new MalformedLineException(
          "not an access log line: expected a [time] field after the client, ident and user"
              + " fields (Common or Combined Log Format) or an AWS load balancer entry");
    }
    checkRequestStatusSize(tokens, timeIndex);

    // vhost_combined puts the server's name and port before the Common fields.
    String virtualHost = timeIndex == 4 ? serverName(tokens.get(0).text()) : null;
    boolean combined =
        tokens.size() >= timeIndex + 6
            && tokens.get(timeIndex + 4).kind() == Kind.QUOTED
            && tokens.get(timeIndex + 5).kind() == Kind.QUOTED;
    return new AccessLogLine(
        combined ? Layout.COMBINED : Layout.COMMON,
        tokens.get(timeIndex).text(),
        unescape(tokens.get(timeIndex + 1).text()),
        virtualHost);
  }

  /** Returns the index of the first bracketed token among the first five, or -1. */
  private static int bracketedIndex(List<Token> tokens) {
    for (int i = 0; i < tokens.size() && i <= 4; i++) {
      if (tokens.get(i).kind() == Kind.BRACKETED) {
        return i;
      }
    }
    return -1;
  }

  private static void checkRequestStatusSize(List<Token> tokens, int timeIndex)
      throws MalformedLineException {
    if (tokens.size() < timeIndex + 4) {
      throw new MalformedLineException(
          "access log line ends before the request, status and size fields that follow [time]");
    }
    Token request = tokens.get(timeIndex + 1);
    if (request.kind() != Kind.QUOTED) {
      throw new MalformedLineException(
          "expected a quoted request after [time], found " + quote(request.text()));
    }
    String status = tokens.get(timeIndex + 2).text();
    if (!isStatus(status)) {
      throw new MalformedLineException(
          "expected a 3-digit status after the request, found " + quote(status));
    }
    String size = tokens.get(timeIndex + 3).text();
    if (!size.equals("-") && !isDigits(size)) {
      throw new MalformedLineException(
          "expected a response size or '-' after the status, found " + quote(size));
    }
  }

  /** Returns {@code server:port} without a numeric port. */
  private static String serverName(String server) {
    int colon = server.lastIndexOf(':');
    return colon > 0 && isDigits(server.substring(colon + 1)) ? server.substring(0, colon) : server;
  }

  /** Returns a field value for an error message, cut to {@value #MAX_QUOTED_CHARS} chars. */
  private static String quote(String value) {
    if (value.length() <= MAX_QUOTED_CHARS) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, MAX_QUOTED_CHARS) + "...' (" + value.length() + " chars)";
  }

  private static boolean isIsoTime(Token token) {
    String text = token.text();
    return token.kind() == Kind.BARE
        && text.length() > 11
        && isDigits(text.substring(0, 4))
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T';
  }

  private static boolean isStatus(String text) {
    return text.length() == 3 && isDigits(text);
  }

  private static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes the escapes that web servers write into a logged request: {@code \"} and {@code \\}
   * (Apache httpd) and {@code \xHH} (Apache httpd and nginx, for control characters, quotes and,
   * in nginx, bytes above 0x7E). Runs of {@code \xHH} are decoded together as UTF-8, with U+FFFD
   * for invalid bytes. Other backslashes are kept.
   */
  static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    byte[] run = new byte[text.length() / 4 + 1];
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (isHexEscape(text, i)) {
        int length = 0;
        while (isHexEscape(text, i)) {
          run[length++] =
              (byte)
                  (PercentDecoder.hexValue(text.charAt(i + 2)) * 16
                      + PercentDecoder.hexValue(text.charAt(i + 3)));
          i += 4;
        }
        out.append(new String(run, 0, length, StandardCharsets.UTF_8));
      } else if (c == '\\'
          && i + 1 < text.length()
          && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
        out.append(text.charAt(i + 1));
        i += 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isHexEscape(String text, int at) {
    return at + 3 < text.length()
        && text.charAt(at) == '\\'
        && text.charAt(at + 1) == 'x'
        && PercentDecoder.hexValue(text.charAt(at + 2)) >= 0
        && PercentDecoder.hexValue(text.charAt(at + 3)) >= 0;
  }
}
