package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Listing a bucket backed by a folder: real objects only, as S3 lists them. */
class S3ListingTest {

    private static final List<String> KEYS = List.of(
            "events/e.json",
            "orders/2025/d.csv",
            "orders/2026/01/a.csv",
            "orders/2026/01/b.csv",
            "orders/2026/02/c.csv",
            "top.txt");

    @TempDir
    static Path folder;

    private static LocalS3 s3;
    private static S3Client client;

    @BeforeAll
    static void start() throws IOException {
        for (String key : KEYS) {
            Path file = folder.resolve("raw").resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of " + key, StandardCharsets.UTF_8);
        }
        Files.createDirectories(folder.resolve("raw/empty/folder"));
        s3 = LocalS3.start(folder, 0);
        client = s3.newClient();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    @RedshiftDoc("API_ListObjectsV2")
    void paginatorOverNestedFoldersFindsOnlyRealObjects() {
        List<ListObjectsV2Response> pages = new ArrayList<>();
        client.listObjectsV2Paginator(b -> b.bucket("raw").maxKeys(2)).forEach(pages::add);

        List<S3Object> objects =
                pages.stream().flatMap(p -> p.contents().stream()).toList();
        assertThat(objects).extracting(S3Object::key).containsExactlyElementsOf(KEYS);
        assertThat(pages).hasSize(3);
        assertThat(pages).allSatisfy(page -> assertThat(page.keyCount()).isEqualTo(2));
        for (S3Object object : objects) {
            assertThat(object.eTag()).as(object.key()).matches("\"[0-9a-f]{32}\"");
            assertThat(object.size()).as(object.key()).isEqualTo(("content of " + object.key()).length());
            assertThat(object.lastModified()).as(object.key()).isNotNull();
        }
    }

    @Test
    @RedshiftDoc("API_ListObjectsV2")
    void startAfterAndPrefixNarrowThePagedListing() {
        List<String> keys = client
                .listObjectsV2Paginator(b -> b.bucket("raw")
                        .prefix("orders/")
                        .startAfter("orders/2026/01/a.csv")
                        .maxKeys(1))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
        assertThat(keys).containsExactly("orders/2026/01/b.csv", "orders/2026/02/c.csv");
    }

    @Test
    @RedshiftDoc("API_ListObjectsV2")
    void delimiterListingShowsFoldersAsCommonPrefixes() {
        ListObjectsV2Response top = client.listObjectsV2(b -> b.bucket("raw").delimiter("/"));
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("top.txt");
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("events/", "orders/");

        ListObjectsV2Response orders =
                client.listObjectsV2(b -> b.bucket("raw").prefix("orders/").delimiter("/"));
        assertThat(orders.contents()).isEmpty();
        assertThat(orders.commonPrefixes())
                .extracting(CommonPrefix::prefix)
                .containsExactly("orders/2025/", "orders/2026/");

        List<String> paged = new ArrayList<>();
        client.listObjectsV2Paginator(b ->
                        b.bucket("raw").prefix("orders/2026/").delimiter("/").maxKeys(1))
                .forEach(page -> page.commonPrefixes().forEach(p -> paged.add(p.prefix())));
        assertThat(paged).containsExactly("orders/2026/01/", "orders/2026/02/");
    }

    @Test
    @RedshiftDoc("API_ListObjects")
    void listObjectsVersionOnePagesWithMarkers() {
        List<String> keys = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String from = marker;
            ListObjectsResponse page =
                    client.listObjects(b -> b.bucket("raw").maxKeys(4).marker(from));
            page.contents().forEach(o -> keys.add(o.key()));
            assertThat(page.contents()).allSatisfy(o -> assertThat(o.eTag()).isNotNull());
            marker = page.isTruncated()
                    ? page.contents().get(page.contents().size() - 1).key()
                    : null;
            pages++;
        } while (marker != null);
        assertThat(keys).containsExactlyElementsOf(KEYS);
        assertThat(pages).isEqualTo(2);
    }
}
