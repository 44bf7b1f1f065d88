package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The raw bucket is the --data folder: uploads land there, and a later start lists them. */
class RawFolderUploadTest {

    @TempDir
    Path raw;

    @Test
    @RedshiftDoc({"API_PutObject", "API_DeleteObject"})
    void anUploadToTheRawBucketIsWrittenIntoTheFolderAndOutlivesThePlatform() throws Exception {
        Files.createDirectories(raw.resolve("orders"));
        Files.writeString(raw.resolve("orders/a.csv"), "1,first\n");
        String landed = "2,second\n";
        try (LocalPlatform platform = LocalPlatform.start("dev", raw)) {
            platform.s3()
                    .putObject(
                            b -> b.bucket(LocalPlatform.RAW).key("orders/2026/b.csv"),
                            RequestBody.fromString(landed, StandardCharsets.UTF_8));
            platform.s3()
                    .putObject(
                            b -> b.bucket(LocalPlatform.RAW).key("orders/gone.csv"),
                            RequestBody.fromString("3,third\n", StandardCharsets.UTF_8));
            platform.s3().deleteObject(b -> b.bucket(LocalPlatform.RAW).key("orders/gone.csv"));
            assertThat(raw.resolve("orders/gone.csv")).doesNotExist();
        }
        assertThat(raw.resolve("orders/2026/b.csv")).hasContent(landed);
        assertThat(raw.resolve("orders/a.csv")).hasContent("1,first\n");

        try (LocalPlatform next = LocalPlatform.start("dev", raw)) {
            assertThat(
                            next
                                    .s3()
                                    .listObjectsV2Paginator(
                                            b -> b.bucket(LocalPlatform.RAW).prefix("orders/"))
                                    .contents()
                                    .stream()
                                    .toList())
                    .extracting(S3Object::key, S3Object::eTag, S3Object::size)
                    .containsExactly(
                            tuple("orders/2026/b.csv", md5(landed), 9L), tuple("orders/a.csv", md5("1,first\n"), 8L));
        }
    }

    private static String md5(String content) throws Exception {
        return "\""
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8)))
                + "\"";
    }
}
