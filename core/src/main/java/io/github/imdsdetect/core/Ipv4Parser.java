package io.github.imdsdetect.core;

import io.github.imdsdetect.core.MetadataAddresses.Form;

/**
 * Parser for IPv4 text in every form that glibc {@code inet_aton(3)} accepts.
 *
 * <p>An address has one to four parts separated by '.'. Each part is decimal, hexadecimal after
 * "0x" or "0X", or octal after a leading '0'. Every part except the last fills one byte, and the
 * last part fills all the remaining bytes, so "169.254.43518" has a 16-bit last part and
 * "2852039166" is a single 32-bit part. Unlike glibc, a bare "0x" without digits is rejected.
 *
 * <p>{@link #parse} packs its result into a long so that parsing allocates nothing. Bits 0-31
 * hold the address. For an out-of-range address they hold the value with every part reduced
 * modulo the size of its field, which is what parsers that ignore overflow compute.
 */
final class Ipv4Parser {

    /** Result of {@link #parse} for text that is not IPv4 syntax. */
    static final long NOT_IPV4 = -1;

    private static final long ADDRESS_MASK = 0xFFFF_FFFFL;
    private static final int PART_COUNT_SHIFT = 32;
    private static final int DECIMAL_PART = 1;
    private static final int HEX_PART = 2;
    private static final int OCTAL_PART = 4;
    private static final int RADIX_FLAGS_SHIFT = 35;
    private static final long OUT_OF_RANGE = 1L << 38;
    private static final long WITHIN_ONE_WRAP = 1L << 39;

    /** Values at or above this bound are only tracked modulo 2^33, which covers every field. */
    private static final long SATURATION_BOUND = 1L << 34;
    private static final long MODULUS_MASK = (1L << 33) - 1;

    private Ipv4Parser() {}

    /**
     * Parses {@code s[start, end)} and returns the packed result, or {@link #NOT_IPV4} when the
     * text is not one to four well-formed parts. A part above its field is still parsed, and the
     * result then reports {@link #isOutOfRange}.
     */
    static long parse(CharSequence s, int start, int end) {
        int partCount = countParts(s, start, end);
        if (partCount < 0) {
            return NOT_IPV4;
        }
        long address = 0;
        int radixFlags = 0;
        boolean outOfRange = false;
        boolean withinOneWrap = true;
        int partStart = start;
        for (int partIndex = 0; partIndex < partCount; partIndex++) {
            int partEnd = partStart;
            while (partEnd < end && s.charAt(partEnd) != '.') {
                partEnd++;
            }
            if (partEnd == partStart) {
                return NOT_IPV4;
            }
            int radix = radixOf(s, partStart, partEnd);
            int digitsStart = radix == 16 ? partStart + 2 : (radix == 8 ? partStart + 1 : partStart);
            if (digitsStart == partEnd) {
                return NOT_IPV4;
            }
            // The value is exact below 2^34. Above that it is kept modulo 2^33 and marked
            // saturated, which still gives the right remainder for every field size.
            long value = 0;
            boolean saturated = false;
            for (int i = digitsStart; i < partEnd; i++) {
                int digit = Character.digit(s.charAt(i), radix);
                if (digit < 0) {
                    return NOT_IPV4;
                }
                value = value * radix + digit;
                if (value >= SATURATION_BOUND) {
                    saturated = true;
                    value &= MODULUS_MASK;
                }
            }
            boolean last = partIndex == partCount - 1;
            int fieldBits = last ? 8 * (4 - partIndex) : 8;
            long fieldSize = 1L << fieldBits;
            if (saturated || value >= fieldSize) {
                outOfRange = true;
                if (saturated || value >= 2 * fieldSize) {
                    withinOneWrap = false;
                }
            }
            long reduced = value & (fieldSize - 1);
            address |= last ? reduced : reduced << (24 - 8 * partIndex);
            radixFlags |= radix == 16 ? HEX_PART : (radix == 8 ? OCTAL_PART : DECIMAL_PART);
            partStart = partEnd + 1;
        }
        long packed = address
                | ((long) partCount << PART_COUNT_SHIFT)
                | ((long) radixFlags << RADIX_FLAGS_SHIFT);
        if (outOfRange) {
            packed |= OUT_OF_RANGE;
            if (withinOneWrap) {
                packed |= WITHIN_ONE_WRAP;
            }
        }
        return packed;
    }

