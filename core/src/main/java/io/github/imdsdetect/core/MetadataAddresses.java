package io.github.imdsdetect.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Recognises the addresses and host names of cloud instance metadata services (MITRE ATT&amp;CK
 * T1552.005) however they are written. Everything is string parsing: nothing here resolves a
 * name or opens a connection.
 *
 * <h2>IPv4</h2>
 *
 * <p>IPv4 text follows the rules of glibc {@code inet_aton(3)}, which also applies when a
 * numeric host reaches {@code getaddrinfo(3)}. An address has one to four parts. Each part is
 * decimal, hexadecimal after "0x", or octal after a leading '0', and the last part fills the
 * remaining bytes. So 169.254.169.254
 * is also 2852039166, 0xA9FEA9FE, 0xa9.0xfe.0xa9.0xfe, 0251.0376.0251.0376, 169.254.43518 and
 * 169.16689662. A leading zero always means octal. "0169.254.169.254" is not IPv4 at all,
 * because 9 is not an octal digit, and "169.254.169.0254" is 169.254.169.172. Neither is
 * reported. A bare "0x" without digits is rejected, although glibc reads it as 0.
 *
 * <p>NOTE: a validator that reads leading zeros as decimal parses "0169.254.169.254" as
 * 169.254.169.254, so such text can be an attempt to pass a filter. It is not reported.
 *
 * <h2>Out-of-range addresses</h2>
 *
 * <p>Text in IPv4 syntax with a part above its field (a byte above 255, a last part above its
 * 8, 16, 24 or 32 bits) is no address. Parsers that ignore overflow reduce each part modulo its
 * field instead. Such text is reported as {@link Form#OUT_OF_RANGE} with a null endpoint when
 * both of these hold:
 *
 * <ul>
 *   <li>reducing every part modulo the size of its field gives a metadata address, and
 *   <li>every part is below twice its field size, so each part wraps at most once.
 * </ul>
 *
 * <p>Hits include 169.254.169.510, 425.510.425.510, 0x1a9fea9fe and 7147006462 (2852039166 +
 * 2^32). Text that needs more than one wrap, such as 0x2a9fea9fe or 11441973758, is not
 * reported. The one-wrap limit keeps {@link #anchors()} complete, because one wrap changes the
 * text in a few known ways, while any number of wraps could produce a decimal with no fixed
 * digits.
 *
 * <h2>IPv6</h2>
 *
 * <p>IPv6 text follows RFC 4291 section 2.2: hex groups of one to four digits, at most one
 * "::", and an optional dotted-decimal IPv4 tail with no leading zeros, as inet_pton(3)
 * requires. An address may sit in brackets, may carry a zone id after '%' (in a URL "%25eth0"
 * is just a zone id that starts with "25"), and after brackets may have a port. The IPv6
 * metadata addresses are fd00:ec2::254 and fd00:ec2::23 (AWS), fe80::a9fe:a9fe (OpenStack) and
 * fd20:ce::254 (GCP). The metadata IPv4 addresses also count in IPv4-mapped
 * (::ffff:169.254.169.254, ::ffff:a9fe:a9fe) and IPv4-compatible (::169.254.169.254,
 * ::a9fe:a9fe) form.
 *
 * <h2>Host names</h2>
 *
 * <p>Names match in any ASCII case, with or without one trailing dot: metadata.google.internal,
 * metadata.goog, instance-data, instance-data.ec2.internal, and
 * instance-data.REGION.compute.internal where
 * REGION looks like an AWS region (us-east-1, us-gov-west-1). The short name "metadata" counts
 * only when the caller says the token is a URL host, because it is also an ordinary word.
 *
 * <p>Wildcard DNS names embed an address in the name, and their services answer with that
 * address. The labels before the domain are read in every form that any of the services
 * below decodes: four decimal components joined by '.' or '-' anywhere in the name
 * (app.169.254.169.254.nip.io, 169-254-169-254.sslip.io), a component of exactly eight hex
 * digits (a9fea9fe.nip.io), or an IPv6 address with '-' for ':' at the end of a label
 * (fd00-ec2--254.sslip.io). The domains are:
 *
 * <ul>
 *   <li>nip.io: decodes dotted, dashed and 8-hex-digit names.
 *   <li>sslip.io: decodes dotted, dashed, 8-hex-digit and dashed IPv6 names.
 *   <li>xip.io: the original service that sslip.io is based on. SSRF payload lists still use
 *       it, and whoever controls the domain can answer such names.
 *   <li>rbndr.us: a DNS rebinding service whose names are two 8-hex-digit addresses, one of
 *       which it returns at random, for example 7f000001.a9fea9fe.rbndr.us.
 * </ul>
 *
 * <h2>Free text</h2>
 *
 * <p>{@link #scan} splits text into tokens, which are maximal runs of ASCII letters, digits
 * and the characters {@code . : % [ ] -}. Every other character ends a token, including
 * whitespace, {@code / \ @ = ' " , ; ( ) < > ? # & + _ ~} and all non-ASCII characters. So in
 * "http://user@169.254.169.254/latest" the tokens are "http:", "user" and "169.254.169.254".
 * Every token is checked, including URL user info. A token that is not an address or host
 * name as a whole is checked once more from after its first ':', as in a header such as
 * "X-Forwarded-For:[fd00:ec2::254]". If that fails too, the token is split at ':', '[', ']'
 * and percent escapes such as "%2F", and each piece is checked after trimming '.' and '-' from
 * its ends. This finds the address in "[169.254.169.254]" and
 * "http%3A%2F%2F169.254.169.254%2F". A valid IPv6 address is never split, so the IPv4 tail of
 * 1:2:3:4:5:6:169.254.169.254 is no hit.
 *
 * <p>A bare number is an address to inet_aton, so "curl 2852039166" reports
 * {@link Form#DECIMAL_INTEGER}. A number inside a longer token, such as abc2852039166 or
 * file-2852039166, is no hit. The short name "metadata" counts after "//" that follows an
 * http, https, ws, wss, ftp or gopher scheme or no scheme at all, and after the user info of
 * such a URL. Slashes may also be backslashes or percent-encoded.
 *
 * <p>NOTE: percent escapes are separators, never decoded, so a host written with escaped
 * characters such as "169%2E254%2E169%2E254", which WHATWG URL parsers decode, is not found.
 */
public final class MetadataAddresses {

    /** A metadata endpoint that an address or host name denotes. */
    public enum Endpoint {
        /** 169.254.169.254: AWS IMDS, also used by Azure, GCP, DigitalOcean, OpenStack, Oracle and Hetzner. */
        AWS_IMDS_V4("aws", "169.254.169.254"),
        /** fd00:ec2::254: AWS IMDS over IPv6. */
        AWS_IMDS_V6("aws", "fd00:ec2::254"),
        /** 169.254.170.2: ECS and Fargate task metadata and credentials. */
        AWS_ECS_TASK("aws-ecs", "169.254.170.2"),
        /** 100.100.100.200: Alibaba Cloud ECS metadata. */
        ALIBABA("alibaba", "100.100.100.200"),
        /** 169.254.170.23: the EKS Pod Identity agent, which serves pod credentials. */
        AWS_EKS_POD_IDENTITY("aws-eks", "169.254.170.23"),
        /** fd00:ec2::23: the EKS Pod Identity agent over IPv6. */
        AWS_EKS_POD_IDENTITY_V6("aws-eks", "fd00:ec2::23"),
        /** fe80::a9fe:a9fe: OpenStack Nova's metadata service over IPv6 link-local. */
        OPENSTACK_V6("openstack", "fe80::a9fe:a9fe"),
        /**
         * fd20:ce::254: GCP's metadata server over IPv6. NOTE: taken from SSRF filter projects
         * that list it, not from a Google page.
         */
        GCP_V6("gcp", "fd20:ce::254"),
        /** metadata.google.internal, and the short "metadata" as a URL host. */
        GCP_NAME("gcp", "metadata.google.internal"),
        /**
         * metadata.goog: another name of GCP's metadata server. NOTE: taken from SSRF filter
         * projects that list it, not from a Google page.
         */
        GCP_GOOG_NAME("gcp", "metadata.goog"),
        /** instance-data, instance-data.ec2.internal and instance-data.REGION.compute.internal. */
        AWS_NAME("aws", "instance-data");

        private final String provider;
        private final String canonical;

        Endpoint(String provider, String canonical) {
            this.provider = provider;
            this.canonical = canonical;
        }

        /**
         * Returns the short provider id, such as "aws" or "gcp".
         *
         * @return the provider id, never null
         */
        public String provider() {
            return provider;
        }

        /**
         * Returns the usual way to write this endpoint.
         *
         * @return the address or host name, such as "169.254.169.254"
         */
        public String canonical() {
            return canonical;
        }
    }

    /** The notation the text was written in, for the finding's explanation. */
    public enum Form {
        /** Four decimal parts: 169.254.169.254. */
        DOTTED_DECIMAL,
        /** One decimal number: 2852039166. */
        DECIMAL_INTEGER,
        /** One hexadecimal number: 0xA9FEA9FE. */
        HEX_INTEGER,
        /** One octal number: 025177524776. */
        OCTAL_INTEGER,
        /** Four hexadecimal parts: 0xa9.0xfe.0xa9.0xfe. */
        DOTTED_HEX,
        /** Four octal parts: 0251.0376.0251.0376. */
        DOTTED_OCTAL,
        /** Four parts in more than one base: 169.0376.0xa9.254. */
        DOTTED_MIXED,
        /** Two or three parts in any base: 169.254.43518, 169.16689662. */
        SHORT_FORM,
        /** IPv6 with "::" or a dotted tail: fd00:ec2::254. */
        IPV6,
        /** IPv6 with eight explicit groups: fd00:ec2:0:0:0:0:0:254. */
        IPV6_FULL,
        /** An IPv4 address in ::ffff:0:0/96: ::ffff:169.254.169.254. */
        IPV4_MAPPED_IPV6,
        /** An IPv4 address in ::/96: ::a9fe:a9fe. */
        IPV4_COMPATIBLE_IPV6,
        /** A metadata host name: metadata.google.internal. */
        HOST_NAME,
        /** A wildcard DNS name that embeds a metadata address: 169-254-169-254.nip.io. */
        WILDCARD_DNS_NAME,
        /** IPv4 syntax out of range that wraps once to a metadata address: 0x1a9fea9fe. */
        OUT_OF_RANGE
    }

    /**
     * One recognised endpoint. {@code start} and {@code end} delimit the address or host name in
     * the text passed in, without brackets, zone id, port or trailing dot. {@code endpoint} is
     * null exactly when {@code form} is {@link Form#OUT_OF_RANGE}.
     *
     * @param endpoint the endpoint, or null when {@code form} is {@link Form#OUT_OF_RANGE}
     * @param form how the text was written
     * @param start index of the first char, inclusive
     * @param end index after the last char, exclusive
     */
    public record Hit(Endpoint endpoint, Form form, int start, int end) {
        /**
         * Creates a hit.
         *
         * @param endpoint the endpoint, or null when {@code form} is {@link Form#OUT_OF_RANGE}
         * @param form how the text was written
         * @param start index of the first char, inclusive
         * @param end index after the last char, exclusive
         * @throws NullPointerException if {@code form} is null
         * @throws IllegalArgumentException if {@code endpoint} is null and {@code form} is not
         *     {@link Form#OUT_OF_RANGE}, or the reverse, or if {@code start} is negative or
         *     {@code end} is less than {@code start}
         */
        public Hit {
            Objects.requireNonNull(form, "form");
            if ((endpoint == null) != (form == Form.OUT_OF_RANGE)) {
                throw new IllegalArgumentException(
                        "endpoint must be null exactly for OUT_OF_RANGE, but was " + endpoint + " with form " + form);
            }
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("invalid range [" + start + ", " + end + ")");
            }
        }
    }

    /** Schemes after which "//metadata" is a host that the resolver's search domain completes. */
    private static final String[] SHORT_HOST_SCHEMES = {"http", "https", "ws", "wss", "ftp", "gopher"};

    private static final int MAX_SCHEME_LENGTH = 16;

    /** How far back from '@' scan looks for the "//" that starts a URL authority. */
    private static final int MAX_USER_INFO_LENGTH = 256;

    private static final List<String> ANCHORS = buildAnchors();

    private MetadataAddresses() {}

    /**
     * Classifies one complete host or address token, without scheme or path. The token may be
     * dotted, short or integer IPv4 in any inet_aton form, or IPv6 with or without brackets. It
     * may have a zone id (%eth0), a :port, a trailing dot and any case, and ASCII whitespace
     * (space, tab, LF, VT, FF, CR) before and after it, which is ignored. {@code urlContext=true}
     * also accepts the short "metadata" host. The class documentation gives the rules.
     *
     * @param token the text that contains the token
     * @param start index of the token's first char in {@code token}, inclusive
     * @param end index after the token's last char in {@code token}, exclusive
     * @param urlContext whether the token is a URL host, so that "metadata" alone counts
     * @return the hit, with offsets into {@code token}, or null when the token is not a metadata
     *     endpoint. Out-of-range IPv4 that wraps once to a metadata address returns a hit with
     *     form {@link Form#OUT_OF_RANGE} and a null endpoint.
     * @throws IndexOutOfBoundsException if {@code [start, end)} is not within {@code token}
     */
    public static Hit classify(CharSequence token, int start, int end, boolean urlContext) {
        Objects.checkFromToIndex(start, end, token.length());
        Hit hit = HostClassifier.classifyToken(token, start, end, urlContext);
        return hit == HostClassifier.NOT_METADATA_ADDRESS ? null : hit;
    }

    /**
     * Classifies the whole of {@code token}, as {@link #classify(CharSequence, int, int, boolean)} does.
     *
     * @param token the host or address token
     * @param urlContext whether the token is a URL host, so that "metadata" alone counts
     * @return the hit, with offsets into {@code token}, or null when the token is not a metadata
     *     endpoint
     */
    public static Hit classify(CharSequence token, boolean urlContext) {
        return classify(token, 0, token.length(), urlContext);
    }

    /**
     * Finds every metadata address or host name written anywhere in free text such as a command
     * line or URL, and passes each hit to {@code sink} in text order. The class documentation
     * gives the token rules. Scanning allocates nothing unless it finds a hit, and its time is
     * linear in the length of the text.
     *
     * @param text the text to scan
     * @param sink receives each hit, with offsets into {@code text}
     * @return the number of hits passed to {@code sink}
     * @throws NullPointerException if {@code text} or {@code sink} is null
     */
    public static int scan(CharSequence text, Consumer<Hit> sink) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sink, "sink");
        int hits = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!isTokenChar(text.charAt(i))) {
                i++;
                continue;
            }
            int tokenStart = i;
            while (i < length && isTokenChar(text.charAt(i))) {
                i++;
            }
            hits += scanToken(text, tokenStart, i, sink);
        }
        return hits;
    }

    /** Finds the anchors for {@link #scanAnchored}; built after {@link #ANCHORS}. */
    private static final AhoCorasick ANCHOR_MATCHER = AhoCorasick.compile(ANCHORS);

    /**
     * Reports the same hits as {@link #scan}, but classifies only the tokens that contain an
     * anchor. Every hit's text contains one of {@link #anchors()} and lies within one token, and
     * anchors are made of token chars, so the other tokens cannot yield a hit. An automaton over
     * the anchors finds those tokens, which costs less than classifying every token. Time stays
     * linear: each char is read by the automaton once and by the token walk at most twice.
     */
    static int scanAnchored(CharSequence text, Consumer<Hit> sink) {
        return scanAnchored(text, 0, text.length(), sink);
    }

    /**
     * Reports the same hits as {@link #scan}, given that every anchor occurrence in the text lies
     * within {@code text[from, to)}, as when a caller already found the anchors' first start and
     * last end. Only that range is searched for anchors; tokens may extend beyond it.
     */
    static int scanAnchored(CharSequence text, int from, int to, Consumer<Hit> sink) {
        int hits = 0;
        int length = text.length();
        int done = 0;
        int i = from;
        while (i < to) {
            int anchorEnd = ANCHOR_MATCHER.firstMatchEnd(text, i, to);
            if (anchorEnd < 0) {
                break;
            }
            // The anchor's last char lies in the token, because anchors are made of token chars.
            int inAnchor = anchorEnd - 1;
            int tokenStart = inAnchor;
            while (tokenStart > done && isTokenChar(text.charAt(tokenStart - 1))) {
                tokenStart--;
            }
            int tokenEnd = inAnchor;
            while (tokenEnd < length && isTokenChar(text.charAt(tokenEnd))) {
                tokenEnd++;
            }
            hits += scanToken(text, tokenStart, tokenEnd, sink);
            done = tokenEnd;
            i = tokenEnd;
        }
        return hits;
    }

    /**
     * Returns literal needles, in lower-case ASCII, such that every text in which {@link #scan}
     * reports a hit contains at least one of them, ignoring case. In fact the text of every hit
     * contains one. The list is derived from the metadata addresses and covers these parts:
     *
     * <ul>
     *   <li>host names: "metadata" (which metadata.goog also contains) and "instance-data";
     *   <li>the IPv6 addresses of AWS (fd00:ec2::254, fd00:ec2::23) and GCP (fd20:ce::254), whose
     *       first group is always written "fd00" or "fd20": "fd00:", "fd00-", "fd20:", "fd20-";
     *   <li>integers in range or wrapped once: both decimal values, the last 8 hex digits and the
     *       last 10 octal digits, for example "2852039166", "7147006462", "a9fea9fe" and
     *       "5177524776";
     *   <li>IPv4-mapped and IPv4-compatible hex tails, and the end of fe80::a9fe:a9fe: "a9fe:a9fe",
     *       "a9fe-a9fe";
     *   <li>2-part forms with a decimal last part: "16689662", "33466878";
     *   <li>other 2- to 4-part forms: the end of the first part in every base (one wrap
     *       included), a dot, then the start of the second part: "0x" in hex, "0" and a zero or
     *       the first octal digit of its value in octal, or its decimal value, for example
     *       "169.254.", "a9.0x", "251.03", "425.510.";
     *   <li>wildcard DNS names with dashes: "169-254", "169.254-".
     * </ul>
     *
     * <p>NOTE: the needles for a hex or octal second part ("169.00", "100.01", "64.0x") are the
     * least selective; they also occur in version numbers and percentages.
     *
     * @return an immutable list of distinct needles
     */
    public static List<String> anchors() {
        return ANCHORS;
    }

    /**
     * Parses an IPv4 token with inet_aton rules: 1 to 4 parts, each decimal, 0x-hex or 0-octal,
     * where the last part fills the remaining bytes. A trailing dot, a port or brackets make the
     * text no IPv4 token.
     *
     * @param s the text that contains the token
     * @param start index of the token's first char in {@code s}, inclusive
     * @param end index after the token's last char in {@code s}, exclusive
     * @return the address as an unsigned 32-bit value. Returns -1 if the text is not an IPv4
     *     token, which includes a bad digit such as the 9 in octal "0169". Returns -2 if the text
     *     has IPv4 syntax but a part is above its field or the number is beyond 32 bits.
     * @throws IndexOutOfBoundsException if {@code [start, end)} is not within {@code s}
     */
    public static long parseIpv4(CharSequence s, int start, int end) {
        Objects.checkFromToIndex(start, end, s.length());
        long packed = Ipv4Parser.parse(s, start, end);
        if (packed == Ipv4Parser.NOT_IPV4) {
            return -1;
        }
        return Ipv4Parser.isOutOfRange(packed) ? -2 : Ipv4Parser.address(packed);
    }

    /**
     * Reports the hit for a whole token. For a token that is no address, it tries the text after
     * the first ':' as a whole and then the pieces of the token.
     */
    private static int scanToken(CharSequence text, int start, int end, Consumer<Hit> sink) {
        Hit hit = classifyInText(text, start, end);
        int colon = HostClassifier.indexOf(text, ':', start, end);
        if (hit == null && colon >= 0 && colon + 1 < end) {
            hit = classifyInText(text, colon + 1, end);
        }
        if (hit == HostClassifier.NOT_METADATA_ADDRESS) {
            return 0;
        }
        if (hit != null) {
            sink.accept(hit);
            return 1;
        }
        int hits = 0;
        int pieceStart = start;
        int i = start;
        while (i < end) {
            int separatorLength = pieceSeparatorLength(text, i, end);
            if (separatorLength == 0) {
                i++;
                continue;
            }
            hits += scanPiece(text, pieceStart, i, start, end, sink);
            i += separatorLength;
            pieceStart = i;
        }
        return hits + scanPiece(text, pieceStart, end, start, end, sink);
    }

    private static int scanPiece(
            CharSequence text, int start, int end, int tokenStart, int tokenEnd, Consumer<Hit> sink) {
        while (start < end && (text.charAt(start) == '.' || text.charAt(start) == '-')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--;
        }
        if (start == end || (start == tokenStart && end == tokenEnd)) {
            return 0;
        }
        Hit hit = classifyInText(text, start, end);
        if (hit == null || hit == HostClassifier.NOT_METADATA_ADDRESS) {
            return 0;
        }
        sink.accept(hit);
        return 1;
    }

    /** Returns the length of a piece separator at {@code i}: 1 for ':', '[' or ']', 3 for "%XX", else 0. */
    private static int pieceSeparatorLength(CharSequence text, int i, int end) {
        char c = text.charAt(i);
        if (c == ':' || c == '[' || c == ']') {
            return 1;
        }
        if (c == '%'
                && i + 2 < end
                && Ipv4Parser.isHexDigit(text.charAt(i + 1))
                && Ipv4Parser.isHexDigit(text.charAt(i + 2))) {
            return 3;
        }
        return 0;
    }

    /** Classifies a token of free text, deciding from the text before it whether it is a URL host. */
    private static Hit classifyInText(CharSequence text, int start, int end) {
        Hit hit = HostClassifier.classifyToken(text, start, end, false);
        if (hit == null && HostClassifier.isShortMetadataHost(text, start, end) && isUrlHost(text, start)) {
            hit = HostClassifier.classifyToken(text, start, end, true);
        }
        return hit;
    }

    /**
     * Returns whether the token at {@code start} is the host of a URL: it follows "//", or it
     * follows '@' and the user info before it follows "//".
     */
    private static boolean isUrlHost(CharSequence text, int start) {
        if (followsAuthorityMarker(text, start)) {
            return true;
        }
        if (start == 0 || text.charAt(start - 1) != '@') {
            return false;
        }
        int limit = Math.max(0, start - 1 - MAX_USER_INFO_LENGTH);
        for (int i = start - 1; i > limit; i--) {
            if (followsAuthorityMarker(text, i)) {
                return true;
            }
            char c = text.charAt(i - 1);
            if (c == '/' || c == '\\' || Character.isWhitespace(c) || c == '"' || c == '\'') {
                return false;
            }
        }
        return false;
    }

    /**
     * Returns whether {@code pos} follows "//" (each slash may be '/', '\' or percent-encoded),
     * and the scheme before it, if any, is one whose host the resolver looks up by name.
     */
    private static boolean followsAuthorityMarker(CharSequence text, int pos) {
        int markerStart;
        if (pos >= 2 && isSlash(text.charAt(pos - 1)) && isSlash(text.charAt(pos - 2))) {
            markerStart = pos - 2;
        } else if (pos >= 6 && isEncodedSlash(text, pos - 3) && isEncodedSlash(text, pos - 6)) {
            markerStart = pos - 6;
        } else {
            return false;
        }
        int colon;
        if (markerStart >= 1 && text.charAt(markerStart - 1) == ':') {
            colon = markerStart - 1;
        } else if (markerStart >= 3 && HostClassifier.equalsIgnoreCase(text, markerStart - 3, markerStart, "%3a")) {
            colon = markerStart - 3;
        } else {
            // No scheme: a reference such as "//metadata/", unless "//" sits inside a word or path.
            return markerStart == 0 || !(isSchemeChar(text.charAt(markerStart - 1)) || isSlash(text.charAt(markerStart - 1)));
        }
        int schemeStart = colon;
        while (schemeStart > 0 && colon - schemeStart < MAX_SCHEME_LENGTH && isSchemeChar(text.charAt(schemeStart - 1))) {
            schemeStart--;
        }
        for (String scheme : SHORT_HOST_SCHEMES) {
            if (HostClassifier.equalsIgnoreCase(text, schemeStart, colon, scheme)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSlash(char c) {
        return c == '/' || c == '\\';
    }

    private static boolean isEncodedSlash(CharSequence text, int i) {
        return HostClassifier.equalsIgnoreCase(text, i, i + 3, "%2f") || HostClassifier.equalsIgnoreCase(text, i, i + 3, "%5c");
    }

    private static boolean isSchemeChar(char c) {
        return HostClassifier.isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    }

    private static boolean isTokenChar(char c) {
        return HostClassifier.isAsciiLetter(c)
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == ':'
                || c == '%'
                || c == '['
                || c == ']'
                || c == '-';
    }

    /** Builds the needles that {@link #anchors()} documents from the metadata IPv4 addresses. */
    private static List<String> buildAnchors() {
        Set<String> anchors = new LinkedHashSet<>();
        anchors.add("metadata");
        anchors.add("instance-data");
        anchors.add("fd00:");
        anchors.add("fd00-");
        anchors.add("fd20:");
        anchors.add("fd20-");
        long[] addresses = {
            HostClassifier.AWS_IMDS_V4_ADDRESS, HostClassifier.AWS_ECS_TASK_ADDRESS, HostClassifier.ALIBABA_ADDRESS,
            HostClassifier.AWS_EKS_POD_IDENTITY_ADDRESS
        };
        for (long address : addresses) {
            // The needles below assume these lengths, so a new address must satisfy them too.
            if (address < (1L << 30) || (address >>> 16) < 0x1000 || (address & 0xFFFF) < 0x1000) {
                throw new IllegalStateException("anchors assume a 31-bit address with 4-digit hex groups: " + address);
            }
            long wrap32 = 1L << 32;
            anchors.add(Long.toString(address));
            anchors.add(Long.toString(address + wrap32));
            anchors.add(Long.toHexString(address));
            anchors.add(lastOctalDigits(address, 10));
            String upperGroup = Long.toHexString(address >>> 16);
            String lowerGroup = Long.toHexString(address & 0xFFFF);
            anchors.add(upperGroup + ":" + lowerGroup);
            anchors.add(upperGroup + "-" + lowerGroup);
            long lastThreeBytes = address & 0xFF_FFFF;
            anchors.add(Long.toString(lastThreeBytes));
            anchors.add(Long.toString(lastThreeBytes + (1L << 24)));
            int firstByte = (int) (address >>> 24);
            int secondByte = (int) ((address >>> 16) & 0xFF);
            String[] firstPartEndings = {
                Integer.toString(firstByte),
                Integer.toString(firstByte + 256),
                Integer.toHexString(firstByte),
                Integer.toOctalString(firstByte),
                Integer.toOctalString(firstByte + 256)
            };
            // A second part in hex starts "0x"; in octal it starts "0", then zeros or the value's
            // first octal digit. The second part is a byte (four and three parts) or the low 24
            // bits (two parts), each also wrapped once. Five chars let the sample filter skip
            // more text than ".0" alone would.
            long low24 = address & 0xFF_FFFF;
            long[] secondParts = {secondByte, secondByte + 256, low24, low24 + (1L << 24)};
            Set<Character> octalLeads = new LinkedHashSet<>();
            for (long part : secondParts) {
                octalLeads.add(Long.toOctalString(part).charAt(0));
            }
            for (String ending : firstPartEndings) {
                anchors.add(ending + ".0x");
                anchors.add(ending + ".00");
                for (char lead : octalLeads) {
                    anchors.add(ending + ".0" + lead);
                }
                anchors.add(ending + "." + secondByte + ".");
                anchors.add(ending + "." + (secondByte + 256) + ".");
            }
            anchors.add(firstByte + "-" + secondByte);
            anchors.add(firstByte + "." + secondByte + "-");
        }
        return List.copyOf(anchors);
    }

    /** Returns the last {@code count} octal digits of {@code value}, padded with zeros. */
    private static String lastOctalDigits(long value, int count) {
        String digits = Long.toOctalString(value & ((1L << (3 * count)) - 1));
        return "0".repeat(count - digits.length()) + digits;
    }
}
