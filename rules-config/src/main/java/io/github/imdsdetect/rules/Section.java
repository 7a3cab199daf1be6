package io.github.imdsdetect.rules;

import java.util.Map;

/**
 * One section of a rules file: its header and its settings.
 *
 * @param kind {@code rule}, {@code indicator} or {@code allow}
 * @param id the id after the kind in the header, or null for {@code [indicator]}
 * @param line the 1-based line number of the header
 * @param settings the settings by key, in file order
 */
record Section(String kind, String id, int line, Map<String, Setting> settings) {

  Setting setting(String key) {
    return settings.get(key);
  }

  boolean has(String key) {
    return settings.containsKey(key);
  }

  /** Returns the header as written in the file, such as {@code [rule imds.http.url]}. */
  String header() {
    return id == null ? "[" + kind + "]" : "[" + kind + " " + id + "]";
  }
}
