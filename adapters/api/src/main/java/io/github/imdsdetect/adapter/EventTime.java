package io.github.imdsdetect.adapter;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Converts the time text of an event to milliseconds since the Unix epoch. Adapters keep times as
 * their source wrote them, so this reads the forms that the project's adapters deliver:
 *
 * <ul>
 *   <li>ISO-8601 date and time, with {@code T} or a space between them, with any number of fraction
 *       digits, and with {@code Z}, an offset or no zone, which is taken as UTC
 *   <li>a whole number of epoch seconds (up to 11 digits), milliseconds (12 to 14), microseconds
 *       (15 to 17) or nanoseconds (18 or 19), distinguished by their digit count. The digit count
 *       identifies the unit for times from March 1973 to the year 5138, and to 2262 for
 *       nanoseconds, the maximum that a long can represent.
 *   <li>epoch seconds with a fraction, as Zeek writes them: {@code 1300475167.096535}
 *   <li>the Common Log Format time of web servers: {@code 10/Oct/2000:13:55:36 -0700}
 * </ul>
 */
public final class EventTime {
  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter COMMON_LOG =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  /** Maximum length, in chars, of a decimal number read as epoch seconds with a fraction. */
  private static final int MAX_DECIMAL_CHARS = 32;

  private EventTime() {}

  /**
   * Returns the time as milliseconds since the Unix epoch, or {@code fallback} when the text is
   * null or in none of the forms above.
   *
   * @param time the event time as an adapter wrote it, or null
   * @param fallback the value returned when the time cannot be read
   * @return milliseconds since 1970-01-01T00:00:00Z, or {@code fallback}
   */
  public static long epochMillis(CharSequence time, long fallback) {
    if (time == null) {
      return fallback;
    }
    String text = time.toString().trim();
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      if (isDigits(text)) {
        return fromDigits(text, fallback);
      }
      if (isDecimal(text)) {
        return new BigDecimal(text)
            .movePointRight(3)
            .setScale(0, RoundingMode.FLOOR)
            .longValueExact();
      }
      if (text.length() > 10 && text.charAt(10) == ' ' && text.charAt(4) == '-') {
        text = text.substring(0, 10) + 'T' + text.substring(11);
      }
      if (text.length() > 10 && (text.charAt(10) == 'T' || text.charAt(10) == 't')) {
        TemporalAccessor parsed = ISO.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        if (parsed instanceof OffsetDateTime offsetTime) {
          return offsetTime.toInstant().toEpochMilli();
        }
        return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      return OffsetDateTime.parse(text, COMMON_LOG).toInstant().toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return fallback;
    }
  }

  private static long fromDigits(String text, long fallback) {
    int digits = text.length();
    if (digits > 19) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
    if (digits <= 11) {
      return Math.multiplyExact(value, 1000L);
    }
    if (digits <= 14) {
      return value;
    }
    if (digits <= 17) {
      return value / 1_000L;
    }
    return value / 1_000_000L;
  }

  private static boolean isDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Returns whether the text is digits, one dot and digits, as Zeek writes its {@code ts}. */
  private static boolean isDecimal(String text) {
    if (text.length() > MAX_DECIMAL_CHARS) {
      return false;
    }
    int dot = text.indexOf('.');
    return dot > 0
        && dot < text.length() - 1
        && isDigits(text.substring(0, dot))
        && isDigits(text.substring(dot + 1));
  }
}
