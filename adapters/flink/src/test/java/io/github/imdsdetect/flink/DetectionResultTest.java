package io.github.imdsdetect.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class DetectionResultTest {

  private static DetectionResult result(int offset, int port, String host) {
    return new DetectionResult(
        "s.ndjson", 3, "imds.net.connection", "Network connection", "high", "T1552.005",
        "destination.address", "%169.254.169.254%", "169.254.169.254", offset, "aws",
        "metadata", "destination.address holds \"x\"", "2026-11-30T09:14:02Z", host, null,
        "curl", null, null, null, null, "169.254.169.254", port, null, null);
  }

  @Test
  void recordsUseFlinkPojoSerializer() {
    // A generic (Kryo) type would mean Flink could not analyse the record.
    assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(DetectionResult.class));
    assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(SkippedRecord.class));
    assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(SourceLine.class));
  }

  @Test
  void jsonLeavesOutAbsentValues() {
    assertEquals(
        "{\"source\":\"s.ndjson\",\"line\":3,\"rule_id\":\"imds.net.connection\","
            + "\"title\":\"Network connection\",\"severity\":\"high\","
            + "\"technique\":\"T1552.005\",\"field\":\"destination.address\","
            + "\"indicator\":\"%169.254.169.254%\",\"matched\":\"169.254.169.254\","
            + "\"provider\":\"aws\",\"data_kind\":\"metadata\","
            + "\"reason\":\"destination.address holds \\\"x\\\"\","
            + "\"event\":{\"time\":\"2026-11-30T09:14:02Z\",\"process_name\":\"curl\","
            + "\"destination_address\":\"169.254.169.254\"}}",
        result(-1, -1, null).toJson());
  }

  @Test
  void jsonWritesOffsetPortAndHost() {
    String json = result(0, 80, "web-1").toJson();

    assertTrue(json.contains("\"matched\":\"169.254.169.254\",\"offset\":0,"), json);
    assertTrue(json.contains("\"destination_port\":80"), json);
    assertTrue(json.contains("\"host\":\"web-1\""), json);
  }

  @Test
  void skippedRecordJson() {
    assertEquals(
        "{\"source\":\"t\",\"line\":1,\"reason\":\"empty record\",\"record\":\" \"}",
        new SkippedRecord("t", 1, "empty record", " ").toJson());
  }
}
