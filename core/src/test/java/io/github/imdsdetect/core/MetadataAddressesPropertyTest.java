package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.github.imdsdetect.core.MetadataAddresses.Endpoint;
import io.github.imdsdetect.core.MetadataAddresses.Form;
import io.github.imdsdetect.core.MetadataAddresses.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

class MetadataAddressesPropertyTest {

    private static final long[] METADATA_ADDRESSES = {0xA9FE_A9FEL, 0xA9FE_AA02L, 0x6464_64C8L};
    private static final Endpoint[] METADATA_ENDPOINTS = {Endpoint.AWS_IMDS_V4, Endpoint.AWS_ECS_TASK, Endpoint.ALIBABA};

    /** Text that should classify as {@code endpoint} and {@code form}, with the hit covering {@code hitText}. */
    record Written(String text, String hitText, Endpoint endpoint, Form form) {}

    // ---- Properties ----

    @Test
    void everyInetAtonEncodingOfMetadataAddressMatches() {
        qt().forAll(metadataIpv4(false)).checkAssert(written -> assertClassifies(written));
    }

    @Test
    void oneWrapEncodingsAreOutOfRange() {
        qt().forAll(metadataIpv4(true)).checkAssert(written -> assertClassifies(written));
    }

    @Test
    void otherAddressesNeverMatch() {
        Gen<Long> uniform = Generate.longRange(0, 0xFFFF_FFFFL);
        Gen<Long> oneBitAway = random -> {
            long address = METADATA_ADDRESSES[Generate.range(0, 2).generate(random)];
            return address ^ (1L << Generate.range(0, 31).generate(random));
        };
        Gen<Long> others = uniform.mix(oneBitAway).assuming(address -> endpointOf(address) == null);
        qt().forAll(others.flatMap(address -> ipv4Encoding(address, false)))
                .checkAssert(written -> assertNull(
                        MetadataAddresses.classify(written.text(), false), () -> "hit for " + written.text()));
    }

    @Test
    void everyIpv6WritingOfAwsAddressMatches() {
        qt().forAll(awsIpv6()).checkAssert(written -> assertClassifies(written));
    }

    @Test
    void everyIpv6WritingOfGcpAddressMatches() {
        qt().forAll(gcpIpv6()).checkAssert(written -> assertClassifies(written));
    }

    @Test
    void everyScanHitContainsAnAnchor() {
        qt().withExamples(3000).forAll(freeText()).checkAssert(text -> {
            MetadataAddresses.scan(text, hit -> {
                assertTrue(hit.start() >= 0, hit::toString);
                assertTrue(hit.end() <= text.length(), hit::toString);
                String hitText = text.substring(hit.start(), hit.end()).toLowerCase(Locale.ROOT);
                assertTrue(
                        MetadataAddresses.anchors().stream().anyMatch(hitText::contains),
                        () -> "no anchor in hit '" + hitText + "' of " + text);
            });
        });
    }

    @Test
    void anchoredScanMatchesFullScan() {
        Gen<String> anyText = anyOf(List.of(strings().allPossible().ofLengthBetween(0, 120), rawChars(), freeText()));
        qt().withExamples(5000).forAll(anyText).checkAssert(text -> {
            List<Hit> full = new ArrayList<>();
            int fullCount = MetadataAddresses.scan(text, full::add);
            List<Hit> anchored = new ArrayList<>();
            int anchoredCount = MetadataAddresses.scanAnchored(text, anchored::add);
            assertEquals(full, anchored, () -> "hits in " + text);
            assertEquals(fullCount, anchoredCount, () -> "count in " + text);
        });
    }

    @Test
    void rangedScanMatchesFullScan() {
        AhoCorasick anchors = AhoCorasick.compile(MetadataAddresses.anchors());
        Gen<String> anyText = anyOf(List.of(strings().allPossible().ofLengthBetween(0, 120), rawChars(), freeText()));
        qt().withExamples(5000).forAll(anyText).checkAssert(text -> {
            int[] range = {-1, -1};
            anchors.findAll(text, (pattern, start, end) -> {
                if (range[0] < 0 || start < range[0]) {
                    range[0] = start;
                }
                range[1] = Math.max(range[1], end);
                return true;
            });
            List<Hit> full = new ArrayList<>();
            MetadataAddresses.scan(text, full::add);
            List<Hit> ranged = new ArrayList<>();
            if (range[0] >= 0) {
                MetadataAddresses.scanAnchored(text, range[0], range[1], ranged::add);
            }
            assertEquals(full, ranged, () -> "hits in " + text);
        });
    }

