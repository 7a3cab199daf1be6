package io.github.imdsdetect.weblog;

import static io.github.imdsdetect.weblog.RecordingSink.expect;
import static io.github.imdsdetect.weblog.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.Detector;
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

/** Runs WebLogParser on the real and constructed files under samples/weblog. */
class WebLogSamplesTest {
  private static final Path SAMPLES = Path.of("../../samples/weblog");
  private static final Path CONSTRUCTED = SAMPLES.resolve("constructed");
  private static final Path APACHE = SAMPLES.resolve("elastic_examples_apache_logs_first8000.log");
  private static final Detector DETECTOR = Detector.create(RuleSet.defaults());
  private static final String CLIENT_TIME = "30/Nov/2026:";

  private final WebLogParser parser = new WebLogParser();

  private RecordingSink parse(Path file) throws IOException {
    RecordingSink sink = new RecordingSink();
    try (InputStream in = Files.newInputStream(file)) {
      long lines = parser.parse(in, file.getFileName().toString(), ParseLimits.DEFAULTS, sink);
      assertEquals(Files.readAllLines(file, StandardCharsets.ISO_8859_1).size(), lines, "lines");
    }
    return sink;
  }

  private static String head(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return new String(bytes, 0, Math.min(bytes.length, 1 << 16), StandardCharsets.UTF_8);
  }

  private static List<Map<String, String>> allFields(RecordingSink sink) {
    List<Map<String, String>> all = new ArrayList<>();
    for (SimpleEvent event : sink.events) {
      all.add(fields(event));
    }
    return all;
  }

  private static List<Boolean> flagged(RecordingSink sink) {
    List<Boolean> flagged = new ArrayList<>();
    for (SimpleEvent event : sink.events) {
      flagged.add(!DETECTOR.detect(event).isEmpty());
    }
    return flagged;
  }

  @Test
  void realApacheLogHasNoFindings() throws IOException {
    RecordingSink sink = parse(APACHE);

    assertEquals(8000, sink.events.size());
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    assertEquals(90, parser.sniff(head(APACHE)));
    for (SimpleEvent event : sink.events) {
      assertNotNull(event.httpMethod(), "method of " + event);
      assertNotNull(event.url(), "url of " + event);
      assertTrue(DETECTOR.detect(event).isEmpty(), "findings for " + event);
    }
  }

  @Test
  void realApacheLinesMapExactly() throws IOException {
    RecordingSink sink = parse(APACHE);

    assertEquals(
        expect(
            "@timestamp", "17/May/2015:10:05:03 +0000",
            "url.full", "/presentations/logstash-monitorama-2013/images/kibana-search.png",
            "url.path", "/presentations/logstash-monitorama-2013/images/kibana-search.png",
            "http.request.method", "GET"),
        fields(sink.eventAt(1)));
    assertEquals(
        expect(
            "@timestamp",
            "17/May/2015:11:05:10 +0000",
            "url.full",
            "/blog/geekery/disabling-battery-in-ubuntu-vms.html?utm_source=feedburner"
                + "&utm_medium=feed&utm_campaign=Feed%3A+semicomplete%2Fmain+%28semicomplete.com"
                + "+-+Jordan+Sissel%29",
            "url.path",
            "/blog/geekery/disabling-battery-in-ubuntu-vms.html",
            "url.query",
            "utm_source=feedburner&utm_medium=feed&utm_campaign=Feed:+semicomplete/main"
                + "+(semicomplete.com+-+Jordan+Sissel)",
            "http.request.method",
            "GET"),
        fields(sink.eventAt(93)),
        "the query is percent-decoded and keeps its plus signs");
    assertEquals(
        expect(
            "@timestamp", "18/May/2015:13:05:29 +0000",
            "url.full", "p://www.semicomplete.com/about/",
            "url.path", "/blog/geekery/httorg/style/iphone.css",
            "url.query", "p://www.semicomplete.com/about/",
            "http.request.method", "GET"),
        fields(sink.eventAt(3284)),
        "a mangled link in the query is taken as an embedded URL with scheme p");
    assertEquals("HEAD", sink.eventAt(688).httpMethod().toString());
    assertEquals("POST", sink.eventAt(5009).httpMethod().toString());
  }

