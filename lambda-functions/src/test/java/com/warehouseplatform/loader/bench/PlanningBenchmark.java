package com.warehouseplatform.loader.bench;

import com.warehouseplatform.loader.LoaderSettings;
import com.warehouseplatform.loader.Planner;
import com.warehouseplatform.loader.SourceListing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Planning time for 1,000 new files over a history of 10,000 and of 100,000 loaded files: the real
 * {@link SourceListing} and {@link Planner#consume} (the loop a run uses) over an in-memory bucket
 * that answers ListObjectsV2 as S3 does (1,000 keys a page, in key order, StartAfter and
 * ContinuationToken), and an in-memory ledger answering the key-range lookups. As in production,
 * the history lies before the watermark, so a run lists after it; a full scan (no watermark) is
 * shown for contrast. Warm-up first, then the median of repeated runs.
 */
public final class PlanningBenchmark {

    static final int NEW_FILES = 1_000;
    static final int PAGE = 1_000;
    static final String PREFIX = "orders/";

    private PlanningBenchmark() {}

    public static void main(String[] args) {
        Planner.Limits limits = Planner.Limits.of(LoaderSettings.fromMap(LoaderProcess.loaderEnvironment()));
        Source small = new Source(10_000);
        Source large = new Source(100_000);
        for (int i = 0; i < 300; i++) {
            small.plan(limits, true);
            large.plan(limits, true);
        }
        for (int i = 0; i < 20; i++) {
            small.plan(limits, false);
            large.plan(limits, false);
        }
        Samples smallTimes = new Samples();
        Samples largeTimes = new Samples();
        Samples smallFull = new Samples();
        Samples largeFull = new Samples();
        for (int i = 0; i < 201; i++) {
            smallTimes.add(small.time(limits, true));
            largeTimes.add(large.time(limits, true));
            if (i % 10 == 0) {
                smallFull.add(small.time(limits, false));
                largeFull.add(large.time(limits, false));
            }
        }
        int planned = large.plan(limits, true).files().size();
        double ratio = largeTimes.median() / smallTimes.median();
        System.out.printf(
                "planning 1,000 new files after the watermark (batch of %d planned): history 10,000: %.3f ms,"
                        + " history 100,000: %.3f ms, ratio %.2f (aim <= 1.5: %s); full scan for contrast: %.1f ms /"
                        + " %.1f ms (medians of %d and %d runs)%n",
                planned,
                smallTimes.median(),
                largeTimes.median(),
                ratio,
                ratio <= 1.5 ? "met" : "NOT met",
                smallFull.median(),
                largeFull.median(),
                smallTimes.size(),
                smallFull.size());
    }

    /** A bucket with {@code history} loaded files then 1,000 new ones, and the ledger of the loaded ones. */
    static final class Source implements Function<ListObjectsV2Request, ListObjectsV2Response> {
        final String[] keys;
        final String watermark;
        final NavigableMap<String, String> ledger = new TreeMap<>();

        Source(int history) {
            keys = new String[history + NEW_FILES];
            for (int i = 0; i < keys.length; i++) {
                // zero-padded: string order is S3's (UTF-8 byte) order for these ASCII keys
                keys[i] = String.format("%s2024/%08d.csv.gz", PREFIX, i);
            }
            for (int i = 0; i < history; i++) {
                ledger.put(keys[i], etag(keys[i]));
            }
            watermark = keys[history - 1];
        }

        static String etag(String key) {
            return Integer.toHexString(key.hashCode());
        }

        double time(Planner.Limits limits, boolean fromWatermark) {
            long start = System.nanoTime();
            Planner.Plan plan = plan(limits, fromWatermark);
            double ms = (System.nanoTime() - start) / 1e6;
            if (plan.files().isEmpty()) {
                throw new IllegalStateException("nothing planned");
            }
            return ms;
        }

        Planner.Plan plan(Planner.Limits limits, boolean fromWatermark) {
            Planner planner = new Planner(limits, Set.of());
            SourceListing listing = new SourceListing(this, "raw-bucket", PREFIX, fromWatermark ? watermark : null);
            planner.consume(listing, this::ledgerRows, () -> false);
            return planner.plan();
        }

        /** What the ledger query for a key range returns: (key, etag) of the loaded versions in it. */
        Set<Planner.VersionId> ledgerRows(Planner.KeyRange range) {
            Set<Planner.VersionId> out = new HashSet<>();
            ledger.subMap(range.first(), true, range.last(), true)
                    .forEach((k, e) -> out.add(new Planner.VersionId(k, e)));
            return out;
        }

        /** ListObjectsV2 over the sorted keys: a binary search for StartAfter, the next index as the token. */
        @Override
        public ListObjectsV2Response apply(ListObjectsV2Request request) {
            int from;
            if (request.continuationToken() != null) {
                from = Integer.parseInt(request.continuationToken());
            } else if (request.startAfter() != null) {
                int at = Arrays.binarySearch(keys, request.startAfter());
                from = at >= 0 ? at + 1 : -at - 1;
            } else {
                from = 0;
            }
            int to = Math.min(keys.length, from + PAGE);
            List<S3Object> contents = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                contents.add(S3Object.builder()
                        .key(keys[i])
                        .eTag("\"" + etag(keys[i]) + "\"")
                        .size(1_000_000L)
                        .build());
            }
            boolean truncated = to < keys.length;
            return ListObjectsV2Response.builder()
                    .contents(contents)
                    .keyCount(contents.size())
                    .isTruncated(truncated)
                    .nextContinuationToken(truncated ? String.valueOf(to) : null)
                    .build();
        }
    }
}
