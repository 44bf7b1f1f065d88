package com.warehouseplatform.loader.migrations;

import com.warehouseplatform.contract.MigrationContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;

/**
 * One migration file, {@code V<number>__<description>.sql}, in Redshift SQL. Its checksum is the
 * SHA-256 of its text with line endings normalized, so an edit after it was applied is detected.
 * What a file may hold is {@link MigrationContract}'s rule set, the one config validation applies at synth.
 */
public record Migration(int version, String description, String file, String checksum, List<String> statements) {

    /** Reads a migration file; every problem of the file is in the error, each naming the file. */
    public static Migration of(String file, String text) {
        List<String> problems = MigrationContract.problems(file, text);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        Matcher m = MigrationContract.FILE_NAME.matcher(file);
        m.matches();
        return new Migration(
                Integer.parseInt(m.group(1)),
                m.group(2).replace('_', ' '),
                file,
                checksum(text),
                SqlScript.statements(text));
    }

    static String checksum(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
