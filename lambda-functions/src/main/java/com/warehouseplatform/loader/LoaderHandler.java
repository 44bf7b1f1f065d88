package com.warehouseplatform.loader;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The loader Lambda: input {@code {"loader": "<name>"}} (optionally {@code "fullScan": true} or
 * {@code "replay": [keys]}), output {@code {loader, batchId, status, files, bytes, rows}}.
 *
 * <p>Clients are built once per container, in the no-argument constructor Lambda calls, with the
 * URL-connection HTTP client. Region, credentials and endpoint overrides come from the SDK's own
 * configuration (AWS_REGION, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_REDSHIFT_DATA,
 * AWS_ENDPOINT_URL_REDSHIFT,
 * AWS_REQUEST_CHECKSUM_CALCULATION, ...); nothing here knows about any other warehouse.
 */
public final class LoaderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** The time budget when there is no Lambda context (a local run). */
    static final Duration DEFAULT_BUDGET = Duration.ofMinutes(5);

    private final LoaderSettings settings;
    private final Clock clock;
    private final LoaderRun run;
    private final LoaderStatus status;

    /** For Lambda: settings from the environment, real clients. */
    public LoaderHandler() {
        this(LoaderSettings.fromEnvironment()); // settings first: a bad environment fails before any client is built
    }

    private LoaderHandler(LoaderSettings settings) {
        this(
                Clients.redshiftData(),
                settings.clusterIdentifier() == null ? null : Clients.redshift(), // Serverless does not pause
                Clients.s3(),
                Clients.sns(),
                settings,
                Clock.systemUTC(),
                Sleeper.system());
    }

    /** For tests: the given clients, settings, clock and sleeper; no Redshift API client, so no pause check. */
    public LoaderHandler(
            RedshiftDataClient redshiftData,
            S3Client s3,
            SnsClient sns,
            LoaderSettings settings,
            Clock clock,
            Sleeper sleeper) {
        this(redshiftData, null, s3, sns, settings, clock, sleeper);
    }

    /**
     * For tests and local runs: the given clients, settings, clock and sleeper. {@code redshift} (the Redshift
     * API, for DescribeClusters) may be null on Serverless; with a cluster it tells whether it is paused.
     */
    public LoaderHandler(
            RedshiftDataClient redshiftData,
            RedshiftClient redshift,
            S3Client s3,
            SnsClient sns,
            LoaderSettings settings,
            Clock clock,
            Sleeper sleeper) {
        this.settings = settings;
        this.clock = clock;
        Telemetry telemetry = new Telemetry(System.out, clock, settings.loaderName());
        Warehouse warehouse = new Warehouse(redshiftData, Warehouse.Target.of(settings), sleeper);
        ClusterState cluster = new ClusterState(redshift, settings.clusterIdentifier(), telemetry);
        this.run = new LoaderRun(settings, warehouse, s3, sns, telemetry, clock, LoaderRun.batchIds(clock), cluster);
        this.status =
                new LoaderStatus(settings, new StateStore(s3, settings.opsBucket(), settings.loaderName()), warehouse);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        RunRequest request = RunRequest.parse(input, settings.loaderName());
        Deadline deadline = context == null
                ? Deadline.in(clock, DEFAULT_BUDGET)
                : Deadline.fromRemaining(clock, context.getRemainingTimeInMillis());
        if (request.status()) {
            return status.report(deadline);
        }
        return run.run(request, deadline).toMap();
    }

    /** The production clients, sharing one HTTP client. */
    static final class Clients {
        private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();

        private Clients() {}

        static RedshiftDataClient redshiftData() {
            return RedshiftDataClient.builder().httpClient(HTTP).build();
        }

        static RedshiftClient redshift() {
            return RedshiftClient.builder().httpClient(HTTP).build();
        }

        static S3Client s3() {
            return S3Client.builder().httpClient(HTTP).build();
        }

        static SnsClient sns() {
            return SnsClient.builder().httpClient(HTTP).build();
        }

        static software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secretsManager() {
            return software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()
                    .httpClient(HTTP)
                    .build();
        }
    }
}
