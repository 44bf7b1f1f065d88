package com.warehouseplatform.local;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The PostgreSQL port that users reach, in front of the embedded PostgreSQL, as a Redshift
 * cluster's port is reached: TLS required (the deployed clusters and workgroups set
 * {@code require_ssl=true}), and every statement translated from Redshift's SQL as the Data API
 * path translates it.
 *
 * <p>The startup: an SSLRequest gets 'S' and a TLS handshake with the
 * {@link SelfSignedCertificate}; a GSSENCRequest gets 'N' (no GSSAPI encryption, as Redshift); a
 * CancelRequest goes to PostgreSQL unchanged (the BackendKeyData that clients hold is
 * PostgreSQL's own); a startup message without TLS is refused with Redshift's
 * {@code no pg_hba.conf entry ... SSL off} (Management Guide connecting-ssl-support: "the server
 * requires SSL and the client has SSL disabled"). Then PostgreSQL's messages are relayed as they
 * are, and of the client's the SQL of every simple Query ('Q') and Parse ('P') goes through
 * {@link FrontDoorTranslation}; the others are relayed as they are.
 */
public final class PostgresFrontDoor implements Closeable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;
    /** PostgreSQL's own limit on a startup packet (MAX_STARTUP_PACKET_LENGTH). */
    private static final int MAX_STARTUP_LENGTH = 10000;
    /** How long a client may take over its startup, as PostgreSQL's authentication_timeout. */
    private static final int STARTUP_TIMEOUT_MILLIS = 60_000;

    private final ServerSocket listener;
    private final int postgresPort;
    private final SSLContext tls;
    private final ExecutorService threads;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final BooleanSupplier refuse;

    /** Listens on 127.0.0.1:{@code port} (0 = a free port) for PostgreSQL on {@code postgresPort}. */
    public PostgresFrontDoor(int port, int postgresPort, SSLContext tls) throws IOException {
        this(port, postgresPort, tls, () -> false);
    }

    /**
     * As above; while {@code refuse} is true (the cluster is paused) new connections are closed at once, as
     * a paused cluster's endpoint accepts none. Sessions already open are left alone.
     */
    public PostgresFrontDoor(int port, int postgresPort, SSLContext tls, BooleanSupplier refuse) throws IOException {
        this.refuse = refuse;
        this.postgresPort = postgresPort;
        this.tls = tls;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, threadNamePrefix() + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Its threads are named this and a number. */
    String threadNamePrefix() {
        return "postgres-front-door-" + port() + "-";
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (refuse.getAsBoolean()) {
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                sockets.add(client);
                threads.execute(() -> session(client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("local warehouse: front door: " + e.getMessage());
                }
            }
        }
    }

    private void session(Socket client) {
        Socket socket = client;
        Socket server = null;
        try {
            socket.setSoTimeout(STARTUP_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            boolean encrypted = false;
            while (true) {
                int length = in.readInt();
                if (length < 8 || length > MAX_STARTUP_LENGTH) {
                    return; // not the PostgreSQL protocol (or a TLS ClientHello without SSLRequest first)
                }
                byte[] packet = new byte[length];
                ByteBuffer.wrap(packet).putInt(length);
                in.readFully(packet, 4, length - 4);
                int code = ByteBuffer.wrap(packet, 4, 4).getInt();
                if (code == SSL_REQUEST && !encrypted) {
                    socket.getOutputStream().write('S');
                    socket.getOutputStream().flush();
                    SSLSocket secure =
                            (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                    secure.setUseClientMode(false);
                    sockets.add(secure);
                    sockets.remove(socket);
                    socket = secure;
                    secure.startHandshake();
                    in = new DataInputStream(secure.getInputStream());
                    encrypted = true;
                } else if (code == GSSENC_REQUEST && !encrypted) {
                    socket.getOutputStream().write('N');
                    socket.getOutputStream().flush();
                } else if (code == CANCEL_REQUEST) {
                    try (Socket cancel = connectToPostgres()) {
                        cancel.getOutputStream().write(packet);
                        cancel.getOutputStream().flush();
                        cancel.getInputStream().read(); // PostgreSQL closes it when done
                    }
                    return;
                } else if ((code >>> 16) == 3) {
                    if (!encrypted) {
                        refusePlaintext(socket.getOutputStream(), startupParameters(packet));
                        return;
                    }
                    server = connectToPostgres();
                    sockets.add(server);
                    OutputStream toServer = new BufferedOutputStream(server.getOutputStream(), 65536);
                    toServer.write(packet);
                    toServer.flush();
                    Socket fromServer = server;
                    Socket toClient = socket;
                    threads.execute(() -> relayServer(fromServer, toClient));
                    socket.setSoTimeout(0); // from here on PostgreSQL's own timeouts apply
                    relayClient(in, toServer);
                    return;
                } else {
                    return; // an unknown request code, or a second SSLRequest: PostgreSQL hangs up too
                }
            }
        } catch (EOFException | SocketException | SocketTimeoutException e) {
            // the client or PostgreSQL hung up, or the client's startup took too long
        } catch (IOException e) {
            if (!closed) {
                System.err.println("local warehouse: front door: " + e.getMessage());
            }
        } finally {
            closeQuietly(server);
            closeQuietly(socket);
        }
    }

    private Socket connectToPostgres() throws IOException {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), postgresPort);
        server.setTcpNoDelay(true);
        return server;
    }

    /** The client's messages, the SQL of 'Q' and 'P' translated, until it hangs up. */
    private static void relayClient(DataInputStream in, OutputStream toServer) throws IOException {
        byte[] buffer = new byte[65536];
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            int length = in.readInt();
            if (length < 4) {
                throw new IOException("invalid message length " + length + " from the client");
            }
            if (type == 'Q' || type == 'P') {
                byte[] body = new byte[length - 4];
                in.readFully(body);
                byte[] translated = type == 'Q' ? translateQuery(body) : translateParse(body);
                toServer.write(type);
                writeInt(toServer, translated.length + 4);
                toServer.write(translated);
            } else {
                toServer.write(type);
                writeInt(toServer, length);
                int left = length - 4;
                while (left > 0) {
                    int n = in.read(buffer, 0, Math.min(left, buffer.length));
                    if (n < 0) {
                        throw new EOFException();
                    }
                    toServer.write(buffer, 0, n);
                    left -= n;
                }
            }
            if (type == 'X') {
                toServer.flush();
                return;
            }
            if (in.available() == 0) {
                toServer.flush();
            }
        }
    }

    /** PostgreSQL's messages to the client as they are; when either side hangs up, both go. */
    private void relayServer(Socket server, Socket client) {
        byte[] buffer = new byte[65536];
        try {
            InputStream in = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                toClient.write(buffer, 0, n);
                toClient.flush();
            }
        } catch (IOException e) {
            // either side hung up
        } finally {
            closeQuietly(server);
            closeQuietly(client);
        }
    }

    /** Query: the SQL string. */
    private static byte[] translateQuery(byte[] body) throws IOException {
        if (body.length == 0 || body[body.length - 1] != 0) {
            throw new IOException("a Query message from the client lacks its string terminator");
        }
        String sql = sqlText(body, 0, body.length - 1);
        return cString(sql == null ? notUtf8() : FrontDoorTranslation.toPostgres(sql, 0));
    }

    /** Parse: statement name, SQL string, Int16 parameter count, Int32 type of each parameter. */
    private static byte[] translateParse(byte[] body) throws IOException {
        int nameEnd = indexOfZero(body, 0);
        int sqlEnd = indexOfZero(body, nameEnd + 1);
        if (sqlEnd + 3 > body.length) {
            throw new IOException("a Parse message from the client lacks its parameter count");
        }
        int declared = ByteBuffer.wrap(body, sqlEnd + 1, 2).getShort() & 0xFFFF;
        String sql = sqlText(body, nameEnd + 1, sqlEnd);
        String translated = sql == null ? notUtf8() : FrontDoorTranslation.toPostgres(sql, declared);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        out.write(body, 0, nameEnd + 1);
        out.writeBytes(cString(translated));
        out.write(body, sqlEnd + 1, body.length - sqlEnd - 1);
        return out.toByteArray();
    }

    /** The text of bytes {@code [from, to)} as UTF-8, or null when they are not UTF-8. */
    private static String sqlText(byte[] body, int from, int to) {
        try {
            CharBuffer text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, from, to - from));
            return text.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Redshift's client encoding is UTF-8; the translation reads only that. */
    private static String notUtf8() {
        return FrontDoorTranslation.refusal(
                "the local warehouse translates only UTF-8 SQL text;" + " set client_encoding to UTF8", "", 0);
    }

    private static int indexOfZero(byte[] body, int from) throws IOException {
        for (int i = from; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        throw new IOException("a message from the client lacks its string terminator");
    }

    private static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }

    private static Map<String, String> startupParameters(byte[] packet) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = 8;
        while (i < packet.length && packet[i] != 0) {
            int keyEnd = indexOfZero(packet, i);
            int valueEnd = indexOfZero(packet, keyEnd + 1);
            parameters.put(
                    new String(packet, i, keyEnd - i, StandardCharsets.UTF_8),
                    new String(packet, keyEnd + 1, valueEnd - keyEnd - 1, StandardCharsets.UTF_8));
            i = valueEnd + 1;
        }
        return parameters;
    }

    /**
     * What a cluster with require_ssl=true answers a client with SSL disabled: the connection
     * "cannot be made" (Management Guide connecting-ssl-support); the words are Redshift's (its
     * PostgreSQL 8 wording, "SSL off", where PostgreSQL 17 says "no encryption").
     */
    private static void refusePlaintext(OutputStream out, Map<String, String> parameters) throws IOException {
        String user = parameters.getOrDefault("user", "");
        String database = parameters.getOrDefault("database", user);
        String message = "no pg_hba.conf entry for host \"127.0.0.1\", user \"" + user + "\", database \"" + database
                + "\", SSL off";
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (String[] field : new String[][] {
            {"S", "FATAL"},
            {"V", "FATAL"},
            {"C", "28000"},
            {"M", message},
            {
                "H",
                "The local warehouse, like the deployed warehouses"
                        + " (require_ssl=true), takes TLS connections only: connect with sslmode=require"
                        + " (or verify-full with sslrootcert=<the certificate file it printed>)."
            }
        }) {
            fields.write(field[0].charAt(0));
            fields.writeBytes(cString(field[1]));
        }
        fields.write(0);
        out.write('E');
        writeInt(out, fields.size() + 4);
        fields.writeTo(out);
        out.flush();
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private void closeQuietly(Socket socket) {
        if (socket != null) {
            sockets.remove(socket);
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Stops listening and ends every session; calling it again does nothing. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(this::closeQuietly);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
