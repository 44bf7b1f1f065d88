package com.warehouseplatform.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Redshift API's wire protocol (AWS query protocol) on 127.0.0.1 for the operations the loader and the
 * tests use: DescribeClusters, PauseCluster, ResumeCluster. Requests are form-encoded POSTs with
 * {@code Action} and {@code Version=2012-12-01}; responses are XML in the 2012-12-01 namespace, a
 * {@code <Cluster>} with ClusterIdentifier, ClusterStatus and ClusterAvailabilityStatus (API_Cluster), errors an
 * {@code <ErrorResponse>} with Code and Message: ClusterNotFound (404) and InvalidClusterState (400), as
 * API_PauseCluster and API_ResumeCluster list them. Any other action is refused by name.
 */
final class RedshiftApiServer implements AutoCloseable {

    private static final String NAMESPACE = "http://redshift.amazonaws.com/doc/2012-12-01/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final LocalCluster cluster;

    RedshiftApiServer(int port, LocalCluster cluster) throws IOException {
        this.cluster = cluster;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        this.executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "local-warehouse-redshift-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private record Reply(int status, String xml) {}

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = dispatch(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = error(500, "InternalFailure", "The local warehouse is stopping");
            } catch (RuntimeException e) {
                reply = error(500, "InternalFailure", "Internal error of the local warehouse: " + e);
            }
            byte[] bytes = reply.xml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Reply dispatch(HttpExchange exchange) throws IOException, InterruptedException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            return error(400, "InvalidAction", "Only POST is supported");
        }
        Map<String, String> form;
        try (InputStream in = exchange.getRequestBody()) {
            form = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String action = form.getOrDefault("Action", "");
        String identifier = form.get("ClusterIdentifier");
        switch (action) {
            case "DescribeClusters" -> {
                if (identifier != null && !identifier.equals(LocalCluster.IDENTIFIER)) {
                    return notFound(identifier);
                }
                return ok(action, "<Clusters>" + cluster(cluster.describe()) + "</Clusters>");
            }
            case "PauseCluster", "ResumeCluster" -> {
                if (identifier == null) {
                    return error(400, "MissingParameter", "ClusterIdentifier is required");
                }
                if (!identifier.equals(LocalCluster.IDENTIFIER)) {
                    return notFound(identifier);
                }
                LocalCluster.Status reported;
                try {
                    reported = action.equals("PauseCluster") ? cluster.pause() : cluster.resume();
                } catch (IllegalStateException e) {
                    return error(
                            400,
                            "InvalidClusterState",
                            "You can't " + (action.equals("PauseCluster") ? "pause" : "resume") + " a cluster that is "
                                    + e.getMessage() + ".");
                }
                return ok(action, cluster(reported));
            }
            default -> {
                return error(400, "InvalidAction", "Action " + action + " is not supported by the local warehouse");
            }
        }
    }

    private static String cluster(LocalCluster.Status status) {
        return "<Cluster><ClusterIdentifier>" + LocalCluster.IDENTIFIER + "</ClusterIdentifier><ClusterStatus>"
                + status.clusterStatus + "</ClusterStatus><ClusterAvailabilityStatus>" + status.availability
                + "</ClusterAvailabilityStatus><NodeType>ra3.xlplus</NodeType><NumberOfNodes>1</NumberOfNodes>"
                + "</Cluster>";
    }

    private static Reply ok(String action, String result) {
        return new Reply(
                200,
                "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + result + "</" + action
                        + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    private static Reply notFound(String identifier) {
        return error(404, "ClusterNotFound", "Cluster " + escape(identifier) + " not found.");
    }

    private static Reply error(int status, String code, String message) {
        return new Reply(
                status,
                "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + code
                        + "</Code><Message>"
                        + escape(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ErrorResponse>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
