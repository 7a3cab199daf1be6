package io.github.imdsdetect.adapter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Streams JSON objects out of an input with jackson-core's streaming parser, in the shapes that
 * log collectors write:
 *
 * <ul>
 *   <li>JSON lines: one object per line. Each line is parsed on its own, so a malformed line is
 *       skipped with its line number and the next line is read as usual.
 *   <li>A document: one or more top-level values, each an object or an array of objects, such as
 *       a pretty-printed event or a JSON array of documents. Objects under a <em>container
 *       key</em> (for example {@code hits} of an Elasticsearch response or {@code events} of a
 *       QRadar Ariel result) are streamed one at a time as records of their own. A syntax error
 *       in a document ends that document, because JSON cannot be resynchronised; the rest of the
 *       input is counted and reported as skipped.
 * </ul>
 *
 * <p>The input is JSON lines when its first non-blank line is one complete JSON object. Memory is
 * bounded by {@link ParseLimits}: the line cap in JSON-lines mode, and in document mode by the
 * field cap, the field count cap, a cap on the chars of one record equal to the larger of the line
 * and field caps, and a nesting depth of {@value #MAX_DEPTH}.
 *
 * <p>Every line read gets one {@link LineUse}, reported to {@link ParseSink#lines} by the rules
 * that {@link ParseSink} lists. A record's use comes from what the handler reports while it
 * handles the record, so it is exact only when the sink passed in is a {@link CountingSink} and
 * the handler reports to that same sink. Given any other sink, the reader cannot see the
 * handler's reports, and the lines of every record that it did not skip itself count as {@link
 * LineUse#IGNORED}.
 */
public final class JsonRecords {
  /**
   * The {@code what} of {@link ParseSink#truncated} when a record of a JSON document contains more
   * chars in all than a line may. Its length is not counted.
   */
  public static final String RECORD_CAP = "record";

  /** Deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 64;

  private static final int SNIFF_BYTES = 1 << 16;

  /** The {@code , from `StreamReadConstraints.getMax...()`)} tail of Jackson's limit messages. */
  private static final Pattern CONSTRAINT_METHOD = Pattern.compile(", from `[^`]*`\\)");

  /** Receives each flattened object. */
  @FunctionalInterface
  public interface RecordHandler {
    /**
     * Receives one record; the record may be kept.
     *
     * @param record the flattened object
     */
    void record(FlatRecord record);
  }

  /**
   * Tells from the field names of a JSON line whether the handler would deliver the line's record
   * as exactly one event, so that a reader given a {@link RecordScreen} can count a cleared line's
   * event without building the record. A record has the shape when three things hold. It has a
   * top-level field of the given name whose value is a string. No top-level name is empty or
   * starts with the reserved char. No name at any depth contains the name word, ignoring ASCII
   * case. The name word marks names whose nested names the handler turns into event text, such as
   * ECS HTTP headers: their names are joined with dots, which the screen cannot see in the line.
   * The reader checks the names as bytes, without building strings.
   *
   * <p>The reader applies the shape only to records with no container key at any depth, no value
   * that needs cutting and no escapes in names, so that their flattened keys are the top-level
   * names and the names with a dot added. An empty top-level name adds no prefix to the keys
   * under it, so it could hide any key, and is never accepted.
   */
  public static final class EventShape {
    private final byte[] requiredName;
    private final byte reservedFirst;
    private final byte[] nameWord;

    private EventShape(byte[] requiredName, byte reservedFirst, byte[] nameWord) {
      this.requiredName = requiredName;
      this.reservedFirst = reservedFirst;
      this.nameWord = nameWord;
    }

    /**
     * Returns the shape of records with a top-level string field {@code requiredName}, no
     * top-level name that is empty or starts with {@code reservedFirst}, and no name that
     * contains {@code nameWord}.
     *
     * @param requiredName the name, printable ASCII without quotes or backslashes
     * @param reservedFirst a printable ASCII char
     * @param nameWord lower-case ASCII letters, such as {@code headers}
     * @return the shape
     * @throws IllegalArgumentException if any of them contains another char, or a name is empty
     */
    public static EventShape of(String requiredName, char reservedFirst, String nameWord) {
      if (requiredName.isEmpty() || nameWord.isEmpty() || !printable(reservedFirst)) {
        throw new IllegalArgumentException(
            "an event shape needs a name, a name word and a printable char");
      }
      for (int i = 0; i < requiredName.length(); i++) {
        char c = requiredName.charAt(i);
        if (!printable(c) || c == '"' || c == '\\') {
          throw new IllegalArgumentException(
              "the required name must be printable ASCII without quotes: " + requiredName);
        }
      }
      for (int i = 0; i < nameWord.length(); i++) {
        char c = nameWord.charAt(i);
        if (c < 'a' || c > 'z') {
          throw new IllegalArgumentException(
              "the name word must be lower-case ASCII letters: " + nameWord);
        }
      }
      return new EventShape(requiredName.getBytes(StandardCharsets.US_ASCII), (byte) reservedFirst,
          nameWord.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean printable(char c) {
      return c > ' ' && c < 0x7F;
    }

    byte[] requiredName() {
      return requiredName;
    }

    byte reservedFirst() {
      return reservedFirst;
    }

    byte[] nameWord() {
      return nameWord;
    }
  }

  private final Set<String> containerKeys;
  private final ParseLimits limits;
  private final JsonFactory factory;

  /**
   * Creates a reader.
   *
   * @param containerKeys keys whose array values hold records rather than parts of a record
   * @param limits the caps that apply
   */
  public JsonRecords(Set<String> containerKeys, ParseLimits limits) {
    this.containerKeys = Set.copyOf(containerKeys);
    this.limits = limits;
    this.factory =
        JsonFactory.builder()
            // Jackson closes the source with the parser unless this is off. readDocument reads
            // on after closing the parser to count lines, and EventParser.parse must not close
            // the caller's stream.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(Math.max(limits.maxLineBytes(), limits.maxFieldChars()))
                    .maxNumberLength(1000)
                    .build())
            .build();
  }

  /**
   * Reads every record of {@code in}. The stream is not closed.
   *
   * <p>A record that is not an element of a container array and that the handler reports
   * nothing for is reported as ignored with the kind {@value CountingSink#UNREPORTED_KIND},
   * when {@code sink} is a {@link CountingSink}.
   *
   * @param in the input, already decompressed
   * @param handler receives each record; reports each one to {@code sink}
   * @param sink receives skipped lines, truncations and line uses
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  public long read(InputStream in, RecordHandler handler, ParseSink sink) throws IOException {
    return read(in, handler, sink, null, null);
  }

  /**
   * Reads every record of {@code in} as {@link #read(InputStream, RecordHandler, ParseSink)}
   * does, but in JSON-lines mode counts the event of a line without building its record when
   * all of these hold: {@code screen} clears the line, the line is one JSON object in the strict
   * RFC 8259 grammar with plain ASCII names, no field name at any depth is a container key, no
   * value needs cutting to the limits, and the record has the event shape. Such a line goes to
   * {@link ParseSink#cleared} instead of the handler. Every other line, and every JSON
   * document, is read as usual.
   *
   * @param in the input, already decompressed
   * @param handler receives each record that is built; reports each one to {@code sink}
   * @param sink receives cleared events, skipped lines, truncations and line uses
   * @param screen the screen, or null to build every record
   * @param shape which cleared lines are events; may be null only when {@code screen} is
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  public long read(
      InputStream in, RecordHandler handler, ParseSink sink, RecordScreen screen, EventShape shape)
      throws IOException {
    if (screen != null && shape == null) {
      throw new IllegalArgumentException("a screen needs an event shape");
    }
    BufferedInputStream buffered = new BufferedInputStream(in, SNIFF_BYTES);
    buffered.mark(SNIFF_BYTES);
    byte[] head = buffered.readNBytes(SNIFF_BYTES);
    buffered.reset();
    if (isJsonLines(head)) {
      Clearing clearing = screen == null ? null : new Clearing(screen, shape, containerKeys);
      return readLines(buffered, reading(handler, sink, null, clearing));
    }
    return readDocument(buffered, handler, sink);
  }

  /**
   * Returns whether the input is JSON lines. It is when its first non-blank line is one complete
   * object. It also is when that line is cut or not JSON (a rotated file, a corrupt first record)
   * but two of the next five lines, or all of them, are complete objects. A pretty-printed
   * document has at most one such line (the last element of an array) among lines that are not.
   * Input that starts with {@code [} is always a document.
   */
  private boolean isJsonLines(byte[] head) {
    int start = skipBlank(head, 0, head.length);
    if (start >= head.length || head[start] == '[') {
      return false;
    }
    int end = lineEnd(head, start);
    if (end == head.length) {
      // The first line does not end within the sniffed bytes: a very long line, taken as
      // JSON lines only when it opens an object and the head has no line break at all. A
      // compact document whose records sit in a container array, such as a search response on
      // one line, is read as a document, so that the line cap does not apply to it.
      return head[start] == '{' && !opensContainerArray(head, start);
    }
    if (head[start] == '{' && isCompleteObject(head, start, end)) {
      return true;
    }
    int complete = 0;
    int examined = 0;
    int from = end;
    for (int i = 0; i < 5 && from < head.length; i++) {
      int lineStart = skipBlank(head, from, head.length);
      if (lineStart >= head.length) {
        break;
      }
      int lineEnd = lineEnd(head, lineStart);
      examined++;
      if (head[lineStart] == '{' && isCompleteObject(head, lineStart, lineEnd)) {
        complete++;
      }
      from = lineEnd;
    }
    return complete >= 2 || (complete >= 1 && complete == examined);
  }

  /** Returns whether {@code "key": [} occurs in the head for one of the container keys. */
  private boolean opensContainerArray(byte[] head, int from) {
    for (String key : containerKeys) {
      byte[] quoted = ("\"" + key + "\"").getBytes(StandardCharsets.UTF_8);
      for (int i = indexOf(head, quoted, from); i >= 0; i = indexOf(head, quoted, i + 1)) {
        int j = skipBlank(head, i + quoted.length, head.length);
        if (j < head.length && head[j] == ':') {
          j = skipBlank(head, j + 1, head.length);
          if (j < head.length && head[j] == '[') {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int lineEnd(byte[] head, int from) {
    int end = from;
    while (end < head.length && head[end] != '\n') {
      end++;
    }
    return end;
  }

  private boolean isCompleteObject(byte[] bytes, int start, int end) {
    try (JsonParser parser = utf8Parser(bytes, start, end - start)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Returns a parser that reads the bytes as UTF-8. Given bytes directly, jackson guesses UTF-16
   * or UTF-32 from NUL bytes and can then fail with an exception that is not a parse error.
   */
  private JsonParser utf8Parser(byte[] bytes, int offset, int length) throws IOException {
    // Decoding to a String replaces invalid UTF-8 as a reader does, without the 8 KiB buffer
    // that a new reader allocates for each line. jackson copies short strings into its
    // recycled buffer.
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    return factory.createParser(text);
  }

  /** Returns the reader without a leading U+FEFF, which jackson rejects when it reads chars. */
  private static java.io.Reader withoutByteOrderMark(java.io.Reader reader) throws IOException {
    java.io.PushbackReader pushback = new java.io.PushbackReader(reader, 1);
    int first = pushback.read();
    if (first >= 0 && first != '\uFEFF') {
      pushback.unread(first);
    }
    return pushback;
  }

  /** Skips whitespace and UTF-8 byte order marks (the whole EF BB BF sequence only). */
  private static int skipBlank(byte[] bytes, int from, int end) {
    int i = from;
    while (i < end) {
      byte b = bytes[i];
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        i++;
      } else if (b == (byte) 0xEF && i + 2 < end && bytes[i + 1] == (byte) 0xBB
          && bytes[i + 2] == (byte) 0xBF) {
        i += 3;
      } else {
        break;
      }
    }
    return i;
  }

  /**
   * Reads {@code in} as JSON lines whatever its first line holds, for formats that mix JSON
   * lines with other lines (test baselines, a service's log output): each line that is not a
   * JSON object is skipped with its reason.
   *
   * <p>Each line's {@link LineUse} goes to {@link ParseSink#lines} right after the line is read,
   * so line uses arrive one line at a time and in line order. They follow {@link #read}'s rules.
   *
   * @param in the input, already decompressed; not closed
   * @param handler receives each record
   * @param sink receives skipped lines, truncations and line uses
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  public long readLines(InputStream in, RecordHandler handler, ParseSink sink) throws IOException {
    return readLines(in, reading(handler, sink, null, null));
  }

  private long readLines(InputStream in, Reading reading) throws IOException {
    BoundedLineReader lines = new BoundedLineReader(in, limits.maxLineBytes());
    while (lines.next()) {
      CountingSink.Mark mark = reading.sink().mark();
      boolean blank = readLine(lines, reading);
      LineUse use = blank ? LineUse.BLANK : reading.sink().useSince(mark);
      reading.sink().lines(use == null ? LineUse.IGNORED : use, 1);
    }
    return lines.lineNumber();
  }

  /** Reads the current line of {@code lines} and returns whether it is blank. */
  private boolean readLine(BoundedLineReader lines, Reading reading) throws IOException {
    CountingSink sink = reading.sink();
    long lineNumber = lines.lineNumber();
    byte[] bytes = lines.bytes();
    int length = lines.length();
    if (lines.truncated()) {
      sink.truncated(lineNumber, "line", lines.originalLength());
      sink.skipped(
          lineNumber,
          "line of " + lines.originalLength() + " bytes exceeds the limit of "
              + limits.maxLineBytes() + " bytes; a cut JSON line cannot be parsed");
      return false;
    }
    int start = skipBlank(bytes, 0, length);
    if (start == length) {
      return true;
    }
    Clearing clearing = reading.clearing();
    if (clearing != null && clearing.screen.clears(bytes, start, length)
        && isClearedEvent(bytes, start, length, clearing)) {
      sink.cleared(lineNumber);
      return false;
    }
    Reading onLine = reading.onLine(lineNumber);
    try (JsonParser parser = utf8Parser(bytes, start, length - start)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        sink.skipped(lineNumber, "not a JSON object: line starts with " + describe(token));
        return false;
      }
      RecordValues values = new RecordValues();
      // Records under container keys are delivered as they are read, before the line's own
      // object, with the line's number.
      readObject(parser, "", values, lineNumber, onLine, true);
      if (parser.nextToken() != null) {
        sink.skipped(lineNumber, "invalid JSON: more than one value on the line");
        return false;
      }
      deliver(new FlatRecord(lineNumber, false, values), onLine);
    } catch (JsonProcessingException e) {
      sink.skipped(lineNumber, "invalid JSON: " + describe(e));
    } catch (CharacterCodingException e) {
      sink.skipped(lineNumber, "invalid UTF-8");
    }
    return false;
  }

  private long readDocument(InputStream in, RecordHandler handler, ParseSink sink)
      throws IOException {
    LineCountingStream counting = new LineCountingStream(in);
    Reading reading = reading(handler, sink, counting, null);
    JsonParser parser = factory.createParser(withoutByteOrderMark(
        new InputStreamReader(counting, StandardCharsets.UTF_8)));
    long errorLine = 0;
    String error = null;
    try {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_ARRAY) {
          readRecordArray(parser, reading, false);
        } else if (token == JsonToken.START_OBJECT) {
          readRecord(parser, reading, false);
        } else {
          skipValue(parser, reading, "not a JSON object or array: found " + describe(token));
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      errorLine = location == null ? counting.lines() + 1 : location.getLineNr();
      error = describe(e);
    } catch (CharacterCodingException e) {
      errorLine = counting.lines() + 1;
      error = "invalid UTF-8";
    } finally {
      parser.close();
    }
    counting.drain();
    long lines = counting.linesIncludingLast();
    if (error != null) {
      // jackson counts a lone CR as a line break and may point one past the last line, so the
      // line is clamped to the lines this reader counted.
      reading.sink().skipped(Math.max(1, Math.min(errorLine, lines)),
          "invalid JSON, rest of the document skipped: " + error);
    }
    reading.lines().finish(lines, error != null);
    return lines;
  }

  /**
   * Returns the state of one read. {@code counting} is the document's stream, or null in
   * JSON-lines mode, where lines are accounted for one at a time.
   */
  private static Reading reading(
      RecordHandler handler, ParseSink sink, LineCountingStream counting, Clearing clearing) {
    CountingSink countingSink = CountingSink.of(sink);
    DocumentLines lines = counting == null ? null : new DocumentLines(countingSink, counting);
    return new Reading(
        handler, countingSink, sink instanceof CountingSink, 0, lines, new Keys(), clearing);
  }

  /**
   * The state of one read.
   *
   * @param handler receives the records
   * @param sink receives every report, counting them
   * @param observed whether the caller passed a {@link CountingSink}, which shows that the
   *     handler reports to it, so that a record it reports nothing for can be found
   * @param fixedLine the line every record is reported on in JSON-lines mode, or 0 in document
   *     mode, where each record reports the line it starts on
   * @param lines assigns the lines of a document to records, or null in JSON-lines mode
   * @param keys the dotted keys built so far
   * @param clearing the screen of JSON lines, or null to build every record
   */
  /**
   * The dotted keys built during one read. Records of one log repeat the same keys, so reusing
   * each key string saves building it and hashing it for every record. The cache stops growing
   * at {@link #MAX_KEYS}, so hostile input with ever new keys costs memory only up to that bound.
   */
  private static final class Keys {
    static final int MAX_KEYS = 4096;

    private final Map<String, Map<String, String>> byPrefix = new java.util.HashMap<>();
    private int size;

    String join(String prefix, String name) {
      if (prefix.isEmpty()) {
        return name;
      }
      Map<String, String> names = byPrefix.get(prefix);
      String key = names == null ? null : names.get(name);
      if (key != null) {
        return key;
      }
      key = prefix + "." + name;
      if (size < MAX_KEYS) {
        byPrefix.computeIfAbsent(prefix, p -> new java.util.HashMap<>()).put(name, key);
        size++;
      }
      return key;
    }
  }

  /** The screen of one JSON-lines read, with the reader that checks each cleared line. */
  private static final class Clearing {
    final RecordScreen screen;
    final JsonObjectSkim skim;

    Clearing(RecordScreen screen, EventShape shape, Set<String> containerKeys) {
      this.screen = screen;
      this.skim = new JsonObjectSkim(containerKeys, shape);
    }
  }

  /**
   * Returns whether the cleared line {@code bytes[start, end)} is one JSON object that the
   * record path would read without error, cut or container record, and that the shape calls an
   * event. It checks the syntax byte by byte without decoding any value. False means only "not
   * certain": the line is then read as usual, which reports whatever is wrong with it.
   */
  private boolean isClearedEvent(byte[] bytes, int start, int end, Clearing clearing) {
    // No value can be longer than the line, so no field or record cap can cut one.
    if (end - start > limits.maxFieldChars()) {
      return false;
    }
    JsonObjectSkim skim = clearing.skim;
    return skim.accept(bytes, start, end) && skim.scalars() <= limits.maxRecordFields();
  }

  private record Reading(
      RecordHandler handler,
      CountingSink sink,
      boolean observed,
      long fixedLine,
      DocumentLines lines,
      Keys keys,
      Clearing clearing) {

    Reading onLine(long line) {
      return new Reading(handler, sink, observed, line, lines, keys, clearing);
    }

    /** Returns the line a record or value read now is reported on. */
    long lineOf(JsonParser parser) {
      return fixedLine > 0 ? fixedLine : line(parser);
    }
  }

  /** Reads an array of records, elements of a container array when {@code inContainer} is true. */
  private void readRecordArray(JsonParser parser, Reading reading, boolean inContainer)
      throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == JsonToken.START_OBJECT) {
        readRecord(parser, reading, inContainer);
      } else {
        skipValue(parser, reading, "array element is not a JSON object: found " + describe(token));
      }
    }
  }

  /** Skips the value that starts at the current token, and its lines, with {@code reason}. */
  private static void skipValue(JsonParser parser, Reading reading, String reason)
      throws IOException {
    long at = reading.lineOf(parser);
    if (reading.lines() != null) {
      reading.lines().open(at);
    }
    parser.skipChildren();
    reading.sink().skipped(at, reason);
    if (reading.lines() != null) {
      reading.lines().close(line(parser), LineUse.SKIPPED);
    }
  }

  private void readRecord(JsonParser parser, Reading reading, boolean inContainer)
      throws IOException {
    long at = reading.lineOf(parser);
    DocumentLines lines = reading.lines();
    if (lines != null) {
      lines.open(at);
    }
    RecordValues values = new RecordValues();
    readObject(parser, "", values, at, reading, true);
    long end = line(parser);
    FlatRecord record = new FlatRecord(at, inContainer, values);
    if (inContainer) {
      // An element of a container array is part of the record around it. Its lines get that
      // record's use unless the handler reported the element itself.
      CountingSink.Mark mark = reading.sink().mark();
      reading.handler().record(record);
      if (lines != null) {
        lines.close(end, reading.sink().useSince(mark));
      }
      return;
    }
    LineUse use = deliver(record, reading);
    if (lines != null) {
      lines.close(end, use);
    }
  }

  /**
   * Hands a record that is not part of another one to the handler, and returns the use of its
   * lines. When the handler reports to the counting sink, a record that it reported nothing for
   * is reported as ignored, so that no record goes uncounted.
   */
  private static LineUse deliver(FlatRecord record, Reading reading) {
    CountingSink sink = reading.sink();
    CountingSink.Mark mark = sink.mark();
    reading.handler().record(record);
    if (reading.observed()) {
      return sink.recordUse(mark, record.line());
    }
    LineUse use = sink.useSince(mark);
    return use == null ? LineUse.IGNORED : use;
  }

  /**
   * Reads the object whose START_OBJECT was just returned, adding its scalars under
   * {@code prefix}. When {@code containers} is true, arrays under a container key are read as
   * records of their own.
   */
  private void readObject(
      JsonParser parser,
      String prefix,
      RecordValues values,
      long recordLine,
      Reading reading,
      boolean containers)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      if (reading.lines() != null) {
        reading.lines().advanceIfLong(line(parser));
      }
      String name = parser.currentName();
      String key = reading.keys().join(prefix, name);
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_ARRAY && containers && containerKeys.contains(name)) {
        readRecordArray(parser, reading, true);
      } else if (value == JsonToken.START_OBJECT) {
        readObject(parser, key, values, recordLine, reading, containers);
      } else if (value == JsonToken.START_ARRAY) {
        readArray(parser, key, values, recordLine, reading);
      } else {
        put(values, key, scalar(parser, value), recordLine, reading.sink());
      }
    }
  }

  private void readArray(
      JsonParser parser, String key, RecordValues values, long recordLine, Reading reading)
      throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (reading.lines() != null) {
        reading.lines().advanceIfLong(line(parser));
      }
      if (token == JsonToken.START_OBJECT) {
        readObject(parser, key, values, recordLine, reading, false);
      } else if (token == JsonToken.START_ARRAY) {
        readArray(parser, key, values, recordLine, reading);
      } else {
        put(values, key, scalar(parser, token), recordLine, reading.sink());
      }
    }
  }

  private void put(
      RecordValues values, String key, String value, long recordLine, ParseSink sink) {
    if (value == null) {
      return;
    }
    String previous = values.get(key);
    if (previous == null && values.size() >= limits.maxRecordFields()) {
      sink.truncated(recordLine, "fields", -1);
      return;
    }
    String combined = previous == null ? value : previous + " " + value;
    if (combined.length() > limits.maxFieldChars()) {
      // JSON allows an empty or blank key, but a truncation must name what was cut.
      sink.truncated(recordLine, key.isBlank() ? "(blank key)" : key, combined.length());
      combined = combined.substring(0, limits.maxFieldChars());
    }
    long others = values.chars - (previous == null ? 0 : previous.length());
    long room = Math.max(0, recordCap() - others);
    if (combined.length() > room) {
      if (!values.cut) {
        values.cut = true;
        sink.truncated(recordLine, RECORD_CAP, -1);
      }
      if (previous != null || room == 0) {
        return;
      }
      combined = combined.substring(0, (int) room);
    }
    values.chars = others + combined.length();
    values.put(key, combined);
  }

  /**
   * Returns the maximum number of chars kept of all values of one record together. A JSON line
   * cannot contain more, so the cap matters only for records of a JSON document, which span
   * lines. It keeps them as bounded as a line even when the field cap is raised.
   */
  private long recordCap() {
    return Math.max(limits.maxLineBytes(), limits.maxFieldChars());
  }

  /** The flattened values of one record, with their total length. */
  private static final class RecordValues extends LinkedHashMap<String, String> {
    private static final long serialVersionUID = 1L;

    /** The total length of the values, in chars. */
    long chars;

    /** Whether a value was cut or dropped to stay within {@link #recordCap}. */
    boolean cut;

    RecordValues() {
      super(64);
    }
  }

  private static String scalar(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getText();
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      default:
        return null;
    }
  }

  /**
   * Returns Jackson's message for {@code e}, with a limit of this reader named in plain words
   * where Jackson names the {@link StreamReadConstraints} method that sets it.
   */
  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (!(e instanceof StreamConstraintsException) || message == null) {
      return message;
    }
    if (message.contains("nesting depth")) {
      return "arrays and objects nested more than " + MAX_DEPTH + " levels deep, the depth limit";
    }
    return CONSTRAINT_METHOD.matcher(message).replaceAll(")");
  }

  private static long line(JsonParser parser) {
    return Math.max(1, parser.currentTokenLocation().getLineNr());
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "end of input";
    }
    switch (token) {
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "an object";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.toString();
    }
  }
}
