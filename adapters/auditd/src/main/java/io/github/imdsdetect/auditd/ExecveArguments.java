package io.github.imdsdetect.auditd;

import io.github.imdsdetect.auditd.RawField.Form;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the arguments of one execve call from the fields of its EXECVE records.
 *
 * <p>The kernel (Linux {@code audit_log_execve_info}) writes argument N as {@code aN="text"} or
 * {@code aN=HEX} (see {@link AuditValues}). An argument that does not fit in the rest of the
 * record is split into chunks: {@code aN_len=L aN[0]=... aN[1]=...}, each chunk quoted or hex on
 * its own, and arguments longer than 7,500 bytes are always hex. The chunks, and the arguments,
 * may continue in further EXECVE records of the same event.
 *
 * <p>Memory is bounded: the kept bytes plus one separator per argument stay within {@code
 * maxBytes}. Bytes beyond it are counted but dropped, so the command line keeps its prefix.
 */
final class ExecveArguments {
  private static final Pattern ARGUMENT = Pattern.compile("a(\\d{1,9})(?:\\[(\\d{1,9})\\])?");

  /**
   * A decoded argument or chunk of one.
   *
   * @param index the argument number N of {@code aN}
   * @param bytes the decoded bytes
   */
  record Piece(int index, byte[] bytes) {}

  private final int maxBytes;
  private final TreeMap<Integer, ByteArrayOutputStream> arguments = new TreeMap<>();
  private int keptBytes;
  private long totalBytes;
  private boolean truncated;

  /**
   * Creates an empty collector.
   *
   * @param maxBytes the maximum number of bytes kept, counting one separator between arguments
   */
  ExecveArguments(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Returns the argument piece that {@code field} of an EXECVE record contains, or null when the
   * field is not an argument (such as {@code argc} or {@code a1_len}).
   *
   * @throws MalformedRecordException if a bare argument value is not valid hex
   */
  static Piece piece(RawField field) throws MalformedRecordException {
    Matcher matcher = ARGUMENT.matcher(field.key());
    if (!matcher.matches()) {
      return null;
    }
    int index = Integer.parseInt(matcher.group(1));
    byte[] bytes;
    if (field.form() == Form.BARE) {
      bytes = field.value().isEmpty() ? new byte[0] : AuditValues.hexBytes(field);
    } else {
      bytes = field.value().getBytes(StandardCharsets.UTF_8);
    }
    return new Piece(index, bytes);
  }

  /**
   * Appends a piece to its argument. Pieces of one argument must arrive in chunk order, as the
   * kernel writes them.
   */
  void add(Piece piece) {
    ByteArrayOutputStream argument = arguments.get(piece.index());
    boolean newArgument = argument == null;
    int separator = newArgument && !arguments.isEmpty() ? 1 : 0;
    byte[] bytes = piece.bytes();
    totalBytes += separator + bytes.length;
    if (truncated) {
      return;
    }
    int room = maxBytes - keptBytes - separator;
    if (room < 0 || (room == 0 && bytes.length > 0)) {
      truncated = true; // not even a separator or a first byte fits
      return;
    }
    if (newArgument) {
      argument = new ByteArrayOutputStream();
      arguments.put(piece.index(), argument);
    }
    int stored = Math.min(room, bytes.length);
    argument.write(bytes, 0, stored);
    keptBytes += separator + stored;
    if (stored < bytes.length) {
      truncated = true;
    }
  }

  /** Returns whether no argument was added. */
  boolean isEmpty() {
    return arguments.isEmpty();
  }

  /** Returns whether bytes were dropped to stay within the cap. */
  /** Returns the number of argument bytes kept, which bounds the memory this object holds. */
  int keptBytes() {
    return keptBytes;
  }

  boolean truncated() {
    return truncated;
  }

  /** Returns the length of the command line before the cap, in bytes. */
  long totalBytes() {
    return totalBytes;
  }

  /** Returns the arguments in index order, each decoded as UTF-8. */
  List<String> arguments() {
    List<String> texts = new ArrayList<>(arguments.size());
    for (Map.Entry<Integer, ByteArrayOutputStream> entry : arguments.entrySet()) {
      texts.add(entry.getValue().toString(StandardCharsets.UTF_8));
    }
    return texts;
  }

  /** Returns the arguments in index order, joined by single spaces. */
  String commandLine() {
    return String.join(" ", arguments());
  }
}
