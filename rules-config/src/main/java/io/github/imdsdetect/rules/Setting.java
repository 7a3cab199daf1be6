package io.github.imdsdetect.rules;

/**
 * One {@code key = value} line of a section.
 *
 * @param key the key, a lower-case word
 * @param line the 1-based line number
 * @param value the text after {@code =} without the blanks around it, not yet unquoted; {@link
 *     Values} parses it as one value or a list
 */
record Setting(String key, int line, String value) {}
