package lineage.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.dbms.api.DatabaseNotFoundException;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Opens a Neo4j Community database under a home folder, puts a Bolt-only front on
 * 127.0.0.1:PORT, prints one READY line, and shuts down cleanly on SIGTERM or SIGINT.
 *
 * Usage: LocalNeo4j HOME PORT [setting=value ...]
 *
 * The settings (auth, memory, transaction logs) are chosen by the Python manager
 * (lineage/localdb/manager.py), the one place they are decided.
 *
 * Why a front: Neo4j's Bolt connector accepts WebSocket upgrades from any origin and
 * has no setting to refuse them, so a web page in the user's browser could speak Bolt
 * to it. Neo4j listens on an ephemeral loopback port; the front relays only
 * connections whose first four bytes are the Bolt magic 0x6060B017 and closes any
 * other (an HTTP "GET " of a WebSocket upgrade gets a 403 first).
 */
public final class LocalNeo4j {
    private static final int BOLT_MAGIC = 0x6060B017;
    private static final int FIRST_BYTES_TIMEOUT_MS = 10_000;
    private static final AtomicLong REFUSED = new AtomicLong();

    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LocalNeo4j HOME PORT [setting=value ...]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("not a setting=value pair: " + args[i]);
                System.exit(2);
            }
            raw.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }

        // Bind the public port first: a port in use fails before the store is opened.
        ServerSocket front = new ServerSocket();
        front.setReuseAddress(true);
        front.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                // Port 0: an ephemeral loopback port that only the front is told.
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .setConfig(HttpConnector.enabled, false)
                // LOAD CSV may read files under <home>/import only, never the rest of the machine.
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"));
        Config parsed = Config.newBuilder().setRaw(raw).build();  // fails on an unknown name or bad value
        for (String name : raw.keySet()) {
            Setting<Object> setting = parsed.getSetting(name);
            builder.setConfig(setting, parsed.get(setting));
        }
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                front.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            dbms.shutdown();
            stopped.countDown();
        }, "lineage-shutdown"));

        GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        int boltPort = system.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT).getPort();
        Thread acceptor = new Thread(() -> accept(front, boltPort), "bolt-front");
        acceptor.setDaemon(true);
        acceptor.start();

        // Which databases are up, asked in-process: over Bolt, a cold server's first SHOW DATABASES
        // costs 1.3-1.8 s, most of what is left of a start after the JVM's.
        List<String> down = new ArrayList<>();
        for (String name : dbms.listDatabases()) {
            try {
                if (!dbms.database(name).isAvailable(0)) {
                    down.add(name);
                }
            } catch (DatabaseNotFoundException e) {
                down.add(name);
            }
        }
        System.out.println("READY bolt://127.0.0.1:" + port
                + (down.isEmpty() ? " all-databases-available" : " unavailable=" + String.join(",", down)));
        System.out.flush();
        stopped.await();
    }

    private static void accept(ServerSocket front, int boltPort) {
        while (!front.isClosed()) {
            Socket client;
            try {
                client = front.accept();
            } catch (IOException e) {
                if (front.isClosed()) {
                    return;
                }
                continue;
            }
            Thread t = new Thread(() -> relay(client, boltPort), "bolt-front-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void relay(Socket client, int boltPort) {
        try (client) {
            client.setTcpNoDelay(true);  // Bolt is chatty: Nagle would add delays to every reply
            client.setSoTimeout(FIRST_BYTES_TIMEOUT_MS);
            InputStream in = client.getInputStream();
            byte[] first = in.readNBytes(4);
            int magic = first.length == 4
                    ? ((first[0] & 0xff) << 24) | ((first[1] & 0xff) << 16) | ((first[2] & 0xff) << 8) | (first[3] & 0xff)
                    : 0;
            if (magic != BOLT_MAGIC) {
                refuse(client, first);
                return;
            }
            client.setSoTimeout(0);
            try (Socket server = new Socket(InetAddress.getLoopbackAddress(), boltPort)) {
                server.setTcpNoDelay(true);
                OutputStream toServer = server.getOutputStream();
                toServer.write(first);
                Thread back = new Thread(() -> pump(server, client), "bolt-front-back");
                back.setDaemon(true);
                back.start();
                pump(client, server);
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // the peer went away: nothing to do
        }
    }

    private static void refuse(Socket client, byte[] first) throws IOException {
        long n = REFUSED.incrementAndGet();
        String start = new String(first, StandardCharsets.ISO_8859_1);
        if (start.startsWith("GET ")) {
            String body = "This Neo4j speaks Bolt over TCP only; WebSocket and HTTP are refused.\n";
            client.getOutputStream().write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
        }
        if (n <= 20 || n % 1000 == 0) {  // a line per refusal, but never a flood
            System.out.println("refused a connection that is not Bolt (HTTP/WebSocket or other) from "
                    + client.getRemoteSocketAddress() + " (" + n + " so far)");
            System.out.flush();
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
