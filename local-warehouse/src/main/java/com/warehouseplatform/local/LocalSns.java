package com.warehouseplatform.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Amazon SNS's Query protocol for the one call the loader makes, {@code Publish}, on 127.0.0.1: it keeps
 * what was published so that tests and the local CLI can show the alerts. Any other action is an error.
 */
public final class LocalSns implements AutoCloseable {

    /** One published message. */
    public record Message(String topicArn, String subject, String body) {}

    private final HttpServer server;
    private final List<Message> messages = new ArrayList<>();

    private LocalSns(HttpServer server) {
        this.server = server;
    }

    public static LocalSns start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            LocalSns sns = new LocalSns(server);
            server.createContext("/", sns::handle);
            server.start();
            return sns;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local SNS endpoint: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Everything published so far, oldest first. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    public synchronized void clear() {
        messages.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"Publish".equals(form.get("Action"))) {
                respond(
                        exchange,
                        400,
                        "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>"
                                + "the local SNS endpoint answers Publish only, got " + escape(form.get("Action"))
                                + "</Message></Error><RequestId>local</RequestId></ErrorResponse>");
                return;
            }
            synchronized (this) {
                messages.add(new Message(form.get("TopicArn"), form.get("Subject"), form.get("Message")));
            }
            respond(
                    exchange,
                    200,
                    "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                            + "<MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult>"
                            + "<ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></PublishResponse>");
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
