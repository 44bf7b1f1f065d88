package com.warehouseplatform.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redshift Data API's wire protocol (awsJson1_1) on 127.0.0.1: {@code POST /} with
 * {@code X-Amz-Target: RedshiftData.<Operation>}, JSON in and out. Errors are HTTP 400 (500 for
 * internal ones) with {@code {"__type": ..., "message": ...}} and the {@code x-amzn-ErrorType}
 * header, which the AWS SDK maps to its exception classes. Requests are not authenticated;
 * the access key id of their SigV4 Authorization header only says who the caller is (see
 * {@link DatabaseUsers}).
 */
final class DataApiServer implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper mapper;
    private final DataApiOperations operations;
    private final FaultInjector faults;
    private final LocalCluster cluster;

    DataApiServer(
            int port, ObjectMapper mapper, DataApiOperations operations, FaultInjector faults, LocalCluster cluster)
            throws IOException {
        this.cluster = cluster;
        this.mapper = mapper;
        this.operations = operations;
        this.faults = faults;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "local-warehouse-data-api-" + count.incrementAndGet());
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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode body;
            int status = 200;
            try {
                body = dispatch(exchange);
            } catch (DataApiException e) {
                status = e.httpStatus;
                body = error(exchange, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                DataApiException error = new DataApiException(
                        "InternalServerException", "The local warehouse is stopping", 500, java.util.Map.of());
                status = error.httpStatus;
                body = error(exchange, error);
            } catch (RuntimeException e) {
                DataApiException error = new DataApiException(
                        "InternalServerException",
                        "Internal error of the local warehouse: " + e,
                        500,
                        java.util.Map.of());
                status = error.httpStatus;
                body = error(exchange, error);
            }
            byte[] bytes = mapper.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException, InterruptedException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw DataApiException.validation("Only POST is supported");
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith("RedshiftData.")) {
            throw new DataApiException(
                    "UnknownOperationException", "Missing or unknown X-Amz-Target header: " + target);
        }
        String operation = DataApiOperations.normalizeOperation(target);
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            request = bytes.length == 0 ? mapper.createObjectNode() : mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new DataApiException("SerializationException", "The request is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw new DataApiException("SerializationException", "The request must be a JSON object");
        }
        FaultInjector.CallFault callFault = faults.takeCallFault(operation);
        if (callFault != null) {
            throw new DataApiException(
                    callFault.errorType(), callFault.message(), callFault.httpStatus(), java.util.Map.of());
        }
        if (DataApiOperations.isSubmit(operation)
                && request.hasNonNull("ClusterIdentifier")
                && cluster.refusesStatements()) {
            // The Data API reference lists no error for a paused cluster: ValidationException is a guess
            // (docs/local-warehouse.md). Describe, GetStatementResult and Cancel still answer: the Data API keeps
            // its statements' records apart from the cluster.
            throw DataApiException.validation(
                    "Cluster " + request.get("ClusterIdentifier").asText()
                            + " is not available for queries: it is paused, pausing or resuming");
        }
        if (DataApiOperations.isSubmit(operation) && faults.takeThrottle()) {
            throw new DataApiException(
                    "ActiveStatementsExceededException", "Active statements exceeded the allowed quota.");
        }
        return operations.call(
                operation, request, accessKeyId(exchange.getRequestHeaders().getFirst("Authorization")));
    }

    /**
     * The access key id of a SigV4 header, {@code AWS4-HMAC-SHA256 Credential=<key>/<date>/...};
     * null when there is none.
     */
    static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        int start = authorization.indexOf("Credential=");
        if (start < 0) {
            return null;
        }
        start += "Credential=".length();
        int end = authorization.indexOf('/', start);
        return end < 0 ? null : authorization.substring(start, end).trim();
    }

    private ObjectNode error(HttpExchange exchange, DataApiException e) {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type);
        ObjectNode body = mapper.createObjectNode();
        body.put("__type", e.type);
        body.put("message", e.getMessage());
        e.extraFields.forEach(body::put);
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
