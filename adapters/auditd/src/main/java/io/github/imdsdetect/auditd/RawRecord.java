package io.github.imdsdetect.auditd;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One audit record line split into its header and its fields, before any value is decoded.
 *
 * @param node the {@code node=} name before {@code type=}, or null
 * @param type the record type, such as {@code SYSCALL}
 * @param seconds the timestamp's seconds since the Unix epoch, from {@code msg=audit(...)}
 * @param fraction the timestamp's fractional digits as written, possibly empty
 * @param serial the event serial number
 * @param fields the fields in line order
 * @param fieldsCapped whether fields beyond the field cap were dropped
 */
record RawRecord(
    String node,
    String type,
    long seconds,
    String fraction,
    long serial,
    List<RawField> fields,
    boolean fieldsCapped) {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  /** Returns the key shared by every record of this record's event. */
  EventKey key() {
    return new EventKey(node, seconds, fraction, serial);
  }

  /**
   * Returns the timestamp as ISO-8601 UTC text with as many fractional digits as the record has,
   * such as {@code 2016-11-10T16:56:43.817Z}.
   */
  String isoTime() {
    String dateTime = DATE_TIME.format(LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC));
    return fraction.isEmpty() ? dateTime + "Z" : dateTime + "." + fraction + "Z";
  }
}
