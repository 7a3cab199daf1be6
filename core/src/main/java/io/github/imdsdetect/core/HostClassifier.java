package io.github.imdsdetect.core;

import io.github.imdsdetect.core.MetadataAddresses.Endpoint;
import io.github.imdsdetect.core.MetadataAddresses.Form;
import io.github.imdsdetect.core.MetadataAddresses.Hit;

/**
 * Classifier for one host token: an IPv4 or IPv6 address or a host name, optionally with
 * brackets, a zone id, a port and a trailing dot. {@link MetadataAddresses} documents the rules.
 * Nothing here allocates unless it returns a new {@link Hit}.
 */
final class HostClassifier {

    /** 169.254.169.254, the IMDS address of AWS and most other clouds. */
    static final long AWS_IMDS_V4_ADDRESS = 0xA9FE_A9FEL;
    /** 169.254.170.2, the ECS task metadata and credentials address. */
    static final long AWS_ECS_TASK_ADDRESS = 0xA9FE_AA02L;
    /** 100.100.100.200, the Alibaba Cloud metadata address. */
    static final long ALIBABA_ADDRESS = 0x6464_64C8L;
    /** 169.254.170.23, the EKS Pod Identity agent address. */
    static final long AWS_EKS_POD_IDENTITY_ADDRESS = 0xA9FE_AA17L;

    /** fd00:ec2::254 as two 64-bit halves. */
    private static final long AWS_IMDS_V6_UPPER = 0xFD00_0EC2_0000_0000L;
    private static final long AWS_IMDS_V6_LOWER = 0x0000_0000_0000_0254L;
    /** fd00:ec2::23, the EKS Pod Identity agent over IPv6; the upper half equals IMDS's. */
    private static final long AWS_EKS_POD_IDENTITY_V6_LOWER = 0x0000_0000_0000_0023L;
    /** fe80::a9fe:a9fe, OpenStack's IPv6 metadata address, as two 64-bit halves. */
    private static final long OPENSTACK_V6_UPPER = 0xFE80_0000_0000_0000L;
    private static final long OPENSTACK_V6_LOWER = 0x0000_0000_A9FE_A9FEL;
    /** fd20:ce::254, GCP's IPv6 metadata address, as two 64-bit halves. */
    private static final long GCP_V6_UPPER = 0xFD20_00CE_0000_0000L;
    private static final long GCP_V6_LOWER = 0x0000_0000_0000_0254L;

    /**
     * Result of {@link #classifyToken} for a valid IPv4 or IPv6 address that is no metadata
     * address. Callers compare it by identity and never pass it on.
     */
    static final Hit NOT_METADATA_ADDRESS = new Hit(null, Form.OUT_OF_RANGE, 0, 0);

    /** Wildcard DNS domains, each with its leading dot. The MetadataAddresses documentation gives the reason for each. */
    private static final String[] WILDCARD_DNS_SUFFIXES = {".nip.io", ".sslip.io", ".xip.io", ".rbndr.us"};

    private static final String GCP_METADATA_NAME = "metadata.google.internal";
    private static final String GCP_GOOG_NAME = "metadata.goog";
    private static final String GCP_SHORT_NAME = "metadata";
    private static final String AWS_INSTANCE_DATA_NAME = "instance-data";
    private static final String AWS_US_EAST_1_SUFFIX = ".ec2.internal";
    private static final String AWS_REGIONAL_SUFFIX = ".compute.internal";

    private static final int MAX_DNS_NAME_LENGTH = 253;
    private static final int MAX_DNS_LABEL_LENGTH = 63;

    private HostClassifier() {}

    /** Returns the endpoint for a 32-bit IPv4 address, or null. */
    static Endpoint endpointOfIpv4(long address) {
        if (address == AWS_IMDS_V4_ADDRESS) {
            return Endpoint.AWS_IMDS_V4;
        }
        if (address == AWS_ECS_TASK_ADDRESS) {
            return Endpoint.AWS_ECS_TASK;
        }
        if (address == AWS_EKS_POD_IDENTITY_ADDRESS) {
            return Endpoint.AWS_EKS_POD_IDENTITY;
        }
        return address == ALIBABA_ADDRESS ? Endpoint.ALIBABA : null;
    }

