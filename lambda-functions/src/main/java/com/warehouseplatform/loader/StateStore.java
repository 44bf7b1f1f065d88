package com.warehouseplatform.loader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A loader's job state in the ops bucket: pending batches, quarantined versions, the watermark,
 * and the COPY manifests. See {@link Keys} for the layout.
 */
public final class StateStore {

    private final S3Client s3;
    private final String bucket;
    private final String loader;

    public StateStore(S3Client s3, String opsBucket, String loader) {
        this.s3 = s3;
        this.bucket = opsBucket;
        this.loader = loader;
    }

    /** Pending batches, oldest first (batch ids start with their creation time). */
    public List<PendingBatch> pendingBatches() {
        List<PendingBatch> out = new ArrayList<>();
        for (String key : keys(Keys.pendingPrefix(loader))) {
            get(key).ifPresent(bytes -> out.add(PendingBatch.fromJson(Json.read(bytes, key))));
        }
        out.sort(Comparator.comparing(PendingBatch::batchId));
        return out;
    }

    public void putPending(PendingBatch batch) {
        put(Keys.pending(loader, batch.batchId()), Json.bytes(batch.toJson()), "application/json");
    }

    public void deletePending(String batchId) {
        s3.deleteObject(b -> b.bucket(bucket).key(Keys.pending(loader, batchId)));
    }

    public List<QuarantineRecord> quarantine() {
        List<QuarantineRecord> out = new ArrayList<>();
        for (String key : keys(Keys.quarantinePrefix(loader))) {
            get(key).ifPresent(bytes -> out.add(QuarantineRecord.fromJson(Json.read(bytes, key))));
        }
        return out;
    }

    public void putQuarantine(QuarantineRecord record) {
        put(Keys.quarantine(loader, record.key()), Json.bytes(record.toJson()), "application/json");
    }

    public void deleteQuarantine(String objectKey) {
        s3.deleteObject(b -> b.bucket(bucket).key(Keys.quarantine(loader, objectKey)));
    }

    public Watermark watermark() {
        String key = Keys.watermark(loader);
        return get(key).map(bytes -> Watermark.fromJson(Json.read(bytes, key))).orElse(Watermark.NONE);
    }

    public void putWatermark(Watermark watermark) {
        put(Keys.watermark(loader), Json.bytes(watermark.toJson()), "application/json");
    }

    public void putManifest(String key, String manifestJson) {
        put(key, manifestJson.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** The batch's file list (BatchSql#fileList), which the batch COPYs into its batch_files table. */
    public void putFileList(String key, String csv) {
        put(key, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    private void put(String key, byte[] body, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
    }

    private Optional<byte[]> get(String key) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty(); // deleted between list and get by a concurrent run
        }
    }

    private List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder req =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
            if (token != null) {
                req.continuationToken(token);
            }
            ListObjectsV2Response page = s3.listObjectsV2(req.build());
            for (S3Object o : page.contents()) {
                if (o.key().endsWith(".json")) {
                    out.add(o.key());
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }
}
