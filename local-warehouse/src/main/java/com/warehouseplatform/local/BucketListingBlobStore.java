package com.warehouseplatform.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.domain.internal.StorageMetadataImpl;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * Lists a folder-backed bucket as S3 lists a bucket (S3 API Reference: API_ListObjectsV2,
 * API_ListObjects). The jclouds "filesystem" store lists every folder as an object of its own
 * ({@code orders/2026/}, 4096 bytes, no ETag), which S3 never does and which breaks
 * {@code aws s3 sync} and {@code aws s3 cp --recursive}. Here a listing holds the files only,
 * in key order; with a delimiter, the keys that share a prefix up to the delimiter roll up into
 * one common prefix (so a folder with no file in it is not listed at all); MaxKeys counts keys
 * and common prefixes together, and the marker (Marker, StartAfter or the continuation token,
 * which is the last key or prefix of the page before) skips everything up to it, a rolled-up
 * prefix with all its keys.
 */
final class BucketListingBlobStore extends ForwardingBlobStore {

    BucketListingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container) {
        return list(container, ListContainerOptions.NONE);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        String prefix = options.getPrefix() == null ? "" : options.getPrefix();
        String delimiter = options.getDelimiter();
        String marker = options.getMarker();
        int max = options.getMaxResults() == null ? 1000 : options.getMaxResults();
        List<StorageMetadata> entries = new ArrayList<>();
        String lastPrefix = null;
        for (StorageMetadata blob : files(container, prefix)) {
            String name = blob.getName();
            int cut = delimiter == null || delimiter.isEmpty() ? -1 : name.indexOf(delimiter, prefix.length());
            StorageMetadata entry = blob;
            if (cut >= 0) {
                String common = name.substring(0, cut + delimiter.length());
                if (common.equals(lastPrefix)) {
                    continue;
                }
                lastPrefix = common;
                entry = commonPrefix(common);
            }
            if (marker != null && entry.getName().compareTo(marker) <= 0) {
                continue;
            }
            if (entries.size() == max) {
                return new PageSetImpl<>(entries, entries.get(max - 1).getName());
            }
            entries.add(entry);
        }
        return new PageSetImpl<>(entries, null);
    }

    /** Every file of the bucket whose key starts with {@code prefix}, in key order. */
    private List<StorageMetadata> files(String container, String prefix) {
        List<StorageMetadata> files = new ArrayList<>();
        ListContainerOptions recursive = ListContainerOptions.Builder.recursive();
        if (!prefix.isEmpty()) {
            recursive.prefix(prefix);
        }
        String next = null;
        do {
            PageSet<? extends StorageMetadata> page = delegate()
                    .list(
                            container,
                            next == null ? recursive : recursive.clone().afterMarker(next));
            for (StorageMetadata metadata : page) {
                if (metadata.getType() == StorageType.BLOB
                        && !metadata.getName().endsWith("/")
                        && metadata.getName().startsWith(prefix)) {
                    files.add(metadata);
                }
            }
            next = page.getNextMarker();
        } while (next != null);
        files.sort(Comparator.comparing(StorageMetadata::getName));
        return files;
    }

    private static StorageMetadata commonPrefix(String name) {
        return new StorageMetadataImpl(
                StorageType.RELATIVE_PATH, null, name, null, null, null, null, null, Map.of(), null);
    }
}