    /**
     * Classifies {@code s[start, end)} as one whole token. Returns a hit, {@link
     * #NOT_METADATA_ADDRESS} for a valid address literal that is not a metadata address, or null
     * for anything else.
     */
    static Hit classifyToken(CharSequence s, int start, int end, boolean urlContext) {
        while (start < end && isAsciiWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiWhitespace(s.charAt(end - 1))) {
            end--;
        }
        if (start >= end) {
            return null;
        }
        if (s.charAt(start) == '[') {
            int close = indexOf(s, ']', start + 1, end);
            if (close < 0 || !isPortOrNothing(s, close + 1, end)) {
                return null;
            }
            return classifyIpv6WithZone(s, start + 1, close);
        }
        int colon = indexOf(s, ':', start, end);
        if (colon < 0) {
            return classifyHost(s, start, end, urlContext);
        }
        Hit ipv6 = classifyIpv6WithZone(s, start, end);
        if (ipv6 != null) {
            return ipv6;
        }
        // Not IPv6, so the only colon allowed is the one before a port.
        if (indexOf(s, ':', colon + 1, end) >= 0 || !isPortOrNothing(s, colon, end)) {
            return null;
        }
        return classifyHost(s, start, colon, urlContext);
    }

    /**
     * Returns whether {@code s[start, end)} is the short GCP name "metadata", optionally with a
     * trailing dot and a port, which counts only where the caller knows it is a URL host.
     */
    static boolean isShortMetadataHost(CharSequence s, int start, int end) {
        int hostEnd = indexOf(s, ':', start, end);
        if (hostEnd < 0) {
            hostEnd = end;
        } else if (!isPortOrNothing(s, hostEnd, end)) {
            return false;
        }
        if (hostEnd - start == GCP_SHORT_NAME.length() + 1 && s.charAt(hostEnd - 1) == '.') {
            hostEnd--;
        }
        return equalsIgnoreCase(s, start, hostEnd, GCP_SHORT_NAME);
    }

    /** Classifies an IPv6 address with an optional non-empty zone id after '%'. */
    private static Hit classifyIpv6WithZone(CharSequence s, int start, int end) {
        int addressEnd = indexOf(s, '%', start, end);
        if (addressEnd < 0) {
            addressEnd = end;
        } else if (addressEnd + 1 == end) {
            return null;
        }
        int flags = Ipv6Parser.validate(s, start, addressEnd, ':');
        if (flags < 0) {
            return null;
        }
        long upper = Ipv6Parser.upperHalf(s, start, addressEnd, ':');
        long lower = Ipv6Parser.lowerHalf(s, start, addressEnd, ':');
        Endpoint endpoint = endpointOfIpv6(upper, lower);
        if (endpoint == null) {
            return NOT_METADATA_ADDRESS;
        }
        Form form;
        if (endpoint == Endpoint.AWS_IMDS_V6 || endpoint == Endpoint.AWS_EKS_POD_IDENTITY_V6
                || endpoint == Endpoint.OPENSTACK_V6 || endpoint == Endpoint.GCP_V6) {
            form = flags == 0 ? Form.IPV6_FULL : Form.IPV6;
        } else {
            form = (lower >>> 32) == 0xFFFF ? Form.IPV4_MAPPED_IPV6 : Form.IPV4_COMPATIBLE_IPV6;
        }
        return new Hit(endpoint, form, start, addressEnd);
    }

    /**
     * Returns the endpoint of an IPv6 address: a metadata IPv6 address itself, or an IPv4
     * metadata address in IPv4-mapped (::ffff:0:0/96) or IPv4-compatible (::/96) form.
     */
    private static Endpoint endpointOfIpv6(long upper, long lower) {
        if (upper == AWS_IMDS_V6_UPPER && lower == AWS_IMDS_V6_LOWER) {
            return Endpoint.AWS_IMDS_V6;
        }
        if (upper == AWS_IMDS_V6_UPPER && lower == AWS_EKS_POD_IDENTITY_V6_LOWER) {
            return Endpoint.AWS_EKS_POD_IDENTITY_V6;
        }
        if (upper == OPENSTACK_V6_UPPER && lower == OPENSTACK_V6_LOWER) {
            return Endpoint.OPENSTACK_V6;
        }
        if (upper == GCP_V6_UPPER && lower == GCP_V6_LOWER) {
            return Endpoint.GCP_V6;
        }
        long prefix = lower >>> 32;
        if (upper != 0 || (prefix != 0xFFFF && prefix != 0)) {
            return null;
        }
        return endpointOfIpv4(lower & 0xFFFF_FFFFL);
    }