    @Test
    void scanFindsWrittenAddressesInsideText() {
        Gen<Written> written = anyOf(List.of(metadataIpv4(false), awsIpv6(), gcpIpv6(), hostNames()));
        qt().forAll(written, separators(), separatorsAfter()).checkAssert((address, before, after) -> {
            String text = "curl" + before + address.text() + after + "x";
            List<Hit> hits = new ArrayList<>();
            MetadataAddresses.scan(text, hits::add);
            assertEquals(1, hits.size(), () -> "hits in " + text);
            assertEquals(address.endpoint(), hits.get(0).endpoint(), text);
            assertEquals(address.hitText(), text.substring(hits.get(0).start(), hits.get(0).end()), text);
        });
    }

    @Test
    void scanNeverFailsOnArbitraryText() {
        Gen<String> anyText = anyOf(List.of(strings().allPossible().ofLengthBetween(0, 120), rawChars(), freeText()));
        qt().withExamples(3000).forAll(anyText).checkAssert(text -> {
            int[] reported = {0};
            int count = MetadataAddresses.scan(text, hit -> {
                assertNotNull(hit);
                assertTrue(hit.start() >= 0, hit::toString);
                assertTrue(hit.start() <= hit.end(), hit::toString);
                assertTrue(hit.end() <= text.length(), hit::toString);
                reported[0]++;
            });
            assertEquals(reported[0], count);
            Hit hit = MetadataAddresses.classify(text, true);
            if (hit != null) {
                assertTrue(hit.end() <= text.length(), hit::toString);
            }
            MetadataAddresses.parseIpv4(text, 0, text.length());
        });
    }

    private static void assertClassifies(Written written) {
        Hit hit = MetadataAddresses.classify(written.text(), false);
        assertNotNull(hit, () -> "no hit for " + written.text());
        assertEquals(written.endpoint(), hit.endpoint(), written::text);
        assertEquals(written.form(), hit.form(), written::text);
        assertEquals(written.hitText(), written.text().substring(hit.start(), hit.end()), written::text);
    }

    // ---- IPv4 in inet_aton forms ----

    private static Gen<Written> metadataIpv4(boolean wrapOnce) {
        return Generate.range(0, 2).flatMap(index -> ipv4Encoding(METADATA_ADDRESSES[index], wrapOnce));
    }

    /**
     * Writes {@code address} with one to four parts, a random base per part, random leading zeros
     * and random hex case, then adds a trailing dot or a port at random. With {@code wrapOnce} at
     * least one part gets its field size added, which the rule for out-of-range text wraps back.
     */
    private static Gen<Written> ipv4Encoding(long address, boolean wrapOnce) {
        return random -> {
            int partCount = Generate.range(1, 4).generate(random);
            int wrappedPart = wrapOnce ? Generate.range(0, partCount - 1).generate(random) : -1;
            StringBuilder text = new StringBuilder();
            int bases = 0;
            for (int part = 0; part < partCount; part++) {
                boolean last = part == partCount - 1;
                int fieldBits = last ? 8 * (4 - part) : 8;
                long value = (address >>> (last ? 0 : 24 - 8 * part)) & ((1L << fieldBits) - 1);
                if (part == wrappedPart || (wrapOnce && Generate.range(0, 3).generate(random) == 0)) {
                    value += 1L << fieldBits;
                }
                int base = Generate.range(0, 2).generate(random);
                bases |= 1 << base;
                if (part > 0) {
                    text.append('.');
                }
                text.append(writeNumber(value, base, random));
            }
            String hitText = text.toString();
            Form form = wrapOnce ? Form.OUT_OF_RANGE : expectedForm(partCount, bases);
            Endpoint endpoint = wrapOnce ? null : endpointOf(address);
            return new Written(hitText + decoration(random), hitText, endpoint, form);
        };
    }

    /** Writes a number in base 10 (0), 16 (1) or 8 (2), with random leading zeros and hex case. */
    private static String writeNumber(long value, int base, RandomnessSource random) {
        switch (base) {
            case 0:
                return Long.toString(value);
            case 1:
                String prefix = Generate.booleans().generate(random) ? "0x" : "0X";
                return prefix + "0".repeat(Generate.range(0, 3).generate(random)) + randomCase(Long.toHexString(value), random);
            default:
                return "0" + "0".repeat(Generate.range(0, 3).generate(random)) + Long.toOctalString(value);
        }
    }

