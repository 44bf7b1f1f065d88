package com.warehouseplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server in this JVM (S3Proxy over a jclouds store), bound to 127.0.0.1.
 *
 * <p>With a data folder, the "filesystem" store is used: every sub-folder is a bucket and every
 * file an object, listed as S3 lists objects ({@link BucketListingBlobStore}); an upload writes
 * the file into the folder. Without one,
 * objects live in memory ("transient" store). Requests are not authenticated: any credentials
 * are accepted, as the loader signs with whatever its environment gives it.
 */
public final class LocalS3 implements AutoCloseable {

    /** Credentials for clients of this server; any other pair works as well. */
    public static final String ACCESS_KEY = "local";

    public static final String SECRET_KEY = "local-secret";

    private final BlobStoreContext context;
    private final BlobStore blobStore;
    private final S3Proxy proxy;
    private final URI endpoint;

    private LocalS3(BlobStoreContext context, BlobStore blobStore, S3Proxy proxy, URI endpoint) {
        this.context = context;
        this.blobStore = blobStore;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** Starts the server on {@code port} (0 = a free port), backed by {@code dataFolder} or memory. */
    public static LocalS3 start(Path dataFolder, int port) {
        Properties properties = new Properties();
        String provider = "transient";
        if (dataFolder != null) {
            try {
                Files.createDirectories(dataFolder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            provider = "filesystem";
            properties.setProperty(
                    "jclouds.filesystem.basedir", dataFolder.toAbsolutePath().toString());
        }
        BlobStoreContext context = ContextBuilder.newBuilder(provider)
                .credentials("identity", "credential")
                .overrides(properties)
                .build(BlobStoreContext.class);
        BlobStore store = dataFolder == null
                ? context.getBlobStore()
                : new FolderEtagBlobStore(new BucketListingBlobStore(context.getBlobStore()));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .build();
        ListV2StartAfterHandler.install(proxy);
        try {
            proxy.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!"STARTED".equals(proxy.getState())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("S3Proxy did not start: state " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("Could not start the local S3 server", e);
        }
        return new LocalS3(context, store, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Creates the bucket if it does not exist yet. */
    public void createBucket(String name) {
        blobStore.createContainerInLocation(null, name);
    }

    /** A client configured as the loader's should be: path style, checksums only when required. */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the local S3 server", e);
        } finally {
            context.close();
        }
    }
}
