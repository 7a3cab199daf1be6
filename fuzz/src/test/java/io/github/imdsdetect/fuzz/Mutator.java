package io.github.imdsdetect.fuzz;

import io.github.imdsdetect.fuzz.Payloads.Payload;
import io.github.imdsdetect.fuzz.Payloads.Restrictions;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Structure-aware mutations of a real log file. The file is handled as lines, and the value
 * between two delimiters ({@code = : , " < >}, white space, brackets) stands for a field: a JSON
 * value, XML text, an auditd {@code key=value} value, a TSV or CSV column. Mutations cut the
 * input, duplicate, swap, delete and split lines, change line ends, and replace or insert
 * {@link Payloads}.
 *
 * <p>In one-record-per-line mode the mutations keep the line structure: they leave the header
 * lines (the leading blank and {@code #} lines and the first line after them) alone, insert no
 * line feed, and for CSV no double quote, so that each record still takes exactly one line.
 */
final class Mutator {
  /** Files larger than this are cut to their head and a window of lines before mutating. */
  private static final int WHOLE_FILE_BYTES = 32 * 1024;

  private static final int HEAD_LINES = 8;
  private static final int WINDOW_LINES = 48;
  private static final int MAX_MUTATIONS = 4;

  private static final String DELIMITERS = " \t,=:\"'<>{}[]();";

  private enum Operation {
    CORRUPT_VALUE,
    INSERT_PAYLOAD,
    REPLACE_LINE,
    DUPLICATE_LINE,
    DELETE_LINE,
    SWAP_LINES,
    CHANGE_LINE_END,
    CUT,
    SPLIT_LINE,
    JOIN_LINES
  }

  /** Operations that keep one record per line. */
  private static final List<Operation> LINE_PRESERVING =
      List.of(
          Operation.CORRUPT_VALUE,
          Operation.INSERT_PAYLOAD,
          Operation.REPLACE_LINE,
          Operation.DUPLICATE_LINE,
          Operation.DELETE_LINE,
          Operation.SWAP_LINES,
          Operation.CHANGE_LINE_END,
          Operation.CUT);

  private static final List<Operation> ALL = List.of(Operation.values());

  private final Choices choices;
  private final boolean oneRecordPerLine;
  private final Restrictions restrictions;
  private final List<byte[]> lines;
  private final List<String> applied = new ArrayList<>();
  private int protectedLines;

  private Mutator(Sample sample, Choices choices, boolean oneRecordPerLine) {
    this.choices = choices;
    this.oneRecordPerLine = oneRecordPerLine;
    this.restrictions =
        oneRecordPerLine
            ? new Restrictions(true, sample.format().equals("qradar-csv"))
            : Restrictions.NONE;
    this.lines = splitKeepingLineEnds(oneRecordPerLine ? sample.oneRecordPerLine() : sample.bytes());
  }

  /**
   * Returns a mutation of {@code sample}.
   *
   * @param oneRecordPerLine whether to keep one record per line, for the accounting checks
   */
  static FuzzInput mutate(Sample sample, Choices choices, boolean oneRecordPerLine) {
    Mutator mutator = new Mutator(sample, choices, oneRecordPerLine);
    return mutator.run(sample);
  }

  private FuzzInput run(Sample sample) {
    String window = "";
    if (totalBytes() > WHOLE_FILE_BYTES && lines.size() > HEAD_LINES + WINDOW_LINES) {
      int total = lines.size();
      int start = choices.between(HEAD_LINES, total - WINDOW_LINES);
      List<byte[]> keptLines = new ArrayList<>(lines.subList(0, HEAD_LINES));
      keptLines.addAll(lines.subList(start, start + WINDOW_LINES));
      lines.clear();
      lines.addAll(keptLines);
      window = " (lines 1-" + HEAD_LINES + " and " + (start + 1) + "-" + (start + WINDOW_LINES)
          + " of " + total + ")";
    }
    protectedLines = oneRecordPerLine ? headerLines() : 0;
    List<Operation> operations = oneRecordPerLine ? LINE_PRESERVING : ALL;
    int count = choices.between(1, MAX_MUTATIONS);
    boolean cutLast = false;
    for (int i = 0; i < count; i++) {
      Operation operation = choices.pick(operations);
      if (oneRecordPerLine && operation == Operation.CUT) {
        // A cut line may end inside a quoted CSV field. Copied to the middle of the input, it
        // would join the next line into its record, so the cut comes after every other change.
        cutLast = true;
      } else {
        apply(operation);
      }
    }
    if (cutLast) {
      apply(Operation.CUT);
    }
    return new FuzzInput(
        sample.name() + window + " mutated by " + String.join(", ", applied), join());
  }

  private void apply(Operation operation) {
    if (lines.size() <= protectedLines) {
      applied.add(operation + " (nothing to mutate)");
      return;
    }
    switch (operation) {
      case CORRUPT_VALUE:
        corruptValue();
        break;
      case INSERT_PAYLOAD:
        insertPayload();
        break;
      case REPLACE_LINE:
        replaceLine();
        break;
      case DUPLICATE_LINE:
        duplicateLine();
        break;
      case DELETE_LINE:
        deleteLine();
        break;
      case SWAP_LINES:
        swapLines();
        break;
      case CHANGE_LINE_END:
        changeLineEnd();
        break;
      case CUT:
        cut();
        break;
      case SPLIT_LINE:
        splitLine();
        break;
      case JOIN_LINES:
        joinLines();
        break;
      default:
        throw new AssertionError(operation);
    }
  }

  private void corruptValue() {
    int index = pickLine();
    byte[] line = lines.get(index);
    int contentEnd = contentEnd(line);
    List<int[]> values = values(line, contentEnd);
    Payload payload = Payloads.generate(choices, restrictions);
    if (values.isEmpty()) {
      int at = choices.between(0, contentEnd);
      lines.set(index, splice(line, at, at, payload.bytes()));
      applied.add("insert " + payload.name() + " into line " + (index + 1) + " at byte " + at);
      return;
    }
    int[] value = choices.pick(values);
    lines.set(index, splice(line, value[0], value[1], payload.bytes()));
    applied.add("replace value \"" + Previews.bytes(Arrays.copyOfRange(line, value[0], value[1]),
        40) + "\" of line " + (index + 1) + " with " + payload.name());
  }

  private void insertPayload() {
    int index = pickLine();
    byte[] line = lines.get(index);
    int at = choices.between(0, contentEnd(line));
    Payload payload = Payloads.generate(choices, restrictions);
    lines.set(index, splice(line, at, at, payload.bytes()));
    applied.add("insert " + payload.name() + " into line " + (index + 1) + " at byte " + at);
  }

  private void replaceLine() {
    int index = pickLine();
    byte[] line = lines.get(index);
    Payload payload = Payloads.generate(choices, restrictions);
    lines.set(index, splice(line, 0, contentEnd(line), payload.bytes()));
    applied.add("replace line " + (index + 1) + " with " + payload.name());
  }

  private void duplicateLine() {
    int from = pickLine();
    int to = choices.between(protectedLines, lines.size());
    byte[] copy = withLineFeed(lines.get(from));
    lines.add(to, copy);
    applied.add("copy line " + (from + 1) + " to line " + (to + 1));
  }

  private void deleteLine() {
    int index = pickLine();
    lines.remove(index);
    applied.add("delete line " + (index + 1));
  }

  private void swapLines() {
    int first = pickLine();
    int second = pickLine();
    byte[] a = withLineFeed(lines.get(first));
    byte[] b = withLineFeed(lines.get(second));
    lines.set(first, b);
    lines.set(second, a);
    applied.add("swap lines " + (first + 1) + " and " + (second + 1));
  }

  private void changeLineEnd() {
    int index = pickLine();
    byte[] line = lines.get(index);
    int end = contentEnd(line);
    List<String> endings =
        oneRecordPerLine ? List.of("\r\n", "\r\r\n", "\n\r") : List.of("\r\n", "\n\r", "\r", "");
    String ending = choices.pick(endings);
    byte[] replaced = splice(line, end, line.length, ending.getBytes());
    lines.set(index, replaced);
    applied.add("end line " + (index + 1) + " with \"" + Previews.text(ending, 10) + "\"");
  }

  private void cut() {
    int protectedBytes = 0;
    for (int i = 0; i < protectedLines; i++) {
      protectedBytes += lines.get(i).length;
    }
    byte[] all = join();
    int at = choices.between(protectedBytes, all.length);
    lines.clear();
    lines.addAll(splitKeepingLineEnds(Arrays.copyOf(all, at)));
    applied.add("cut the input at byte " + at + " of " + all.length);
  }

  private void splitLine() {
    int index = pickLine();
    byte[] line = lines.get(index);
    int at = choices.between(0, contentEnd(line));
    lines.set(index, splice(line, at, at, new byte[] {'\n'}));
    applied.add("split line " + (index + 1) + " at byte " + at);
  }

  private void joinLines() {
    int index = pickLine();
    byte[] line = lines.get(index);
    lines.set(index, Arrays.copyOf(line, contentEnd(line)));
    applied.add("join line " + (index + 1) + " with the next");
  }

  private int pickLine() {
    return choices.between(protectedLines, lines.size() - 1);
  }

  /**
   * Returns the number of lines that one-record-per-line mode keeps intact: the leading blank
   * and {@code #} lines, where Zeek keeps its header, and the first line after them, from which
   * the JSON readers decide between JSON lines and a document and the CSV reader takes its
   * header.
   */
  private int headerLines() {
    int count = 0;
    while (count < lines.size()) {
      byte[] line = lines.get(count);
      int end = contentEnd(line);
      boolean blank = true;
      for (int i = 0; i < end; i++) {
        blank &= line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
      }
      if (!blank && line[0] != '#') {
        break;
      }
      count++;
    }
    return Math.min(count + 1, lines.size());
  }

  /** Returns the [start, end) ranges of the values in {@code line}, excluding its line end. */
  private static List<int[]> values(byte[] line, int contentEnd) {
    List<int[]> values = new ArrayList<>();
    int i = 0;
    while (i < contentEnd) {
      if (DELIMITERS.indexOf(line[i]) >= 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < contentEnd && DELIMITERS.indexOf(line[i]) < 0) {
        i++;
      }
      values.add(new int[] {start, i});
    }
    return values;
  }

  /** Returns the length of {@code line} without its line end ({@code \n} or {@code \r\n}). */
  private static int contentEnd(byte[] line) {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\n') {
      end--;
      if (end > 0 && line[end - 1] == '\r') {
        end--;
      }
    }
    return end;
  }

  /** Returns {@code line} ending in a line feed, so that moving it keeps the lines apart. */
  private static byte[] withLineFeed(byte[] line) {
    if (line.length > 0 && line[line.length - 1] == '\n') {
      return line;
    }
    byte[] copy = Arrays.copyOf(line, line.length + 1);
    copy[line.length] = '\n';
    return copy;
  }

  private static byte[] splice(byte[] line, int from, int to, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + insert.length);
    out.write(line, 0, from);
    out.writeBytes(insert);
    out.write(line, to, line.length - to);
    return out.toByteArray();
  }

  private int totalBytes() {
    int total = 0;
    for (byte[] line : lines) {
      total += line.length;
    }
    return total;
  }

  private byte[] join() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(totalBytes());
    for (byte[] line : lines) {
      out.writeBytes(line);
    }
    return out.toByteArray();
  }

  /** Splits {@code bytes} after each {@code \n}, so that each line keeps its own line end. */
  static List<byte[]> splitKeepingLineEnds(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(Arrays.copyOfRange(bytes, start, i + 1));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return lines;
  }
}
