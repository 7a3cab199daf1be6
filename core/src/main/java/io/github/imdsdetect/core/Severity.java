package io.github.imdsdetect.core;

/** How urgently a person should look at a finding, from least to most urgent. */
public enum Severity {
  /** Worth keeping for context; no action expected. */
  INFORMATIONAL,
  /** Probably legitimate, such as an application reading instance metadata through its SDK. */
  LOW,
  /** Metadata was read by a process that has no clear reason to read it. */
  MEDIUM,
  /** Credentials or tokens were requested, or an unexpected process reached the service. */
  HIGH,
  /** Credentials were requested by a shell, downloader or web server worker. */
  CRITICAL
}
