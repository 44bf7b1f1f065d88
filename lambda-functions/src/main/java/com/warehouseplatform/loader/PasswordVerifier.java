package com.warehouseplatform.loader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The SHA-256 form of a password that CREATE USER takes instead of the password itself:
 * {@code 'sha256|digest|256-bit-salt'} (Database Developer Guide, r_CREATE_USER, PASSWORD). The
 * page gives the form and that the salt is 256 bits, but not how the digest combines password and
 * salt; we take SHA-256 over the password's UTF-8 bytes followed by the salt's 32 bytes, both hex
 * in lower case. Doubt, written down: if Redshift computes it otherwise, the user exists but cannot
 * sign in with its secret until the secret's first rotation (Secrets Manager's Redshift rotation sets
 * the password with ALTER USER); it never grants more than intended.
 */
public final class PasswordVerifier {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordVerifier() {}

    /** With a fresh random salt. */
    public static String of(String password) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return of(password, salt);
    }

    public static String of(String password, byte[] salt) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a password is required");
        }
        if (salt.length != 32) {
            throw new IllegalArgumentException("the salt must be 256 bits");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            sha.update(salt);
            HexFormat hex = HexFormat.of();
            return "sha256|" + hex.formatHex(sha.digest()) + "|" + hex.formatHex(salt);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
