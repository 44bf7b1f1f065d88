package com.warehouseplatform.infra.review;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 CIDR ranges, to tell whether one rule's peer contains another's. */
final class Cidr {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private Cidr() {}

    /** True when {@code outer} and {@code inner} are the same peer, or IPv4 ranges with inner inside outer. */
    static boolean contains(String outer, String inner) {
        if (outer.equals(inner) || outer.equals("::/0") && inner.contains(":")) {
            return true;
        }
        Matcher a = IPV4.matcher(outer);
        Matcher b = IPV4.matcher(inner);
        if (!a.matches() || !b.matches()) {
            return false;
        }
        int prefix = Integer.parseInt(a.group(5));
        if (prefix > Integer.parseInt(b.group(5))) {
            return false;
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (address(a) & mask) == (address(b) & mask);
    }

    private static long address(Matcher m) {
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            address = (address << 8) | Integer.parseInt(m.group(i));
        }
        return address;
    }
}
