package com.warehouseplatform.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MutableStorageMetadata;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * The jclouds "filesystem" store keeps an object's ETag in an extended attribute written on PUT, so
 * files dropped into the data folder by hand have none. This wrapper fills in the MD5 of the
 * content (what S3 reports for a single-part upload), cached by name, size and modification time.
 */
final class FolderEtagBlobStore extends ForwardingBlobStore {

    private record Version(long size, long lastModified, String etag) {}

    private final Map<String, Version> cache = new ConcurrentHashMap<>();

    FolderEtagBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        PageSet<? extends StorageMetadata> page = super.list(container, options);
        for (StorageMetadata metadata : page) {
            if (metadata.getType() == StorageType.BLOB) {
                fill(container, metadata);
            }
        }
        return page;
    }

    @Override
    public BlobMetadata blobMetadata(String container, String name) {
        BlobMetadata metadata = super.blobMetadata(container, name);
        if (metadata != null) {
            fill(container, metadata);
        }
        return metadata;
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
        Blob blob = super.getBlob(container, name, options);
        if (blob != null) {
            fill(container, blob.getMetadata());
        }
        return blob;
    }

    @Override
    public Blob getBlob(String container, String name) {
        return getBlob(container, name, GetOptions.NONE);
    }

    private void fill(String container, StorageMetadata metadata) {
        if (metadata.getETag() != null || !(metadata instanceof MutableStorageMetadata mutable)) {
            return;
        }
        long size = metadata.getSize() == null ? -1 : metadata.getSize();
        long modified = metadata.getLastModified() == null
                ? -1
                : metadata.getLastModified().getTime();
        String key = container + "/" + metadata.getName();
        Version known = cache.get(key);
        if (known == null || known.size() != size || known.lastModified() != modified) {
            known = new Version(size, modified, md5(container, metadata.getName()));
            cache.put(key, known);
        }
        mutable.setETag(known.etag());
    }

    private String md5(String container, String name) {
        Blob blob = delegate().getBlob(container, name);
        if (blob == null) {
            return null;
        }
        try (InputStream in = blob.getPayload().openStream()) {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return "\"" + HexFormat.of().formatHex(digest.digest()) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
