package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

class SourceListingTest {

    static ListObjectsV2Response page(String nextToken, String... keys) {
        List<S3Object> contents = new ArrayList<>();
        for (String k : keys) {
            contents.add(S3Object.builder()
                    .key(k)
                    .eTag("\"" + k.hashCode() + "\"")
                    .size(7L)
                    .build());
        }
        return ListObjectsV2Response.builder()
                .contents(contents)
                .isTruncated(nextToken != null)
                .nextContinuationToken(nextToken)
                .build();
    }

    @Test
    void startAfterGoesOnTheFirstRequestOnly() {
        List<ListObjectsV2Request> sent = new ArrayList<>();
        List<ListObjectsV2Response> pages = List.of(page("t1", "p/2"), page("t2", "p/3"), page(null, "p/4"));
        SourceListing listing = new SourceListing(
                r -> {
                    sent.add(r);
                    return pages.get(sent.size() - 1);
                },
                "raw",
                "p/",
                "p/1");

        List<String> seen = new ArrayList<>();
        while (listing.hasNext()) {
            listing.next().forEach(o -> seen.add(o.key()));
        }

        assertThat(seen).containsExactly("p/2", "p/3", "p/4");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).startAfter()).isEqualTo("p/1");
        assertThat(sent.get(0).continuationToken()).isNull();
        assertThat(sent.get(1).startAfter()).isNull();
        assertThat(sent.get(1).continuationToken()).isEqualTo("t1");
        assertThat(sent.get(2).startAfter()).isNull();
        assertThat(sent.get(2).continuationToken()).isEqualTo("t2");
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.bucket()).isEqualTo("raw");
            assertThat(r.prefix()).isEqualTo("p/");
        });
    }

    @Test
    void withoutAWatermarkNoStartAfterIsSent() {
        ListObjectsV2Request r = SourceListing.request("raw", "", null, null);
        assertThat(r.startAfter()).isNull();
        assertThat(r.prefix()).isNull();
    }

    @Test
    void objectsCarryTheirBareEtagAndSize() {
        SourceListing listing = new SourceListing(r -> page(null, "p/a"), "raw", "p/", null);

        List<ObjectVersion> objects = listing.next();

        assertThat(objects).containsExactly(new ObjectVersion("p/a", String.valueOf("p/a".hashCode()), 7));
        assertThat(listing.hasNext()).isFalse();
    }
}
