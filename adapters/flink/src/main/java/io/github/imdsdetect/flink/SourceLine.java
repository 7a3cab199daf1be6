package io.github.imdsdetect.flink;

/**
 * One record together with where it was read, so that findings can name the file and line (or
 * the topic and offset) of the record instead of the line within the record.
 *
 * @param source the source name, such as a file path or a topic and partition
 * @param line the 1-based line of the record in its source, or 0 when unknown
 * @param text the record, such as one JSON line
 */
public record SourceLine(String source, long line, String text) {}
