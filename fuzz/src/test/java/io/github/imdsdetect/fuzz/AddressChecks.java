package io.github.imdsdetect.fuzz;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.MetadataAddresses;
import io.github.imdsdetect.core.MetadataAddresses.Endpoint;
import io.github.imdsdetect.core.MetadataAddresses.Hit;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Properties of the address decoder, {@link MetadataAddresses}, on any text:
 *
 * <ul>
 *   <li>{@code scan}, {@code classify} and {@code parseIpv4} throw nothing on valid ranges and
 *       only {@link IndexOutOfBoundsException} on invalid ones.
 *   <li>{@code scan} passes hits in text order, each within the text, returns their count, and
 *       the text of each hit contains one of {@code anchors()}, which the detector's prefilter
 *       relies on to skip events.
 *   <li>{@code classify} returns offsets within the range it was given.
 *   <li>{@code parseIpv4} returns a value in -2..2^32-1.
 *   <li>Where {@code parseIpv4} decodes a range to a metadata IPv4 address, {@code classify}
 *       reports that endpoint for the same range, and {@code scan} reports a hit when the range
 *       is the whole text and one token.
 *   <li>The detector evaluates an event with the text in every address-bearing field without
 *       throwing.
 * </ul>
 */
final class AddressChecks {
  private static final long MAX_IPV4 = (1L << 32) - 1;

  private static final Map<Long, Endpoint> METADATA_IPV4 =
      Map.of(
          0xA9FEA9FEL, Endpoint.AWS_IMDS_V4,
          0xA9FEAA02L, Endpoint.AWS_ECS_TASK,
          0x646464C8L, Endpoint.ALIBABA);

  private static final Detector DETECTOR = Detector.create(RuleSet.defaults());

  private AddressChecks() {}

  /**
   * Checks every property on {@code text}, with {@code [start, end)} as the range for {@code
   * classify} and {@code parseIpv4}, which the caller picks within the text.
   *
   * @throws AssertionError listing every violation
   */
  static void check(String text, int start, int end, boolean urlContext) {
    List<String> violations = new ArrayList<>();
    try {
      checkScan(text, violations);
      checkRange(text, start, end, urlContext, violations);
      checkRange(text, 0, text.length(), urlContext, violations);
      checkInvalidRanges(text, violations);
      checkDetector(text, violations);
    } catch (RuntimeException | StackOverflowError e) {
      violations.add("threw " + RecordingSink.stackTrace(e));
    }
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "MetadataAddresses violated " + violations.size() + " propert"
              + (violations.size() == 1 ? "y" : "ies") + " on \"" + Previews.text(text, 300)
              + "\" (" + text.length() + " chars), range [" + start + ", " + end
              + "), urlContext=" + urlContext + "\n- " + String.join("\n- ", violations));
    }
  }

  private static void checkScan(String text, List<String> violations) {
    List<Hit> hits = new ArrayList<>();
    int returned = MetadataAddresses.scan(text, hits::add);
    if (returned != hits.size()) {
      violations.add("scan returned " + returned + " but passed " + hits.size() + " hits");
    }
    String lowerCase = text.toLowerCase(Locale.ROOT);
    int previousStart = 0;
    for (Hit hit : hits) {
      if (hit.start() < 0 || hit.end() > text.length() || hit.start() > hit.end()) {
        violations.add("scan hit " + hit + " lies outside the text of " + text.length()
            + " chars");
        continue;
      }
      if (hit.start() < previousStart) {
        violations.add("scan hit " + hit + " comes after a hit that starts at " + previousStart);
      }
      previousStart = hit.start();
      String hitText = lowerCase.substring(hit.start(), hit.end());
      if (MetadataAddresses.anchors().stream().noneMatch(hitText::contains)) {
        violations.add("scan hit " + hit + " \"" + Previews.text(hitText, 100)
            + "\" contains none of anchors(), so the detector's prefilter would drop it");
      }
    }
  }

  private static void checkRange(
      String text, int start, int end, boolean urlContext, List<String> violations) {
    Hit hit = MetadataAddresses.classify(text, start, end, urlContext);
    if (hit != null && (hit.start() < start || hit.end() > end)) {
      violations.add("classify on [" + start + ", " + end + ") returned " + hit
          + ", outside that range");
    }
    long address = MetadataAddresses.parseIpv4(text, start, end);
    if (address < -2 || address > MAX_IPV4) {
      violations.add("parseIpv4 on [" + start + ", " + end + ") returned " + address
          + ", outside -2..2^32-1");
    }
    Endpoint expected = METADATA_IPV4.get(address);
    if (expected == null) {
      return;
    }
    Hit strict = MetadataAddresses.classify(text, start, end, false);
    if (strict == null || strict.endpoint() != expected) {
      violations.add("parseIpv4 decodes [" + start + ", " + end + ") \""
          + Previews.text(text.substring(start, end), 100) + "\" to the " + expected
          + " address, but classify returned " + strict);
    }
    boolean wholeToken =
        start == 0 && end == text.length() && end > 0 && text.chars().allMatch(AddressChecks::isTokenChar);
    if (wholeToken && MetadataAddresses.scan(text, h -> {}) == 0) {
      violations.add("parseIpv4 decodes the whole text to the " + expected
          + " address, but scan finds no hit in it");
    }
  }

  private static void checkInvalidRanges(String text, List<String> violations) {
    int length = text.length();
    int[][] ranges = {{-1, 0}, {0, length + 1}, {length, length - 1}, {length + 1, length + 1}};
    for (int[] range : ranges) {
      if (range[0] >= 0 && range[1] <= length && range[0] <= range[1]) {
        continue;
      }
      expectIndexOutOfBounds(
          "classify", () -> MetadataAddresses.classify(text, range[0], range[1], false),
          range, violations);
      expectIndexOutOfBounds(
          "parseIpv4", () -> MetadataAddresses.parseIpv4(text, range[0], range[1]),
          range, violations);
    }
  }

  private static void expectIndexOutOfBounds(
      String method, Runnable call, int[] range, List<String> violations) {
    try {
      call.run();
      violations.add(method + " accepted the invalid range [" + range[0] + ", " + range[1] + ")");
    } catch (IndexOutOfBoundsException expected) {
      // The documented outcome.
    } catch (RuntimeException e) {
      violations.add(method + " threw " + e + " instead of IndexOutOfBoundsException on the"
          + " invalid range [" + range[0] + ", " + range[1] + ")");
    }
  }

  private static void checkDetector(String text, List<String> violations) {
    SimpleEvent event =
        SimpleEvent.builder()
            .processName("curl")
            .commandLine(text)
            .destinationAddress(text)
            .dnsQueryName(text)
            .dnsAnswers(text)
            .url(text)
            .urlHost(text)
            .urlPath(text)
            .urlQuery(text)
            .build();
    try {
      DETECTOR.evaluate(event);
    } catch (RuntimeException | StackOverflowError e) {
      violations.add("Detector.evaluate threw on an event with the text in every address field:\n"
          + RecordingSink.stackTrace(e));
    }
  }

  /** Returns whether {@code c} is a token char of {@code scan}: ASCII letter, digit or .:%[]-. */
  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == ':'
        || c == '%'
        || c == '['
        || c == ']'
        || c == '-';
  }
}
