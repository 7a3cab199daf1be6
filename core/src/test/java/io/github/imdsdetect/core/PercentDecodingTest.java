package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentDecodingTest {

  @Test
  void decodeAsciiEscapes() {
    assertEquals("http://169.254.169.254/latest",
        PercentDecoding.decode("http%3A%2F%2F169.254.169.254%2Flatest"));
    assertEquals("/", PercentDecoding.decode("%252F"));
    assertNull(PercentDecoding.decode("no escape, 100% sure"));
  }

  @Test
  void decodeUtf8Runs() {
    // U+FF11 FULLWIDTH DIGIT ONE is EF BC 91 in UTF-8; it folds to "1".
    assertEquals("1", PercentDecoding.decode("%EF%BC%91"));
    assertEquals("\u00e9", PercentDecoding.decode("%C3%A9"));
    assertEquals("\ud83d\ude00", PercentDecoding.decode("%F0%9F%98%80"));
  }

  @Test
  void decodeInvalidUtf8AsLatin1() {
    // A lone continuation byte, an overlong slash (C0 AF) and a cut sequence stay byte by byte.
    assertEquals("\u0080", PercentDecoding.decode("%80"));
    assertEquals("\u00c0\u00af", PercentDecoding.decode("%C0%AF"));
    assertEquals("\u00e2\u0082x", PercentDecoding.decode("%E2%82x"));
    // An encoded surrogate is invalid UTF-8.
    assertEquals("\u00ed\u00a0\u0080", PercentDecoding.decode("%ED%A0%80"));
  }

  @Test
  void foldFullWidthAndCircled() {
    assertEquals("169.254.169.254",
        PercentDecoding.foldCompatibility("\uff11\uff16\uff19\u3002\uff12\uff15\uff14\uff0e"
            + "\u2460\u2465\u2468\uff61\u2461\u2464\u2463"));
    assertEquals("10.20.0", PercentDecoding.foldCompatibility("\u2469.\u2473.\u24ea"));
    String ascii = "plain text";
    assertSame(ascii, PercentDecoding.foldCompatibility(ascii));
  }

  @Test
  void detectorFindsFullWidthAddressInEncodedUrl() {
    // An SSRF payload as an access log records it: the full-width digits and ideographic full
    // stops are percent-encoded UTF-8.
    String host = "%EF%BC%91%EF%BC%96%EF%BC%99%E3%80%82%EF%BC%92%EF%BC%95%EF%BC%94%E3%80%82"
        + "%EF%BC%91%EF%BC%96%EF%BC%99%E3%80%82%EF%BC%92%EF%BC%95%EF%BC%94";
    Event event = SimpleEvent.builder()
        .url("/fetch?url=http%3A%2F%2F" + host + "%2Flatest%2Fmeta-data%2F")
        .build();

    List<Finding> findings = Detector.create(RuleSet.defaults()).detect(event);

    assertFalse(findings.isEmpty(), "no finding");
    assertEquals("imds.http.url", findings.get(0).ruleId());
    assertEquals("169.254.169.254", findings.get(0).matchedText());
  }
}