    /** Classifies an IPv4 address or a host name without port, allowing one trailing dot. */
    private static Hit classifyHost(CharSequence s, int start, int end, boolean urlContext) {
        int hostEnd = end;
        if (hostEnd - start > 1 && s.charAt(hostEnd - 1) == '.') {
            hostEnd--;
        }
        long ipv4 = Ipv4Parser.parse(s, start, hostEnd);
        if (ipv4 != Ipv4Parser.NOT_IPV4) {
            return classifyIpv4(ipv4, start, hostEnd);
        }
        if (equalsIgnoreCase(s, start, hostEnd, GCP_METADATA_NAME)
                || (urlContext && equalsIgnoreCase(s, start, hostEnd, GCP_SHORT_NAME))) {
            return new Hit(Endpoint.GCP_NAME, Form.HOST_NAME, start, hostEnd);
        }
        if (equalsIgnoreCase(s, start, hostEnd, GCP_GOOG_NAME)) {
            return new Hit(Endpoint.GCP_GOOG_NAME, Form.HOST_NAME, start, hostEnd);
        }
        if (isAwsInstanceDataName(s, start, hostEnd)) {
            return new Hit(Endpoint.AWS_NAME, Form.HOST_NAME, start, hostEnd);
        }
        return classifyWildcardName(s, start, hostEnd);
    }

    private static Hit classifyIpv4(long packed, int start, int end) {
        Endpoint endpoint = endpointOfIpv4(Ipv4Parser.address(packed));
        if (!Ipv4Parser.isOutOfRange(packed)) {
            return endpoint == null ? NOT_METADATA_ADDRESS : new Hit(endpoint, Ipv4Parser.formOf(packed), start, end);
        }
        if (endpoint != null && Ipv4Parser.isWithinOneWrap(packed)) {
            return new Hit(null, Form.OUT_OF_RANGE, start, end);
        }
        return NOT_METADATA_ADDRESS;
    }

    /** Matches instance-data, instance-data.ec2.internal and instance-data.REGION.compute.internal. */
    private static boolean isAwsInstanceDataName(CharSequence s, int start, int end) {
        int prefixEnd = start + AWS_INSTANCE_DATA_NAME.length();
        if (prefixEnd > end || !equalsIgnoreCase(s, start, prefixEnd, AWS_INSTANCE_DATA_NAME)) {
            return false;
        }
        if (prefixEnd == end || equalsIgnoreCase(s, prefixEnd, end, AWS_US_EAST_1_SUFFIX)) {
            return true;
        }
        int regionEnd = end - AWS_REGIONAL_SUFFIX.length();
        return regionEnd > prefixEnd + 1
                && s.charAt(prefixEnd) == '.'
                && equalsIgnoreCase(s, regionEnd, end, AWS_REGIONAL_SUFFIX)
                && isRegionName(s, prefixEnd + 1, regionEnd);
    }

    /**
     * Returns whether the text has the shape of an AWS region name such as us-east-1 or
     * us-gov-west-1: at least two alphabetic segments and a numeric last segment, joined by '-'.
     */
    private static boolean isRegionName(CharSequence s, int start, int end) {
        int segments = 0;
        int segmentStart = start;
        for (int i = start; i <= end; i++) {
            if (i < end && s.charAt(i) != '-') {
                continue;
            }
            if (i == segmentStart) {
                return false;
            }
            boolean lastSegment = i == end;
            for (int j = segmentStart; j < i; j++) {
                char c = s.charAt(j);
                boolean ok = lastSegment ? c >= '0' && c <= '9' : isAsciiLetter(c);
                if (!ok) {
                    return false;
                }
            }
            segments++;
            segmentStart = i + 1;
        }
        return segments >= 3;
    }

