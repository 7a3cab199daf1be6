package io.github.imdsdetect.cli;

/** The values of --output. */
enum OutputFormat {
  /** One JSON object per finding per line. */
  JSON,
  /** One line per finding for a person to read. */
  TEXT
}
