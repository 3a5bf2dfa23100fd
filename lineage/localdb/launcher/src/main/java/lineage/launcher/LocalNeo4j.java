package lineage.launcher;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Opens a Neo4j Community database under a home folder with Bolt on 127.0.0.1,
 * prints one READY line, and shuts down cleanly on SIGTERM or SIGINT.
 *
 * Usage: LocalNeo4j HOME PORT [PAGECACHE_MIB] [auth]
 *
 * With "auth" the server asks for the user and password set beforehand with
 * neo4j-admin dbms set-initial-password; without it, loopback needs none.
 */
public final class LocalNeo4j {
    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LocalNeo4j HOME PORT [PAGECACHE_MIB] [auth]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheMib = args.length > 2 ? Long.parseLong(args[2]) : 256;
        boolean auth = args.length > 3 && args[3].equals("auth");

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                // Loopback only: by default the local instance is a developer's database, like sqlite.
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                // LOAD CSV may read files under <home>/import only, never the rest of the machine.
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"))
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMib))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "lineage-shutdown"));

        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}
