package io.github.imdsdetect.cli;

/** The values of --output. */
enum OutputFormat {
  /** One JSON object per finding per line, in the scanner's own documented fields. */
  JSON,
  /** One line per finding for a person to read. */
  TEXT,
  /** One OCSF 1.1 Detection Finding (class 2004) per finding per line. */
  OCSF,
  /** One ECS 8.11 alert document per finding per line. */
  ECS
}
