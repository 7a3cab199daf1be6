package io.github.imdsdetect.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Renders generated events in every schema and checks the shape of each record. */
class RecordSchemaTest {
  private static final List<LabelledEvent> EVENTS = new LabelledEventGenerator(99).generate(1500);

  @Test
  void jsonSchemasRenderOneObjectPerLine() throws Exception {
    for (RecordSchema schema : RecordSchema.values()) {
      if (!schema.isJsonLines()) {
        continue;
      }
      int rendered = 0;
      for (int i = 0; i < EVENTS.size(); i++) {
        if (schema.supports(EVENTS.get(i))) {
          String record = schema.render(EVENTS.get(i), i);
          assertFalse(record.contains("\n"), schema + " record spans lines: " + record);
          JsonLines.parseObject(record);
          rendered++;
        }
      }
      assertTrue(rendered > 0, schema + " rendered no event");
    }
  }

  @Test
  void ecsAndOcsfSupportEveryEvent() {
    for (LabelledEvent labelled : EVENTS) {
      assertTrue(RecordSchema.ECS.supports(labelled), "ECS: " + labelled.description());
      assertTrue(RecordSchema.OCSF_JSON.supports(labelled), "OCSF: " + labelled.description());
    }
  }

  @Test
  void zeekAndAccessLogSupportOnlyHttp() {
    for (LabelledEvent labelled : EVENTS) {
      boolean http = labelled.carrier().isHttp() && labelled.event().httpHeaders() == null;
      assertEquals(http, RecordSchema.ZEEK_HTTP_JSON.supports(labelled), labelled.description());
      boolean payload = http && labelled.carrier() == Carrier.URL_QUERY_PARAMETER;
      assertEquals(payload, RecordSchema.COMBINED_ACCESS_LOG.supports(labelled),
          labelled.description());
    }
  }

  @Test
  void auditdSockaddrHoldsDestination() {
    Pattern saddr = Pattern.compile("type=SOCKADDR msg=audit\\([0-9.:]+\\): saddr=([0-9A-F]+)");
    int checked = 0;
    for (int i = 0; i < EVENTS.size(); i++) {
      LabelledEvent labelled = EVENTS.get(i);
      if (labelled.carrier() != Carrier.DESTINATION_ADDRESS || !RecordSchema.AUDITD.supports(labelled)) {
        continue;
      }
      String record = RecordSchema.AUDITD.render(labelled, i);
      Matcher matcher = saddr.matcher(record);
      assertTrue(matcher.find(), "no SOCKADDR in " + record);
      byte[] address = IpLiteral.parse(labelled.event().destinationAddress().toString());
      String hex = matcher.group(1);
      int offset = address.length == 4 ? 8 : 16;
      assertEquals(RecordText.hex(address), hex.substring(offset, offset + 2 * address.length),
          "address bytes of " + labelled.event().destinationAddress());
      assertEquals("0050", hex.substring(4, 8), "port 80 of " + hex);
      checked++;
    }
    assertTrue(checked > 0, "no connection rendered in auditd");
  }

  @Test
  void auditdExecveDecodesToArguments() {
    Pattern argument = Pattern.compile(" a(\\d+)=(\"[^\"]*\"|[0-9A-F]+)");
    int checked = 0;
    for (int i = 0; i < EVENTS.size(); i++) {
      LabelledEvent labelled = EVENTS.get(i);
      if (labelled.carrier() != Carrier.COMMAND_LINE || !RecordSchema.AUDITD.supports(labelled)) {
        continue;
      }
      String execve = RecordSchema.AUDITD.render(labelled, i).split("\n")[1];
      assertTrue(execve.startsWith("type=EXECVE "), execve);
      List<String> decoded = new ArrayList<>();
      Matcher matcher = argument.matcher(execve);
      while (matcher.find()) {
        decoded.add(decodeAuditValue(matcher.group(2)));
      }
      assertEquals(labelled.arguments(), decoded, execve);
      checked++;
    }
    assertTrue(checked > 0, "no command line rendered in auditd");
  }

  @Test
  void sysmonXmlIsWellFormed() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setNamespaceAware(true);
    DocumentBuilder builder = factory.newDocumentBuilder();
    int checked = 0;
    for (int i = 0; i < EVENTS.size(); i++) {
      LabelledEvent labelled = EVENTS.get(i);
      if (!RecordSchema.SYSMON_XML.supports(labelled)) {
        continue;
      }
      String xml = RecordSchema.SYSMON_XML.render(labelled, i);
      Document document = builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      assertEquals("Event", document.getDocumentElement().getLocalName(), xml);
      checked++;
    }
    assertTrue(checked > 0, "no event rendered as Sysmon XML");
  }

  @Test
  void qradarRowsHaveHeaderColumns() {
    int columns = RecordSchema.QRADAR_CSV.header().split(",").length;
    for (int i = 0; i < EVENTS.size(); i++) {
      LabelledEvent labelled = EVENTS.get(i);
      if (!RecordSchema.QRADAR_CSV.supports(labelled)) {
        continue;
      }
      String row = RecordSchema.QRADAR_CSV.render(labelled, i);
      assertEquals(columns, csvFields(row).size(), row);
      assertTrue(csvFields(row).contains(String.valueOf(labelled.event().commandLine() == null
          ? "" : labelled.event().commandLine())), "command line column of " + row);
    }
  }

  @Test
  void accessLogLineCarriesQuery() {
    Pattern combined = Pattern.compile(
        "^\\S+ - - \\[[^\\]]+\\] \"GET (\\S+) HTTP/1\\.1\" 200 \\d+ \"-\" \"[^\"]+\"$");
    for (int i = 0; i < EVENTS.size(); i++) {
      LabelledEvent labelled = EVENTS.get(i);
      if (!RecordSchema.COMBINED_ACCESS_LOG.supports(labelled)) {
        continue;
      }
      String line = RecordSchema.COMBINED_ACCESS_LOG.render(labelled, i);
      Matcher matcher = combined.matcher(line);
      assertTrue(matcher.matches(), line);
      String target = labelled.event().urlPath() + "?" + labelled.event().urlQuery();
      assertEquals(target.replace("\\", "\\\\"), matcher.group(1), line);
    }
  }

  @Test
  void renderRejectsUnsupportedEvent() {
    LabelledEvent dns = EVENTS.stream().filter(e -> e.carrier().isDns()).findFirst().orElseThrow();

    assertThrows(IllegalArgumentException.class, () -> RecordSchema.AUDITD.render(dns, 0));
  }

  @Test
  void renderingIsRepeatable() {
    for (RecordSchema schema : RecordSchema.values()) {
      for (int i = 0; i < 200; i++) {
        if (schema.supports(EVENTS.get(i))) {
          assertEquals(schema.render(EVENTS.get(i), i), schema.render(EVENTS.get(i), i),
              schema + " event " + i);
        }
      }
    }
  }

  /** Decodes an auditd value: quoted text as is, hex as UTF-8 bytes. */
  private static String decodeAuditValue(String value) {
    if (value.startsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    byte[] bytes = new byte[value.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(value.substring(2 * i, 2 * i + 2), 16);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Splits one RFC 4180 CSV row. */
  private static List<String> csvFields(String row) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < row.length(); i++) {
      char c = row.charAt(i);
      if (quoted && c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
