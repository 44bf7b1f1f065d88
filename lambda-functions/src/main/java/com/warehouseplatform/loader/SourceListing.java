package com.warehouseplatform.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a prefix one page at a time. StartAfter goes on the first request only: later pages
 * continue with the ContinuationToken alone (the SDK's paginator re-sends StartAfter, which some
 * S3-compatible servers reject).
 */
public final class SourceListing {

    private final Function<ListObjectsV2Request, ListObjectsV2Response> api;
    private final String bucket;
    private final String prefix;
    private final String startAfter;
    private String continuationToken;
    private boolean started;
    private boolean done;

    /**
     * @param api        the ListObjectsV2 call, e.g. {@code s3::listObjectsV2}
     * @param startAfter the watermark, or null to list from the start of the prefix
     */
    public SourceListing(
            Function<ListObjectsV2Request, ListObjectsV2Response> api,
            String bucket,
            String prefix,
            String startAfter) {
        this.api = api;
        this.bucket = bucket;
        this.prefix = prefix;
        this.startAfter = startAfter;
    }

    /** The request for the next page. */
    static ListObjectsV2Request request(String bucket, String prefix, String startAfter, String continuationToken) {
        ListObjectsV2Request.Builder b = ListObjectsV2Request.builder().bucket(bucket);
        if (prefix != null && !prefix.isEmpty()) {
            b.prefix(prefix);
        }
        if (continuationToken != null) {
            b.continuationToken(continuationToken);
        } else if (startAfter != null && !startAfter.isEmpty()) {
            b.startAfter(startAfter);
        }
        return b.build();
    }

    public boolean hasNext() {
        return !done;
    }

    /** The next page, in listing order. */
    public List<ObjectVersion> next() {
        if (done) {
            throw new IllegalStateException("listing is complete");
        }
        ListObjectsV2Response page = api.apply(request(bucket, prefix, started ? null : startAfter, continuationToken));
        started = true;
        List<ObjectVersion> out = new ArrayList<>(page.contents().size());
        for (S3Object o : page.contents()) {
            out.add(new ObjectVersion(o.key(), o.eTag(), o.size() == null ? 0 : o.size()));
        }
        continuationToken = page.nextContinuationToken();
        done = !Boolean.TRUE.equals(page.isTruncated()) || continuationToken == null;
        return out;
    }
}
