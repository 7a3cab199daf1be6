package io.github.imdsdetect.generators;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Text encodings shared by the record renderers. */
final class RecordText {
  private static final JsonFactory JSON = new JsonFactory();

  /** Writes one JSON value with a generator. */
  @FunctionalInterface
  interface JsonBody {
    void write(JsonGenerator json) throws IOException;
  }

  private RecordText() {}

  /** Returns the JSON text that {@code body} writes, on one line. */
  static String json(JsonBody body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      body.write(json);
    } catch (IOException e) {
      // A StringWriter does not fail, so this is a bug in the body.
      throw new UncheckedIOException("failed to write JSON", e);
    }
    return out.toString();
  }

  /** Writes a string field unless the value is null. */
  static void field(JsonGenerator json, String name, CharSequence value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value.toString());
    }
  }

  /** Writes an array of strings. */
  static void stringArray(JsonGenerator json, String name, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  /** Returns the upper-case hex of the UTF-8 bytes, as auditd writes untrusted strings. */
  static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(String.format(Locale.ROOT, "%02X", b & 0xFF));
    }
    return out.toString();
  }

  /**
   * Returns a value as the Linux kernel's audit_log_untrustedstring writes it: in double quotes,
   * or as hex when it contains a double quote, a space, a control character or a byte above
   * 0x7E.
   */
  static String auditString(String value) {
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c == '"' || c < 0x21 || c > 0x7E) {
        return hex(value);
      }
    }
    return "\"" + value + "\"";
  }

  /** Returns a CSV field, in double quotes with inner quotes doubled when it needs quoting. */
  static String csv(CharSequence value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  /** Escapes text for an XML element or a single-quoted attribute. */
  static String xml(CharSequence value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '\'':
          out.append("&apos;");
          break;
        case '"':
          out.append("&quot;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Returns a process name cut to 15 bytes, as the Linux kernel keeps a task's comm
   * (TASK_COMM_LEN is 16 with the terminating NUL) and auditd and Falco report it.
   */
  static String kernelComm(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= 15 ? name : new String(bytes, 0, 15, StandardCharsets.UTF_8);
  }

  /** Returns the base name of a Unix or Windows path. */
  static String baseName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  /** Returns the directory part of a Unix or Windows path, without the last separator. */
  static String parent(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return slash <= 0 ? path.substring(0, Math.max(slash, 0) + 1) : path.substring(0, slash);
  }

  /** Returns "2026-11-30 09:14:02.311", the UtcTime format of Sysmon. */
  static String spaceSeparatedMillis(Instant time) {
    String iso = time.toString();
    String seconds = iso.substring(0, 19).replace('T', ' ');
    return seconds + String.format(Locale.ROOT, ".%03d", time.getNano() / 1_000_000);
  }
}
