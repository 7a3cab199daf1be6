package io.github.imdsdetect.zeek;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.EventOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Reads Zeek logs written as JSON lines: by Zeek itself ({@code LogAscii::use_json}) with
 * dotted names such as {@code id.resp_h}, by pipelines such as SimpleRock's Kafka export that
 * flatten them to {@code id_resp_h}, and by Corelight's JSON Streaming Logs package, which adds
 * a {@code _path} key (as in Brim's sample data). The log is named by {@code _path} or {@code
 * @stream}, and otherwise inferred from the fields present.
 */
final class ZeekJsonReader {
  private static final String[] PATH_KEYS = {"_path", "@stream"};

  private final String source;
  private final ParseLimits limits;
  private final ParseSink sink;

  ZeekJsonReader(String source, ParseLimits limits, ParseSink sink) {
    this.source = source;
    this.limits = limits;
    this.sink = sink;
  }

  /**
   * Reads every line of {@code in}.
   *
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  long read(InputStream in) throws IOException {
    BtestLineFilter filter = new BtestLineFilter(in);
    CountingSink counting = CountingSink.of(new MaskExplainingSink(sink, filter));
    return new JsonRecords(Set.of(), limits).readLines(
        filter,
        record -> {
          filter.isMasked(record.line());
          deliver(record, record.line(), counting);
        },
        counting);
  }

  private void deliver(FlatRecord flat, long line, ParseSink target) {
    JsonRecord record = new JsonRecord(flat);
    LogType type = LogType.resolve(flat.first(PATH_KEYS), record);
    if (type == LogType.OTHER) {
      target.ignored(line, LogType.OTHER_KIND);
      return;
    }
    target.event(
        ZeekEventMapper.map(type, record, new EventOrigin(source, line), limits.maxFieldChars()));
  }

  /** A flattened JSON record, read by Zeek's dotted names or their underscore forms. */
  private static final class JsonRecord implements ZeekRecord {
    private final FlatRecord record;

    JsonRecord(FlatRecord record) {
      this.record = record;
    }

    private String raw(String field) {
      String value = record.get(field);
      if (value == null && field.startsWith("id.")) {
        value = record.get("id_" + field.substring(3));
      }
      return value;
    }

    @Override
    public boolean has(String field) {
      return raw(field) != null;
    }

    @Override
    public String get(String field) {
      String value = raw(field);
      return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String getList(String field) {
      // FlatRecord has already joined the array's elements with spaces.
      return get(field);
    }
  }

  /**
   * A sink that gives lines with a masked btest timestamp a skip reason naming the mask, and
   * counts the comment lines that the filter blanked as {@link LineUse#HEADER} rather than
   * {@link LineUse#BLANK}. It relies on {@link JsonRecords#readLines} reporting the use of each
   * line on its own and in line order.
   */
  private static final class MaskExplainingSink implements ParseSink {
    private final ParseSink target;
    private final BtestLineFilter filter;
    private long linesReported;

    MaskExplainingSink(ParseSink target, BtestLineFilter filter) {
      this.target = target;
      this.filter = filter;
    }

    @Override
    public void event(Event event) {
      target.event(event);
    }

    @Override
    public void skipped(long line, String reason) {
      if (filter.isMasked(line) && reason.startsWith("invalid JSON")) {
        reason =
            "invalid JSON: timestamp masked as XXXXXXXXXX.XXXXXX, as Zeek's btest baselines"
                + " write it";
      }
      target.skipped(line, reason);
    }

    @Override
    public void ignored(long line, String kind) {
      target.ignored(line, kind);
    }

    @Override
    public void truncated(long line, String what, long originalLength) {
      target.truncated(line, what, originalLength);
    }

    @Override
    public void lines(LineUse use, long count) {
      long line = linesReported + 1;
      linesReported += count;
      // Asking for every line also drops the filter's record of earlier lines.
      boolean comment = filter.isComment(line);
      if (use == LineUse.BLANK && count == 1 && comment) {
        use = LineUse.HEADER;
      }
      target.lines(use, count);
    }
  }
}
