package io.github.imdsdetect.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.imdsdetect.adapter.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class DetectionConfigTest {

  @Test
  void defaultsAreDocumented() {
    DetectionConfig config = DetectionConfig.of("ecs");

    assertEquals("ecs", config.format());
    assertEquals("default", config.profile());
    assertEquals(DetectionConfig.DEFAULT_SOURCE_NAME, config.sourceName());
    assertEquals(ParseLimits.DEFAULTS, config.limits());
  }

  @Test
  void javaSerializationRoundTrip() throws Exception {
    DetectionConfig config =
        DetectionConfig.of("falco")
            .withProfile("kubernetes-node")
            .withSourceName("falco-alerts")
            .withLimits(new ParseLimits(4096, 512, 8, 64));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(config);
    }

    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }

    assertEquals(config, copy);
    assertEquals(new ParseLimits(4096, 512, 8, 64), ((DetectionConfig) copy).limits());
  }

  @Test
  void unknownProfileRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DetectionConfig.of("ecs").withProfile("aws"));

    assertEquals(
        "unknown profile 'aws'; built-in rule sets are"
            + " [default, qradar, kubernetes-node, iac-runner]",
        e.getMessage());
  }

  @Test
  void blankFormatRejected() {
    assertThrows(IllegalArgumentException.class, () -> DetectionConfig.of(" "));
  }
}