    private static Form expectedForm(int partCount, int bases) {
        if (partCount == 2 || partCount == 3) {
            return Form.SHORT_FORM;
        }
        if (partCount == 1) {
            return bases == 1 ? Form.DECIMAL_INTEGER : (bases == 2 ? Form.HEX_INTEGER : Form.OCTAL_INTEGER);
        }
        switch (bases) {
            case 1:
                return Form.DOTTED_DECIMAL;
            case 2:
                return Form.DOTTED_HEX;
            case 4:
                return Form.DOTTED_OCTAL;
            default:
                return Form.DOTTED_MIXED;
        }
    }

    /** Returns nothing, a trailing dot, a port, or both. */
    private static String decoration(RandomnessSource random) {
        String dot = Generate.range(0, 3).generate(random) == 0 ? "." : "";
        String port = Generate.range(0, 3).generate(random) == 0 ? ":" + Generate.range(0, 65535).generate(random) : "";
        return dot + port;
    }

    // ---- IPv6 ----

    private static Gen<Written> awsIpv6() {
        return ipv6(0xfd00, 0x0ec2, Endpoint.AWS_IMDS_V6);
    }

    private static Gen<Written> gcpIpv6() {
        return ipv6(0xfd20, 0x00ce, Endpoint.GCP_V6);
    }

    /**
     * Writes the address firstGroup:secondGroup::254 with random "::" placement over its zero
     * groups, random leading zeros and case, an optional dotted tail (0.0.2.84), and optional
     * brackets, zone id and port.
     */
    private static Gen<Written> ipv6(int firstGroup, int secondGroup, Endpoint endpoint) {
        return random -> {
            int[] groups = {firstGroup, secondGroup, 0, 0, 0, 0, 0, 0x0254};
            boolean dottedTail = Generate.range(0, 4).generate(random) == 0;
            int explicitGroups = dottedTail ? 6 : 8;
            int zeroEnd = dottedTail ? 6 : 7;
            int gapStart = -1;
            int gapEnd = -1;
            if (Generate.booleans().generate(random)) {
                gapStart = Generate.range(2, zeroEnd - 1).generate(random);
                gapEnd = gapStart + Generate.range(1, zeroEnd - gapStart).generate(random);
            }
            StringBuilder address = new StringBuilder();
            for (int group = 0; group < explicitGroups; group++) {
                if (group == gapStart) {
                    address.append("::");
                }
                if (group >= gapStart && group < gapEnd) {
                    continue;
                }
                if (address.length() > 0 && address.charAt(address.length() - 1) != ':') {
                    address.append(':');
                }
                String hex = Integer.toHexString(groups[group]);
                int padding = Generate.range(0, 4 - hex.length()).generate(random);
                address.append("0".repeat(padding)).append(randomCase(hex, random));
            }
            if (dottedTail) {
                if (address.charAt(address.length() - 1) != ':') {
                    address.append(':');
                }
                address.append("0.0.2.84");
            }
            String hitText = address.toString();
            String zone = switch (Generate.range(0, 3).generate(random)) {
                case 0 -> "%eth0";
                case 1 -> "%25en0";
                default -> "";
            };
            String text = hitText + zone;
            if (Generate.booleans().generate(random)) {
                text = "[" + text + "]" + (Generate.booleans().generate(random) ? ":80" : "");
            }
            Form form = gapStart < 0 && !dottedTail ? Form.IPV6_FULL : Form.IPV6;
            return new Written(text, hitText, endpoint, form);
        };
    }

    // ---- Host names and free text ----

