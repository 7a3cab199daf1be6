package io.github.imdsdetect.core;

/**
 * Parser for IPv6 text as RFC 4291 section 2.2 defines it. The text has eight groups of one to
 * four hex digits, and at most one "::" stands for one or more zero groups. A dotted IPv4
 * address may replace the last two groups. The group separator is a parameter because sslip.io
 * names write the same address with '-' in place of ':'.
 *
 * <p>The caller passes a range that holds only the address: no brackets, zone id or port.
 * Parsing allocates nothing. The address is returned as two 64-bit halves, so a caller
 * calls {@link #validate} once and then {@link #upperHalf} and {@link #lowerHalf}.
 */
final class Ipv6Parser {

    /** Flag in the result of {@link #validate}: the text uses "::". */
    static final int COMPRESSED = 1;
    /** Flag in the result of {@link #validate}: the text ends in a dotted IPv4 address. */
    static final int DOTTED_TAIL = 2;

    private static final int MODE_VALIDATE = 0;
    private static final int MODE_UPPER = 1;
    private static final int MODE_LOWER = 2;

    private Ipv6Parser() {}

    /**
     * Returns -1 when {@code s[start, end)} is not an IPv6 address written with the given
     * separator, or else a combination of {@link #COMPRESSED} and {@link #DOTTED_TAIL}, which is
     * 0 for eight explicit hex groups.
     */
    static int validate(CharSequence s, int start, int end, char separator) {
        return (int) parse(s, start, end, separator, MODE_VALIDATE);
    }

    /** Returns the upper 64 bits of an address that {@link #validate} accepted. */
    static long upperHalf(CharSequence s, int start, int end, char separator) {
        return parse(s, start, end, separator, MODE_UPPER);
    }

    /** Returns the lower 64 bits of an address that {@link #validate} accepted. */
    static long lowerHalf(CharSequence s, int start, int end, char separator) {
        return parse(s, start, end, separator, MODE_LOWER);
    }

    private static long parse(CharSequence s, int start, int end, char separator, int mode) {
        if (end - start < 2) {
            return -1;
        }

        // Groups before "::" shift into (headHigh, headLow), groups after it into
        // (tailHigh, tailLow). Without "::" every group is a head group.
        long headHigh = 0;
        long headLow = 0;
        long tailHigh = 0;
        long tailLow = 0;
        int headGroups = 0;
        int tailGroups = 0;
        boolean compressed = false;
        boolean dottedTail = false;

        int i = start;
        if (s.charAt(i) == separator) {
            if (s.charAt(i + 1) != separator) {
                return -1;
            }
            compressed = true;
            i += 2;
        }
        while (i < end) {
            int groupStart = i;
            long groupBits = 0;
            while (i < end && Ipv4Parser.isHexDigit(s.charAt(i))) {
                if (i - groupStart == 4) {
                    return -1;
                }
                groupBits = (groupBits << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }

            int groupCount = 1;
            if (i < end && s.charAt(i) == '.') {
                // A dotted IPv4 tail must be the rest of the text and fills two groups.
                if (separator != ':') {
                    return -1;
                }
                groupBits = Ipv4Parser.parseStrictDottedQuad(s, groupStart, end);
                if (groupBits < 0) {
                    return -1;
                }
                groupCount = 2;
                dottedTail = true;
                i = end;
            } else if (i == groupStart) {
                return -1;
            }

            if (headGroups + tailGroups + groupCount > 8) {
                return -1;
            }
            for (int k = groupCount - 1; k >= 0; k--) {
                long group = (groupBits >>> (16 * k)) & 0xFFFF;
                if (compressed) {
                    tailHigh = (tailHigh << 16) | (tailLow >>> 48);
                    tailLow = (tailLow << 16) | group;
                    tailGroups++;
                } else {
                    headHigh = (headHigh << 16) | (headLow >>> 48);
                    headLow = (headLow << 16) | group;
                    headGroups++;
                }
            }

            if (i == end) {
                break;
            }
            if (s.charAt(i) != separator) {
                return -1;
            }
            i++;
            if (i < end && s.charAt(i) == separator) {
                if (compressed) {
                    return -1;
                }
                compressed = true;
                i++;
            } else if (i == end) {
                return -1;
            }
        }

        int groups = headGroups + tailGroups;
        if (compressed ? groups > 7 : groups != 8) {
            return -1;
        }

        if (mode == MODE_VALIDATE) {
            return (compressed ? COMPRESSED : 0) | (dottedTail ? DOTTED_TAIL : 0);
        }
        // Move the head groups to the top of the 128 bits, which leaves zeros where "::" stood.
        for (int shift = headGroups; shift < 8; shift++) {
            headHigh = (headHigh << 16) | (headLow >>> 48);
            headLow <<= 16;
        }
        return mode == MODE_UPPER ? headHigh | tailHigh : headLow | tailLow;
    }
}
