package com.warehouseplatform.loader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** S3 key helpers: S3's listing order and the names of the loader's state objects. */
public final class Keys {

    private Keys() {}

    /**
     * S3 lists keys in UTF-8 byte order, which is code point order (String.compareTo is UTF-16
     * order and differs for characters beyond U+FFFF).
     */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    public static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String stateRoot(String loader) {
        return "state/" + loader + "/";
    }

    public static String pendingPrefix(String loader) {
        return stateRoot(loader) + "pending/";
    }

    public static String pending(String loader, String batchId) {
        return pendingPrefix(loader) + batchId + ".json";
    }

    public static String quarantinePrefix(String loader) {
        return stateRoot(loader) + "quarantine/";
    }

    public static String quarantine(String loader, String objectKey) {
        return quarantinePrefix(loader) + sha256Hex(objectKey) + ".json";
    }

    public static String watermark(String loader) {
        return stateRoot(loader) + "watermark.json";
    }
}
