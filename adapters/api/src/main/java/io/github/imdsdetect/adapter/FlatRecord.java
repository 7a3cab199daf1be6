package io.github.imdsdetect.adapter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object flattened to dotted keys: {@code {"process":{"name":"curl"}}} and
 * {@code {"process.name":"curl"}} both give the key {@code process.name}. Scalars become text;
 * the values of an array, or of the same key in an array of objects, are joined with a space.
 * JSON {@code null} is absent.
 */
public final class FlatRecord {
  private final long line;
  private final boolean inContainer;
  private final Map<String, String> values;
  private Map<String, String> lowerCaseKeys;

  FlatRecord(long line, boolean inContainer, Map<String, String> values) {
    this.line = line;
    this.inContainer = inContainer;
    this.values = values;
  }

  /**
   * Creates a record from already flattened values, for tests and for adapters that flatten a
   * nested JSON string themselves.
   *
   * @param line the 1-based line on which the object starts
   * @param values the values by dotted key; copied, so later changes to the map do not show
   * @return the new record
   */
  public static FlatRecord of(long line, Map<String, String> values) {
    return new FlatRecord(line, false, new LinkedHashMap<>(values));
  }

  /**
   * Returns the 1-based line on which the object starts.
   *
   * @return the line number
   */
  public long line() {
    return line;
  }

  /**
   * Returns whether the object is an element of an array under a container key of {@link
   * JsonRecords}, and so part of an enclosing record that {@link JsonRecords} delivers after it.
   *
   * @return true for an element of a container array, false for a record of its own
   */
  public boolean inContainer() {
    return inContainer;
  }

  /**
   * Returns the value of a dotted key, compared exactly, or null.
   *
   * @param key the dotted key
   * @return the value, or null if the key is absent
   */
  public String get(String key) {
    return values.get(key);
  }

  /**
   * Returns the value of a dotted key compared without regard to ASCII case, or null.
   *
   * @param key the dotted key, in any case
   * @return the value of the exact key if present, otherwise of the first key that matches
   *     ignoring case, or null
   */
  public String getIgnoreCase(String key) {
    String exact = values.get(key);
    if (exact != null) {
      return exact;
    }
    if (isAscii(key)) {
      // Most keys are ASCII: compare them in place instead of building a lower-case copy of
      // every key of the record.
      boolean allAscii = true;
      for (Map.Entry<String, String> entry : values.entrySet()) {
        String candidate = entry.getKey();
        if (!isAscii(candidate)) {
          allAscii = false;
          break;
        }
      }
      if (allAscii) {
        for (Map.Entry<String, String> entry : values.entrySet()) {
          if (entry.getKey().equalsIgnoreCase(key)) {
            return entry.getValue();
          }
        }
        return null;
      }
    }
    if (lowerCaseKeys == null) {
      Map<String, String> lower = new LinkedHashMap<>();
      for (Map.Entry<String, String> entry : values.entrySet()) {
        lower.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue());
      }
      lowerCaseKeys = lower;
    }
    return lowerCaseKeys.get(key.toLowerCase(Locale.ROOT));
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the first non-null value among {@code keys}, compared exactly, or null.
   *
   * @param keys the dotted keys to try, in order
   * @return the first value found, or null if none of the keys is present
   */
  public String first(String... keys) {
    for (String key : keys) {
      String value = values.get(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /**
   * Returns the keys in the order they appeared.
   *
   * @return an unmodifiable view of the keys
   */
  public Set<String> keys() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /**
   * Returns the number of keys.
   *
   * @return the key count
   */
  public int size() {
    return values.size();
  }

  @Override
  public String toString() {
    return "FlatRecord{line=" + line + (inContainer ? ", in container" : "") + ", " + values + "}";
  }
}