    /**
     * Returns the number of '.'-separated parts, or -1 when there are more than four or the text
     * contains a character that no part can contain.
     */
    private static int countParts(CharSequence s, int start, int end) {
        if (start >= end) {
            return -1;
        }
        int parts = 1;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                parts++;
                if (parts > 4) {
                    return -1;
                }
            } else if (!isHexDigit(c) && c != 'x' && c != 'X') {
                return -1;
            }
        }
        return parts;
    }

    private static int radixOf(CharSequence s, int partStart, int partEnd) {
        if (s.charAt(partStart) != '0' || partEnd - partStart == 1) {
            return 10;
        }
        char second = s.charAt(partStart + 1);
        return second == 'x' || second == 'X' ? 16 : 8;
    }

    /** Returns the address, or the reduced value when the result is out of range. */
    static long address(long packed) {
        return packed & ADDRESS_MASK;
    }

    static int partCount(long packed) {
        return (int) (packed >>> PART_COUNT_SHIFT) & 0x7;
    }

    static boolean isOutOfRange(long packed) {
        return (packed & OUT_OF_RANGE) != 0;
    }

    /** Returns whether every part is below twice the size of its field. */
    static boolean isWithinOneWrap(long packed) {
        return (packed & WITHIN_ONE_WRAP) != 0;
    }

    /** Returns how an in-range result was written, or {@link Form#OUT_OF_RANGE} for any out-of-range result. */
    static Form formOf(long packed) {
        if (isOutOfRange(packed)) {
            return Form.OUT_OF_RANGE;
        }
        int radixFlags = (int) (packed >>> RADIX_FLAGS_SHIFT) & 0x7;
        switch (partCount(packed)) {
            case 1:
                if (radixFlags == HEX_PART) {
                    return Form.HEX_INTEGER;
                }
                return radixFlags == OCTAL_PART ? Form.OCTAL_INTEGER : Form.DECIMAL_INTEGER;
            case 4:
                if (radixFlags == DECIMAL_PART) {
                    return Form.DOTTED_DECIMAL;
                }
                if (radixFlags == HEX_PART) {
                    return Form.DOTTED_HEX;
                }
                return radixFlags == OCTAL_PART ? Form.DOTTED_OCTAL : Form.DOTTED_MIXED;
            default:
                return Form.SHORT_FORM;
        }
    }

    /**
     * Parses a strict decimal byte: one to three digits, no leading zero except "0" itself, at
     * most 255. Returns -1 otherwise. This is the only part syntax inside IPv6 text and inside
     * wildcard DNS names.
     */
    static int parseStrictByte(CharSequence s, int start, int end) {
        int length = end - start;
        if (length < 1 || length > 3 || (length > 1 && s.charAt(start) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /**
     * Parses exactly four strict decimal bytes separated by '.', as inet_pton(3) requires inside
     * IPv6 text. Returns the address, or -1.
     */
    static long parseStrictDottedQuad(CharSequence s, int start, int end) {
        long address = 0;
        int partStart = start;
        for (int partIndex = 0; partIndex < 4; partIndex++) {
            int partEnd = partStart;
            while (partEnd < end && s.charAt(partEnd) != '.') {
                partEnd++;
            }
            boolean lastPart = partIndex == 3;
            if (lastPart != (partEnd == end)) {
                // Only the fourth part may reach the end of the text.
                return -1;
            }
            int value = parseStrictByte(s, partStart, partEnd);
            if (value < 0) {
                return -1;
            }
            address = (address << 8) | value;
            partStart = partEnd + 1;
        }
        return address;
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
