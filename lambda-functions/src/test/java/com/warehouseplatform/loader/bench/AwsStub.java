package com.warehouseplatform.loader.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A tiny local stand-in for the three AWS APIs the loader calls, on one port, so that the real
 * handler with the real SDK clients can run end to end: point AWS_ENDPOINT_URL_S3,
 * AWS_ENDPOINT_URL_REDSHIFT_DATA and AWS_ENDPOINT_URL_SNS at {@link #endpoint()}.
 *
 * <ul>
 *   <li>S3 (path-style, as the SDK addresses an IP endpoint): ListObjectsV2, GetObject, HeadObject,
 *       PutObject (aws-chunked bodies decoded), DeleteObject, from an in-memory store;</li>
 *   <li>Redshift Data API (JSON, X-Amz-Target): ExecuteStatement, BatchExecuteStatement,
 *       DescribeStatement, GetStatementResult; every statement ends at once, as the scenario says;</li>
 *   <li>SNS (query protocol): Publish.</li>
 * </ul>
 * No signature is checked.
 */
public final class AwsStub implements AutoCloseable {

    /** What the source prefix holds and how the batch ends. */
    public enum Scenario {
        /** Nothing to load: the run lists and finds the loader up to date. */
        UP_TO_DATE,
        /** One new file, whose batch commits. */
        NEW_FILE,
        /** One new file, whose COPY fails: the run quarantines it, alerts through SNS and fails. */
        FAILED_FILE
    }

    static final String SOURCE_BUCKET = "raw-bucket";
    static final String NEW_KEY = "orders/2024/05/01/orders-0001.csv.gz";

    private final Scenario scenario;
    private final HttpServer server;
    private final Map<String, NavigableMap<String, byte[]>> buckets = new ConcurrentHashMap<>();
    private final Map<String, List<String>> statements = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentSkipListMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private AwsStub(Scenario scenario) throws IOException {
        this.scenario = scenario;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "aws-stub");
            t.setDaemon(true);
            return t;
        }));
        if (scenario != Scenario.UP_TO_DATE) {
            bucket(SOURCE_BUCKET).put(NEW_KEY, new byte[100]);
        }
    }

    public static AwsStub start(Scenario scenario) throws IOException {
        AwsStub stub = new AwsStub(scenario);
        stub.server.start();
        return stub;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Calls answered so far, by API and operation: {@code {S3.PutObject=3, ...}}. */
    public Map<String, Integer> calls() {
        Map<String, Integer> out = new LinkedHashMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The keys stored in a bucket, for checks. */
    public List<String> keys(String bucket) {
        return new ArrayList<>(bucket(bucket).keySet());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private NavigableMap<String, byte[]> bucket(String name) {
        return buckets.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>());
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String target = x.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = x.getRequestBody().readAllBytes();
            if (target != null && target.startsWith("RedshiftData.")) {
                dataApi(
                        x,
                        target.substring("RedshiftData.".length()),
                        JsonNode.parser().parse(body));
            } else if ("POST".equals(x.getRequestMethod())
                    && new String(body, StandardCharsets.UTF_8).contains("Action=")) {
                Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
                if ("DescribeClusters".equals(form.get("Action"))) {
                    redshift(x, form);
                } else {
                    sns(x, form);
                }
            } else {
                s3(x, body);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            send(x, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------ S3

    private void s3(HttpExchange x, byte[] body) throws IOException {
        URI uri = x.getRequestURI();
        String path = uri.getPath().substring(1);
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        Map<String, String> query = form(uri.getRawQuery());
        String method = x.getRequestMethod();
        if ("GET".equals(method) && key.isEmpty() && "2".equals(query.get("list-type"))) {
            count("S3.ListObjectsV2");
            send(x, 200, "application/xml", list(bucket, query).getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] stored = bucket(bucket).get(key);
        switch (method) {
            case "GET", "HEAD" -> {
                count("GET".equals(method) ? "S3.GetObject" : "S3.HeadObject");
                if (stored == null) {
                    String error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                            + "<Message>The specified key does not exist.</Message><Key>" + xml(key) + "</Key></Error>";
                    send(
                            x,
                            404,
                            "application/xml",
                            "HEAD".equals(method) ? null : error.getBytes(StandardCharsets.UTF_8));
                } else {
                    x.getResponseHeaders().add("ETag", "\"" + md5(stored) + "\"");
                    x.getResponseHeaders().add("Last-Modified", "Wed, 01 May 2024 12:00:00 GMT");
                    if ("HEAD".equals(method)) {
                        x.getResponseHeaders().add("Content-Length", String.valueOf(stored.length));
                        x.sendResponseHeaders(200, -1);
                    } else {
                        send(x, 200, "application/octet-stream", stored);
                    }
                }
            }
            case "PUT" -> {
                count("S3.PutObject");
                byte[] content = isChunked(x) ? unchunk(body) : body;
                bucket(bucket).put(key, content);
                x.getResponseHeaders().add("ETag", "\"" + md5(content) + "\"");
                send(x, 200, "application/xml", null);
            }
            case "DELETE" -> {
                count("S3.DeleteObject");
                bucket(bucket).remove(key);
                x.sendResponseHeaders(204, -1);
            }
            default -> send(x, 405, "text/plain", null);
        }
    }

    private String list(String bucket, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        String after = query.get("start-after");
        boolean urlEncoded = "url".equals(query.get("encoding-type"));
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        b.append("<Name>")
                .append(bucket)
                .append("</Name><Prefix>")
                .append(xml(prefix))
                .append("</Prefix>");
        int count = 0;
        StringBuilder contents = new StringBuilder();
        for (Map.Entry<String, byte[]> e : bucket(bucket).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix) || (after != null && key.compareTo(after) <= 0)) {
                continue;
            }
            count++;
            contents.append("<Contents><Key>")
                    .append(xml(urlEncoded ? URLEncoder.encode(key, StandardCharsets.UTF_8) : key))
                    .append("</Key><LastModified>2024-05-01T12:00:00.000Z</LastModified><ETag>&quot;")
                    .append(md5(e.getValue()))
                    .append("&quot;</ETag><Size>")
                    .append(e.getValue().length)
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        b.append("<KeyCount>").append(count).append("</KeyCount><MaxKeys>1000</MaxKeys>");
        if (urlEncoded) {
            b.append("<EncodingType>url</EncodingType>");
        }
        b.append("<IsTruncated>false</IsTruncated>").append(contents).append("</ListBucketResult>");
        return b.toString();
    }

    private static boolean isChunked(HttpExchange x) {
        String encoding = x.getRequestHeaders().getFirst("Content-Encoding");
        String sha = x.getRequestHeaders().getFirst("x-amz-content-sha256");
        return (encoding != null && encoding.contains("aws-chunked")) || (sha != null && sha.startsWith("STREAMING-"));
    }

    /** The payload of an aws-chunked body: {@code <hex size>[;ext]\r\n<data>\r\n ... 0[;ext]\r\n<trailers>}. */
    static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int eol = indexOf(body, pos);
            String header = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("bad aws-chunked body");
    }

    // ------------------------------------------------------------------ Redshift Data API

    private void dataApi(HttpExchange x, String operation, JsonNode request) throws IOException {
        count("RedshiftData." + operation);
        String response = switch (operation) {
            case "ExecuteStatement" -> submitted(List.of(text(request, "Sql")), "stmt");
            case "BatchExecuteStatement" ->
                submitted(
                        request.field("Sqls").orElseThrow().asArray().stream()
                                .map(JsonNode::asString)
                                .toList(),
                        "batch");
            case "DescribeStatement" -> describe(text(request, "Id"));
            case "GetStatementResult" -> result(text(request, "Id"));
            default -> null;
        };
        if (response == null) {
            send(
                    x,
                    400,
                    "application/x-amz-json-1.1",
                    ("{\"__type\":\"ValidationException\",\"message\":\"stub does not answer " + operation + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(x, 200, "application/x-amz-json-1.1", response.getBytes(StandardCharsets.UTF_8));
    }

    private String submitted(List<String> sqls, String kind) {
        String id = kind + "-" + ids.incrementAndGet();
        statements.put(id, sqls);
        return "{\"Id\":\"" + id
                + "\",\"ClusterIdentifier\":\"warehouse\",\"Database\":\"dev\",\"CreatedAt\":1714564800}";
    }

    private String describe(String id) {
        List<String> sqls = statements.get(id);
        boolean batch = id.startsWith("batch-");
        int copy = firstCopy(sqls);
        boolean fails = batch && scenario == Scenario.FAILED_FILE && copy >= 0;
        StringBuilder subs = new StringBuilder();
        if (batch) {
            for (int i = 0; i < sqls.size(); i++) {
                String status = fails && i == copy ? "FAILED" : fails && i > copy ? "ABORTED" : "FINISHED";
                long rows = sqls.get(i).startsWith("INSERT INTO ops.\"ledger_") ? 1 : 0;
                subs.append(i == 0 ? "" : ",")
                        .append("{\"Id\":\"")
                        .append(id)
                        .append(':')
                        .append(i + 1)
                        .append("\",\"Status\":\"")
                        .append(status)
                        .append("\",\"ResultRows\":")
                        .append(rows)
                        .append(",\"RedshiftQueryId\":")
                        .append(4200 + i)
                        .append(fails && i == copy ? ",\"Error\":\"ERROR: Load into table 'stage' failed.\"" : "")
                        .append('}');
            }
        }
        return "{\"Id\":\"" + id + "\",\"Status\":\"" + (fails ? "FAILED" : "FINISHED") + "\""
                + (fails ? ",\"Error\":\"ERROR: Load into table 'stage' failed.\"" : "")
                + ",\"HasResultSet\":" + !batch + ",\"Duration\":1000000,\"RedshiftQueryId\":4100"
                + (batch ? ",\"SubStatements\":[" + subs + "]" : "") + "}";
    }

    private static int firstCopy(List<String> sqls) {
        for (int i = 0; i < sqls.size(); i++) {
            if (sqls.get(i).startsWith("COPY stage ")) { // the data COPY; the file list's COPY succeeds
                return i;
            }
        }
        return -1;
    }

    /** Columns for the column query, one load error for the error query, no ledger rows. */
    private String result(String id) {
        List<String> sqls = statements.get(id);
        if (sqls == null) {
            return "{\"Records\":[],\"TotalNumRows\":0}"; // a sub-statement's result: no conflicts, no repeated keys
        }
        String sql = sqls.get(0);
        List<String> rows = new ArrayList<>();
        if (sql.contains("information_schema.columns")) {
            for (String column : List.of("order_id", "customer_id", "amount", "ordered_at")) {
                rows.add("[{\"stringValue\":\"" + column + "\"}]");
            }
        } else if (sql.contains("stl_load_errors") || sql.contains("sys_load_error_detail")) {
            rows.add("[{\"longValue\":4205},{\"stringValue\":\"s3://" + SOURCE_BUCKET + "/" + NEW_KEY + "\"},"
                    + "{\"longValue\":3},{\"stringValue\":\"amount\"},{\"longValue\":1207},"
                    + "{\"stringValue\":\"Invalid digit, Value 'x', Pos 0, Type: Decimal\"}]");
        }
        return "{\"Records\":[" + String.join(",", rows) + "],\"TotalNumRows\":" + rows.size() + "}";
    }

    private static String text(JsonNode node, String field) {
        return node.field(field)
                .orElseThrow(() -> new IllegalArgumentException("no " + field))
                .asString();
    }

    // ------------------------------------------------------------------ SNS

    private void sns(HttpExchange x, Map<String, String> form) throws IOException {
        count("SNS." + form.get("Action"));
        if (!"Publish".equals(form.get("Action"))) {
            send(
                    x,
                    400,
                    "text/xml",
                    ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"
                                    + "<Message>stub</Message></Error></ErrorResponse>")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String response = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                + "<MessageId>message-" + ids.incrementAndGet() + "</MessageId></PublishResult>"
                + "<ResponseMetadata><RequestId>request-1</RequestId></ResponseMetadata></PublishResponse>";
        send(x, 200, "text/xml", response.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ Redshift API (query protocol)

    /** DescribeClusters: the loader's cluster, available (the loader asks before every run: ClusterState). */
    private void redshift(HttpExchange x, Map<String, String> form) throws IOException {
        count("Redshift." + form.get("Action"));
        String response = "<DescribeClustersResponse xmlns=\"http://redshift.amazonaws.com/doc/2012-12-01/\">"
                + "<DescribeClustersResult><Clusters><Cluster><ClusterIdentifier>"
                + form.get("ClusterIdentifier") + "</ClusterIdentifier><ClusterStatus>available</ClusterStatus>"
                + "<ClusterAvailabilityStatus>Available</ClusterAvailabilityStatus><NodeType>ra3.xlplus</NodeType>"
                + "<Endpoint><Address>stub</Address><Port>5439</Port></Endpoint></Cluster></Clusters>"
                + "</DescribeClustersResult><ResponseMetadata><RequestId>request-1</RequestId></ResponseMetadata>"
                + "</DescribeClustersResponse>";
        send(x, 200, "text/xml", response.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ helpers

    private static void send(HttpExchange x, int status, String contentType, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", contentType);
        x.getResponseHeaders().set("x-amzn-RequestId", "stub");
        if (body == null || body.length == 0) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
