package io.github.imdsdetect.generators;

import io.github.imdsdetect.core.SimpleEvent;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A labelled event under construction; the generator adds time, host and user. */
final class Draft {
  final SimpleEvent.Builder event = SimpleEvent.builder();
  private final Label label;
  private final Encoding encoding;
  private final Carrier carrier;
  private final Set<String> expected = new TreeSet<>();
  private final Set<String> suppressed = new TreeSet<>();
  private String provider = "none";
  private String dataKind = "none";
  private List<String> arguments = List.of();
  private String writtenEndpoint = "";
  private String description = "";
  private boolean windows;

  Draft(Label label, Encoding encoding, Carrier carrier) {
    this.label = label;
    this.encoding = encoding;
    this.carrier = carrier;
  }

  /** Sets the process; a null executable leaves the path unknown. */
  Draft process(String name, String executable) {
    event.processName(name).processExecutable(executable);
    windows |= (executable != null && executable.startsWith("C:"))
        || (name != null && name.endsWith(".exe"));
    return this;
  }

  /** Sets the argument vector and the command line joined from it. */
  Draft arguments(List<String> values) {
    arguments = List.copyOf(values);
    event.commandLine(UrlText.commandLine(values));
    return this;
  }

  Draft destination(String address, int port) {
    event.destinationAddress(address).destinationPort(port);
    return this;
  }

  Draft target(String providerId, String kind) {
    provider = providerId;
    dataKind = kind;
    return this;
  }

  /**
   * Adds rules that match the event: expected findings, or for an agent's event, expected
   * suppressions.
   */
  Draft matches(Collection<String> ruleIds) {
    (label == Label.AGENT ? suppressed : expected).addAll(ruleIds);
    return this;
  }

  /** Adds rules that match but that a non-agent exclusion quiets. */
  Draft quieted(Collection<String> ruleIds) {
    suppressed.addAll(ruleIds);
    return this;
  }

  Draft written(String text) {
    writtenEndpoint = text;
    return this;
  }

  Draft describe(String text) {
    description = text;
    return this;
  }

  boolean isWindows() {
    return windows;
  }

  LabelledEvent build() {
    return new LabelledEvent(event.build(), label, encoding, carrier, provider, dataKind,
        expected, suppressed, arguments, writtenEndpoint, description);
  }
}
