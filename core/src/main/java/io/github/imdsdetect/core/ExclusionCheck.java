package io.github.imdsdetect.core;

/**
 * The outcome of one exclusion on one event, for explanations.
 *
 * @param exclusionId the exclusion's id
 * @param applied whether the exclusion quiets the rule
 * @param reason why it applies or why not, in one sentence
 */
public record ExclusionCheck(String exclusionId, boolean applied, String reason) {}