    private static Hit classifyWildcardName(CharSequence s, int start, int end) {
        if (end - start > MAX_DNS_NAME_LENGTH) {
            return null;
        }
        for (String suffix : WILDCARD_DNS_SUFFIXES) {
            int prefixEnd = end - suffix.length();
            if (prefixEnd > start && equalsIgnoreCase(s, prefixEnd, end, suffix)) {
                Endpoint endpoint = embeddedEndpoint(s, start, prefixEnd);
                return endpoint == null ? null : new Hit(endpoint, Form.WILDCARD_DNS_NAME, start, end);
            }
        }
        return null;
    }

    /**
     * Finds a metadata address embedded in the labels before a wildcard DNS domain. The address
     * may be four strict decimal components joined by '.' or '-', or one component of exactly
     * eight hex digits, or an IPv6 address written with '-' for ':' at the end of a label.
     */
    private static Endpoint embeddedEndpoint(CharSequence s, int start, int end) {
        // The three components before the current one, valid while consecutiveBytes counts them.
        int byte0 = 0;
        int byte1 = 0;
        int byte2 = 0;
        int consecutiveBytes = 0;
        int componentStart = start;
        for (int i = start; i <= end; i++) {
            if (i < end && s.charAt(i) != '.' && s.charAt(i) != '-') {
                continue;
            }
            int value = Ipv4Parser.parseStrictByte(s, componentStart, i);
            if (value < 0) {
                consecutiveBytes = 0;
            } else {
                consecutiveBytes++;
                if (consecutiveBytes >= 4) {
                    long address = ((long) byte0 << 24) | (byte1 << 16) | (byte2 << 8) | value;
                    Endpoint endpoint = endpointOfIpv4(address);
                    if (endpoint != null) {
                        return endpoint;
                    }
                }
                byte0 = byte1;
                byte1 = byte2;
                byte2 = value;
            }
            if (i - componentStart == 8) {
                Endpoint endpoint = endpointOfIpv4(parseHex(s, componentStart, i));
                if (endpoint != null) {
                    return endpoint;
                }
            }
            componentStart = i + 1;
        }
        int labelStart = start;
        for (int i = start; i <= end; i++) {
            if (i < end && s.charAt(i) != '.') {
                continue;
            }
            if (i - labelStart <= MAX_DNS_LABEL_LENGTH) {
                Endpoint endpoint = dashedIpv6Endpoint(s, labelStart, i);
                if (endpoint != null) {
                    return endpoint;
                }
            }
            labelStart = i + 1;
        }
        return null;
    }

    /**
     * Tries each suffix of a label that starts at the label start or after a '-' as an IPv6
     * address with '-' separators, as in "app-fd00-ec2--254". The label is at most 63 characters,
     * so the quadratic number of tries stays bounded.
     */
    private static Endpoint dashedIpv6Endpoint(CharSequence s, int start, int end) {
        for (int p = start; p < end; p++) {
            if (p != start && s.charAt(p - 1) != '-') {
                continue;
            }
            if (Ipv6Parser.validate(s, p, end, '-') >= 0) {
                Endpoint endpoint = endpointOfIpv6(Ipv6Parser.upperHalf(s, p, end, '-'), Ipv6Parser.lowerHalf(s, p, end, '-'));
                if (endpoint != null) {
                    return endpoint;
                }
            }
        }
        return null;
    }

    /** Returns the value of up to 15 hex digits, or -1 when a character is not a hex digit. */
    private static long parseHex(CharSequence s, int start, int end) {
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!Ipv4Parser.isHexDigit(c)) {
                return -1;
            }
            value = (value << 4) | Character.digit(c, 16);
        }
        return value;
    }

    /** Returns whether {@code s[from, end)} is empty or ':' followed by zero or more ASCII digits. */
    private static boolean isPortOrNothing(CharSequence s, int from, int end) {
        if (from == end) {
            return true;
        }
        if (s.charAt(from) != ':') {
            return false;
        }
        for (int i = from + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static int indexOf(CharSequence s, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Compares {@code s[start, end)} with lower-case ASCII {@code expected}, ignoring ASCII case. */
    static boolean equalsIgnoreCase(CharSequence s, int start, int end, String expected) {
        if (end - start != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (toLowerAscii(s.charAt(start + i)) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** Returns whether {@code c} is ASCII whitespace: space, tab, LF, VT, FF or CR. */
    static boolean isAsciiWhitespace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
