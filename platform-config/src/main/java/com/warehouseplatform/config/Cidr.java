package com.warehouseplatform.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks IPv4 CIDR blocks such as 10.20.0.0/16. */
final class Cidr {
    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private Cidr() {}

    /** The reason {@code value} is not a valid IPv4 CIDR block, or {@code null} when it is. */
    static String problem(String value) {
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            return "\"" + value + "\" is not an IPv4 CIDR block such as 10.0.0.0/16";
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return "\"" + value + "\" has an octet above 255";
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            return "\"" + value + "\" has a prefix length above 32";
        }
        long hostMask = prefix == 0 ? 0xFFFFFFFFL : (1L << (32 - prefix)) - 1;
        if ((address & hostMask) != 0) {
            return "\"" + value + "\" has host bits set (the network address is required)";
        }
        return null;
    }

    static int prefixLength(String value) {
        return Integer.parseInt(value.substring(value.indexOf('/') + 1));
    }
}
