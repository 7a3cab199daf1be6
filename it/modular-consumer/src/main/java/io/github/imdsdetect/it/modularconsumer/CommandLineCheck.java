package io.github.imdsdetect.it.modularconsumer;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.List;

/** Runs the default rules over one process start through core's public API. */
public final class CommandLineCheck {
  private final Detector detector = Detector.create(RuleSet.defaults());

  /**
   * Detects metadata API access in one process start.
   *
   * @param processExecutable absolute path of the started program
   * @param commandLine the full command line
   * @return the findings, empty when no rule matched
   */
  public List<Finding> check(String processExecutable, String commandLine) {
    String processName = processExecutable.substring(processExecutable.lastIndexOf('/') + 1);
    Event event =
        SimpleEvent.builder()
            .processName(processName)
            .processExecutable(processExecutable)
            .commandLine(commandLine)
            .build();
    return detector.detect(event);
  }
}
