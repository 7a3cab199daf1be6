package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the embedding example of README.md, which is copied from {@link #example()}. */
class ReadmeExampleTest {

  private static List<String> example() {
    List<String> printed = new ArrayList<>();
    // --- README example start
    Detector detector = Detector.create(RuleSet.defaults()); // build once, share between threads

    Event event = SimpleEvent.builder()
        .processName("curl")
        .processExecutable("/usr/bin/curl")
        .commandLine("curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/")
        .origin(new EventOrigin("audit.log", 42))
        .build();

    for (Finding finding : detector.detect(event)) {
      printed.add(finding.severity() + " " + finding.ruleId() + " " + finding.matchedText());
    }
    // --- README example end
    return printed;
  }

  @Test
  void exampleFindsCredentialTheft() {
    assertEquals(
        List.of(
            "CRITICAL imds.cmdline.endpoint 169.254.169.254",
            "CRITICAL imds.cmdline.credentials iam/security-credentials",
            "HIGH imds.cmdline.path latest/meta-data"),
        example());
  }

  @Test
  void readmeShowsThisExample() throws IOException {
    String test = Files.readString(
        Path.of("src/test/java/io/github/imdsdetect/core/ReadmeExampleTest.java"),
        StandardCharsets.UTF_8);
    String code = test.substring(test.indexOf("// --- README example start"),
        test.indexOf("// --- README example end"));
    List<String> lines = new ArrayList<>();
    for (String line : code.split("\n")) {
      if (!line.isBlank() && !line.contains("--- README example")) {
        lines.add(line.substring(Math.min(4, line.length() - line.stripLeading().length())));
      }
    }
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    assertEquals(true, readme.replace("\n\n", "\n").contains(String.join("\n", lines)),
        "README.md must contain the example as written in this test:\n" + String.join("\n", lines));
  }
}