  @Test
  void constructedCombinedLogMapsExactly() throws IOException {
    Path file = CONSTRUCTED.resolve("apache_combined_ssrf.log");
    RecordingSink sink = parse(file);

    List<Map<String, String>> expected =
        List.of(
            request("09:13:40", "GET", "/index.html", null, "/index.html"),
            request(
                "09:14:02",
                "GET",
                "/fetch",
                "url=http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
            request(
                "09:14:05",
                "GET",
                "/fetch",
                "url=http://169.254.169.254/latest/meta-data/",
                "http://169.254.169.254/latest/meta-data/"),
            request(
                "09:14:09",
                "GET",
                "/fetch",
                "url=http://169.254.169.254/latest/user-data",
                "http://169.254.169.254/latest/user-data"),
            request(
                "09:14:12",
                "GET",
                "/fetch",
                "url=http://2852039166/latest/meta-data/",
                "http://2852039166/latest/meta-data/"),
            request(
                "09:14:15",
                "GET",
                "/fetch",
                "format=json&url=http://allowed.example.com@169.254.169.254/latest/meta-data/iam/"
                    + "info",
                "http://allowed.example.com@169.254.169.254/latest/meta-data/iam/info"),
            request(
                "09:14:19",
                "GET",
                "/preview",
                "target=http://[fd00:ec2::254]/latest/meta-data/",
                "http://[fd00:ec2::254]/latest/meta-data/"),
            request(
                "09:14:24",
                "POST",
                "/api/webhooks/test",
                "callback=http://metadata.google.internal/computeMetadata/v1/instance/"
                    + "service-accounts/default/token",
                "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/"
                    + "default/token"),
            request(
                "09:14:30",
                "GET",
                "/image-proxy/http://169.254.169.254/latest/meta-data/hostname",
                null,
                "http://169.254.169.254/latest/meta-data/hostname"),
            request(
                "09:15:01",
                "GET",
                "/search",
                "q=instance+metadata&page=2",
                "/search?q=instance+metadata&page=2"),
            request(
                "09:15:07",
                "GET",
                "/login",
                "next=https://reports.example.com/dashboard",
                "https://reports.example.com/dashboard"),
            request("09:15:12", "POST", "/api/orders", null, "/api/orders"));

    assertEquals(expected, allFields(sink));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), sink.eventLines());
    assertEquals(List.of(new RecordingSink.Notice(13, WebLogParser.NO_REQUEST_KIND)), sink.ignored);
    assertEquals(List.of(), sink.skipped);
    assertEquals(
        List.of(false, true, true, true, true, true, true, true, true, false, false, false),
        flagged(sink),
        "plain, encoded, double-encoded, decimal, user info, IPv6, GCP and path payloads");
    assertEquals(90, parser.sniff(head(file)));
  }

  private static Map<String, String> request(
      String time, String method, String path, String query, String url) {
    Map<String, String> fields = expect("@timestamp", CLIENT_TIME + time + " +0000");
    fields.put("url.full", url);
    fields.put("url.path", path);
    if (query != null) {
      fields.put("url.query", query);
    }
    fields.put("http.request.method", method);
    return fields;
  }

  @Test
  void constructedVhostCombinedLogMapsExactly() throws IOException {
    RecordingSink sink = parse(CONSTRUCTED.resolve("apache_vhost_combined.log"));

    assertEquals(
        List.of(
            expect(
                "@timestamp", "30/Nov/2026:09:16:02 +0000",
                "url.full", "http://169.254.169.254/latest/api/token",
                "url.domain", "reports.example.com",
                "url.path", "/fetch",
                "url.query", "url=http://169.254.169.254/latest/api/token",
                "http.request.method", "GET"),
            expect(
                "@timestamp", "30/Nov/2026:09:16:09 +0000",
                "url.full", "/dashboard",
                "url.domain", "reports.example.com",
                "url.path", "/dashboard",
                "http.request.method", "GET")),
        allFields(sink));
    assertEquals(List.of(true, false), flagged(sink));
  }

  @Test
  void constructedAlbLogMapsExactly() throws IOException {
    Path file = CONSTRUCTED.resolve("alb_access.log");
    RecordingSink sink = parse(file);

    assertEquals(
        List.of(
            expect(
                "@timestamp",
                "2026-11-30T09:14:05.123456Z",
                "url.full",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "url.domain",
                "shop.example.com",
                "url.path",
                "/fetch",
                "url.query",
                "url=http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http.request.method",
                "GET"),
            expect(
                "@timestamp", "2026-11-30T09:14:31.730215Z",
                "url.full", "http://shop.example.com:80/products?id=42",
                "url.domain", "shop.example.com",
                "url.path", "/products",
                "url.query", "id=42",
                "http.request.method", "GET"),
            expect(
                "@timestamp", "2026-11-30T09:14:40.004511Z",
                "url.full", "http://[fd00:ec2::254]/latest/meta-data/",
                "url.domain", "shop.example.com",
                "url.path", "/preview",
                "url.query", "target=http://[fd00:ec2::254]/latest/meta-data/",
                "http.request.method", "GET")),
        allFields(sink));
    assertEquals(List.of(true, false, true), flagged(sink));
    assertEquals(95, parser.sniff(head(file)));
  }
}
