package io.github.imdsdetect.zeek;

import static io.github.imdsdetect.zeek.RecordingSink.expect;
import static io.github.imdsdetect.zeek.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.MetadataAddresses;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs ZeekParser on the real and constructed files under samples/zeek. */
class ZeekSamplesTest {
  private static final Path SAMPLES = Path.of("../../samples/zeek");
  private static final Path CONSTRUCTED = SAMPLES.resolve("constructed");
  private static final Detector DETECTOR = Detector.create(RuleSet.defaults());

  private final ZeekParser parser = new ZeekParser();

  private RecordingSink parse(Path file) throws IOException {
    RecordingSink sink = new RecordingSink();
    try (InputStream in = Files.newInputStream(file)) {
      long lines = parser.parse(in, file.getFileName().toString(), ParseLimits.DEFAULTS, sink);
      assertEquals(lineCount(file), lines, "lines read");
    }
    return sink;
  }

  /** Counts lines as BoundedLineReader does: a last line without a newline counts too. */
  static long lineCount(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long lines = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        lines++;
      }
    }
    return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? lines + 1 : lines;
  }

  private static String head(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return new String(bytes, 0, Math.min(bytes.length, 1 << 16), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, events, skipped, sniff score
    "brim_wrccdc2018_dns_first4000.json, 4000, 0, 95",
    "mordor_apt29_day1_SCRANTON_conn.log, 134, 0, 95",
    "mordor_apt29_day1_SCRANTON_dns.log, 32, 0, 95",
    "mordor_apt29_day1_SCRANTON_http.log, 62, 0, 95",
    "mordor_apt29_day2_NEWYORK_dns.log, 153, 0, 95",
    "mordor_apt29_day2_UTICA-A_conn.log, 353, 0, 95",
    "mordor_lsass_campaign05_conn.log, 895, 0, 100",
    "mordor_lsass_campaign05_dns.log, 2872, 0, 100",
    "mordor_lsass_campaign05_http.log, 3, 0, 100",
    "zeek_btest_core.cisco-fabric-path_conn.log, 64, 0, 100",
    "zeek_btest_opt.basic_conn.log, 34, 0, 100",
    "zeek_btest_opt.basic_dns.log, 34, 0, 100",
    "zeek_btest_opt.basic_http.log, 14, 0, 100",
    "zeek_btest_scripts.base.protocols.http.http-methods_http.log, 49, 0, 100",
    "zeek_btest_javascript.http-uri-sha256_http.log, 0, 1, 90",
    "zeek_btest_scripts.base.frameworks.logging.json-non-printable-escaping_http.log.json, 0, 4,"
        + " 90",
  })
  void realFileCountsAndNoMetadata(String name, int events, int skipped, int score)
      throws IOException {
    Path file = SAMPLES.resolve(name);
    RecordingSink sink = parse(file);

    assertEquals(events, sink.events.size(), "events");
    assertEquals(skipped, sink.skipped.size(), "skipped: " + sink.skipped);
    assertEquals(0, sink.ignored.size(), "ignored: " + sink.ignored);
    assertEquals(score, parser.sniff(head(file)), "sniff score");
    for (SimpleEvent event : sink.events) {
      CharSequence destination = event.destinationAddress();
      assertNotNull(destination, "every conn, dns and http record has id.resp_h: " + event);
      assertNull(MetadataAddresses.classify(destination, false), "destination of " + event);
      assertTrue(DETECTOR.detect(event).isEmpty(), "findings for " + event);
    }
  }

  @Test
  void btestJsonSkippedWithMaskReason() throws IOException {
    RecordingSink sink =
        parse(
            SAMPLES.resolve(
                "zeek_btest_scripts.base.frameworks.logging.json-non-printable-escaping_http"
                    + ".log.json"));

    assertEquals(List.of(2L, 3L, 4L, 5L), sink.skippedLines());
    for (RecordingSink.Notice notice : sink.skipped) {
      assertTrue(notice.text().contains("masked as XXXXXXXXXX.XXXXXX"), notice.text());
    }
  }

  @Test
  void realTsvRecordsMapExactly() throws IOException {
    RecordingSink dns = parse(SAMPLES.resolve("zeek_btest_opt.basic_dns.log"));
    RecordingSink methods =
        parse(SAMPLES.resolve("zeek_btest_scripts.base.protocols.http.http-methods_http.log"));
    RecordingSink cisco = parse(SAMPLES.resolve("zeek_btest_core.cisco-fabric-path_conn.log"));
    RecordingSink lsass = parse(SAMPLES.resolve("mordor_lsass_campaign05_conn.log"));

    assertEquals(
        expect(
            "destination.address", "141.142.2.2",
            "destination.port", "53",
            "dns.question.name", "upload.wikimedia.org",
            "dns.answers", "upload.pmtpa.wikimedia.org,208.80.152.3"),
        fields(dns.eventAt(15)));
    assertEquals(
        expect(
            "destination.address", "173.194.75.103",
            "destination.port", "80",
            "url.domain", "www.google.com",
            "url.path", "*",
            "http.request.method", "OPTIONS"),
        fields(methods.eventAt(10)),
        "OPTIONS * has no URL to build");
    assertEquals(
        expect("destination.address", "173.194.75.103", "destination.port", "80"),
        fields(methods.eventAt(12)),
        "a request Zeek could not parse has only its connection");
    assertEquals(
        expect(
            "destination.address", "173.194.75.103",
            "destination.port", "80",
            "url.full", "http://www.google.com/HTTP/1.1",
            "url.domain", "www.google.com",
            "url.path", "/HTTP/1.1",
            "http.request.method", "GET"),
        fields(methods.eventAt(16)));
    assertEquals(
        expect("destination.address", "5678::", "destination.port", "48879"),
        fields(cisco.eventAt(18)));
    assertEquals(
        expect(
            "@timestamp", "1693975906.500310",
            "destination.address", "192.168.56.1",
            "destination.port", "53"),
        fields(lsass.eventAt(9)));
  }

  @Test
  void realJsonRecordsMapExactly() throws IOException {
    RecordingSink brim = parse(SAMPLES.resolve("brim_wrccdc2018_dns_first4000.json"));
    RecordingSink newyork = parse(SAMPLES.resolve("mordor_apt29_day2_NEWYORK_dns.log"));
    RecordingSink scranton = parse(SAMPLES.resolve("mordor_apt29_day1_SCRANTON_http.log"));

    assertEquals(
        expect(
            "@timestamp", "2018-03-24T17:15:20.865716Z",
            "destination.address", "10.0.0.100",
            "destination.port", "53",
            "dns.question.name", "ise.wrccdc.org",
            "dns.answers", "ise.wrccdc.cpp.edu 134.71.3.16"),
        fields(brim.eventAt(1)));
    assertEquals(
        expect(
            "@timestamp",
            "1588316619.797806",
            "destination.address",
            "10.0.0.4",
            "destination.port",
            "53",
            "dns.question.name",
            "ctldl.windowsupdate.com",
            "dns.answers",
            "audownload.windowsupdate.nsatc.net au.download.windowsupdate.com.edgesuite.net"
                + " a767.dscg3.akamai.net 23.62.7.160 23.62.7.146"),
        fields(newyork.eventAt(1)));
    assertEquals(
        expect(
            "@timestamp", "1588316619.816337",
            "destination.address", "10.0.0.4",
            "destination.port", "53",
            "dns.question.name", "ctldl.windowsupdate.com"),
        fields(newyork.eventAt(2)),
        "an unanswered query has no answers key");
    assertEquals(
        expect(
            "@timestamp", "1588206741.53846",
            "destination.address", "192.168.0.4",
            "destination.port", "80",
            "url.full", "http://192.168.0.4/webdav/",
            "url.domain", "192.168.0.4",
            "url.path", "/webdav/",
            "http.request.method", "PROPFIND"),
        fields(scranton.eventAt(9)));
  }

  /** Returns the events of imds_conn.log (lines 9 to 14) and imds_conn.json (lines 1 to 6). */
  private static List<Map<String, String>> constructedConn() {
    return List.of(
        expect(
            "@timestamp", "1796030042.311248",
            "destination.address", "169.254.169.254",
            "destination.port", "80"),
        expect(
            "@timestamp", "1796030043.104517",
            "destination.address", "169.254.169.254",
            "destination.port", "80"),
        expect(
            "@timestamp", "1796030049.871203",
            "destination.address", "169.254.169.254",
            "destination.port", "53"),
        expect(
            "@timestamp", "1796030049.880931",
            "destination.address", "169.254.169.254",
            "destination.port", "80"),
        expect(
            "@timestamp", "1796030055.017266",
            "destination.address", "fd00:ec2::254",
            "destination.port", "80"),
        expect(
            "@timestamp", "1796030060.420113",
            "destination.address", "10.0.0.2",
            "destination.port", "53"));
  }

  /** Returns the events of imds_dns.log (lines 9 to 12). The JSON file joins answers by spaces. */
  private static List<Map<String, String>> constructedDns(String answerSeparator) {
    return List.of(
        expect(
            "@timestamp", "1796030049.871203",
            "destination.address", "169.254.169.254",
            "destination.port", "53",
            "dns.question.name", "metadata.google.internal",
            "dns.answers", "169.254.169.254"),
        expect(
            "@timestamp",
            "1796030060.420113",
            "destination.address",
            "10.0.0.2",
            "destination.port",
            "53",
            "dns.question.name",
            "ssm.us-east-1.amazonaws.com",
            "dns.answers",
            "ssm.us-east-1.amazonaws.com.cdn.example.net" + answerSeparator + "198.51.100.23"),
        expect(
            "@timestamp", "1796030061.002931",
            "destination.address", "10.0.0.2",
            "destination.port", "53",
            "dns.question.name", "example.org"),
        expect(
            "@timestamp", "1796030071.552908",
            "destination.address", "10.0.0.2",
            "destination.port", "53",
            "dns.question.name", "rebind.attacker.test",
            "dns.answers", "169.254.169.254"));
  }

  /** Returns the events of imds_http.log (lines 9 to 14) and imds_http.json (lines 1 to 6). */
  private static List<Map<String, String>> constructedHttp() {
    return List.of(
        expect(
            "@timestamp", "1796030042.312019",
            "destination.address", "169.254.169.254",
            "destination.port", "80",
            "url.full", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "url.domain", "169.254.169.254",
            "url.path", "/latest/meta-data/iam/security-credentials/",
            "http.request.method", "GET"),
        expect(
            "@timestamp", "1796030043.105122",
            "destination.address", "169.254.169.254",
            "destination.port", "80",
            "url.full", "http://169.254.169.254/latest/api/token",
            "url.domain", "169.254.169.254",
            "url.path", "/latest/api/token",
            "http.request.method", "PUT"),
        expect(
            "@timestamp",
            "1796030049.882207",
            "destination.address",
            "169.254.169.254",
            "destination.port",
            "80",
            "url.full",
            "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/"
                + "token",
            "url.domain",
            "metadata.google.internal",
            "url.path",
            "/computeMetadata/v1/instance/service-accounts/default/token",
            "http.request.method",
            "GET"),
        expect(
            "@timestamp",
            "1796030052.640051",
            "destination.address",
            "169.254.169.254",
            "destination.port",
            "80",
            "url.full",
            "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
                + "&resource=https%3A%2F%2Fmanagement.azure.com%2F",
            "url.domain",
            "169.254.169.254",
            "url.path",
            "/metadata/identity/oauth2/token",
            "url.query",
            "api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F",
            "http.request.method",
            "GET"),
        expect(
            "@timestamp", "1796030053.902716",
            "destination.address", "10.0.0.50",
            "destination.port", "3128",
            "url.full", "http://169.254.169.254/latest/user-data",
            "url.domain", "169.254.169.254",
            "url.path", "/latest/user-data",
            "http.request.method", "GET"),
        expect(
            "@timestamp", "1796030058.310442",
            "destination.address", "198.51.100.80",
            "destination.port", "80",
            "url.full", "http://www.example.com/index.html",
            "url.domain", "www.example.com",
            "url.path", "/index.html",
            "http.request.method", "GET"));
  }

  private static List<Map<String, String>> allFields(RecordingSink sink) {
    List<Map<String, String>> all = new ArrayList<>();
    for (SimpleEvent event : sink.events) {
      all.add(fields(event));
    }
    return all;
  }

  @Test
  void constructedTsvLogsMapExactly() throws IOException {
    RecordingSink conn = parse(CONSTRUCTED.resolve("imds_conn.log"));
    RecordingSink dns = parse(CONSTRUCTED.resolve("imds_dns.log"));
    RecordingSink http = parse(CONSTRUCTED.resolve("imds_http.log"));

    assertEquals(constructedConn(), allFields(conn));
    assertEquals(List.of(9L, 10L, 11L, 12L, 13L, 14L), conn.eventLines());
    assertEquals(constructedDns(","), allFields(dns));
    assertEquals(List.of(9L, 10L, 11L, 12L), dns.eventLines());
    assertEquals(constructedHttp(), allFields(http));
    assertEquals(List.of(9L, 10L, 11L, 12L, 13L, 14L), http.eventLines());
    for (RecordingSink sink : List.of(conn, dns, http)) {
      assertEquals(List.of(), sink.skipped);
      assertEquals(List.of(), sink.ignored);
    }
  }

  @Test
  void constructedJsonLogsMapExactly() throws IOException {
    RecordingSink conn = parse(CONSTRUCTED.resolve("imds_conn.json"));
    RecordingSink dns = parse(CONSTRUCTED.resolve("imds_dns.json"));
    RecordingSink http = parse(CONSTRUCTED.resolve("imds_http.json"));

    assertEquals(constructedConn(), allFields(conn));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), conn.eventLines());
    assertEquals(constructedDns(" "), allFields(dns));
    assertEquals(constructedHttp(), allFields(http));
    for (RecordingSink sink : List.of(conn, dns, http)) {
      assertEquals(List.of(), sink.skipped);
      assertEquals(List.of(), sink.ignored);
    }
  }

  @Test
  void constructedPositivesReachTheDetector() throws IOException {
    RecordingSink conn = parse(CONSTRUCTED.resolve("imds_conn.log"));
    RecordingSink dns = parse(CONSTRUCTED.resolve("imds_dns.json"));
    RecordingSink http = parse(CONSTRUCTED.resolve("imds_http.log"));

    assertEquals(
        List.of(true, true, true, true, true, false),
        flagged(conn),
        "conn: the DNS line is benign");
    assertEquals(List.of(true, false, false, true), flagged(dns), "dns: GCP name and rebinding");
    assertEquals(
        List.of(true, true, true, true, true, false), flagged(http), "http: the last is benign");
  }

  private static List<Boolean> flagged(RecordingSink sink) {
    List<Boolean> flagged = new ArrayList<>();
    for (SimpleEvent event : sink.events) {
      flagged.add(!DETECTOR.detect(event).isEmpty());
    }
    return flagged;
  }
}