    private static Gen<Written> hostNames() {
        List<Written> names = List.of(
                new Written("metadata.google.internal", "metadata.google.internal", Endpoint.GCP_NAME, Form.HOST_NAME),
                new Written("metadata.goog", "metadata.goog", Endpoint.GCP_GOOG_NAME, Form.HOST_NAME),
                new Written("fd20-ce--254.sslip.io", "fd20-ce--254.sslip.io", Endpoint.GCP_V6, Form.WILDCARD_DNS_NAME),
                new Written("instance-data", "instance-data", Endpoint.AWS_NAME, Form.HOST_NAME),
                new Written("instance-data.ap-south-1.compute.internal", "instance-data.ap-south-1.compute.internal",
                        Endpoint.AWS_NAME, Form.HOST_NAME),
                new Written("169-254-169-254.nip.io", "169-254-169-254.nip.io", Endpoint.AWS_IMDS_V4, Form.WILDCARD_DNS_NAME),
                new Written("x.100.100.100.200.sslip.io", "x.100.100.100.200.sslip.io", Endpoint.ALIBABA,
                        Form.WILDCARD_DNS_NAME),
                new Written("a9feaa02.nip.io", "a9feaa02.nip.io", Endpoint.AWS_ECS_TASK, Form.WILDCARD_DNS_NAME));
        return random -> {
            Written name = Generate.pick(names).generate(random);
            String text = randomCase(name.text(), random);
            return new Written(text, text, name.endpoint(), name.form());
        };
    }

    /** Text before an address: ends the previous token, sometimes with a URL prefix. */
    private static Gen<String> separators() {
        return anyOf(List.of(separatorsAfter(), Generate.pick(List.of("http://", "https://user@", " //"))));
    }

    /** Text after an address that ends its token. */
    private static Gen<String> separatorsAfter() {
        return Generate.pick(List.of(" ", "  ", "\t", "/", "'", "\"", "=", ",", "(", "\\", "@", "\u00a0", "\u2026",
                "?", ";"));
    }

    /**
     * Generates command-line-like text made of metadata addresses in every form, ordinary
     * addresses, host names, noise and separators, often glued together without a separator.
     */
    private static Gen<String> freeText() {
        Gen<String> fragment = anyOf(List.of(
                metadataIpv4(false).map(Written::text),
                metadataIpv4(true).map(Written::text),
                awsIpv6().map(Written::text),
                gcpIpv6().map(Written::text),
                hostNames().map(Written::text),
                Generate.longRange(0, 0xFFFF_FFFFL).flatMap(address -> ipv4Encoding(address, false)).map(Written::text),
                noise(),
                separators(),
                Generate.pick(List.of("metadata", "http://metadata/", "user@metadata", "::ffff:", "::", "%2F", "[", "]",
                        ":80", ".nip.io", "-", ".", "0x", "fd00:", "fd20:", "nip.io", "//", "%3A%2F%2F",
                        "metadata.goog", "metadata.googleapis.com", ".goog"))));
        return random -> {
            int count = Generate.range(0, 12).generate(random);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < count; i++) {
                text.append(fragment.generate(random));
            }
            return text.toString();
        };
    }

    /** Short strings drawn mostly from characters that tokens and addresses are made of. */
    private static Gen<String> noise() {
        String alphabet = "0123456789abcdefxABCDEFX.:-[]%/@\\metadinsgoglc ";
        return random -> {
            int length = Generate.range(1, 12).generate(random);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(Generate.range(0, alphabet.length() - 1).generate(random)));
            }
            return text.toString();
        };
    }

    /** Strings of arbitrary UTF-16 code units, including lone surrogates, mixed with token characters. */
    private static Gen<String> rawChars() {
        Gen<Character> anyUnit = Generate.characters(0, 0xFFFF);
        Gen<Character> surrogate = Generate.characters(0xD800, 0xDFFF);
        Gen<Character> tokenChar = Generate.pick(List.of('1', '6', '9', '.', ':', '%', '[', ']', '-', 'a', 'x', '0'));
        Gen<Character> unit = anyOf(List.of(anyUnit, surrogate, tokenChar));
        return random -> {
            int length = Generate.range(0, 80).generate(random);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append(unit.generate(random).charValue());
            }
            return text.toString();
        };
    }

    /** Picks one of the generators with equal weight, then generates from it. */
    private static <T> Gen<T> anyOf(List<Gen<T>> generators) {
        Gen<Integer> index = Generate.range(0, generators.size() - 1);
        return random -> generators.get(index.generate(random)).generate(random);
    }

    private static String randomCase(String text, RandomnessSource random) {
        StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            result.append(Generate.booleans().generate(random) ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return result.toString();
    }

    private static Endpoint endpointOf(long address) {
        for (int i = 0; i < METADATA_ADDRESSES.length; i++) {
            if (METADATA_ADDRESSES[i] == address) {
                return METADATA_ENDPOINTS[i];
            }
        }
        return null;
    }
}
