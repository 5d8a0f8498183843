package dev.eventstack.db;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default database: mongo-java-server with its file-persistent H2 backend, listening
 * on a loopback port so that the db-verticle talks to it over the MongoDB wire protocol, exactly as
 * it talks to a real MongoDB.
 *
 * <p>Every method here blocks; callers run them on a worker thread.
 */
final class EmbeddedMongo {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
  static final String FILE_NAME = "eventstack.mv.db";

  private final H2Backend backend;
  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedMongo(H2Backend backend, MongoServer server, InetSocketAddress address) {
    this.backend = backend;
    this.server = server;
    this.address = address;
  }

  /** Opens (or creates) the database file in {@code dataDir} and starts listening on loopback. */
  static EmbeddedMongo start(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create data dir " + dataDir + ": " + e.getMessage(), e);
    }
    H2Backend backend;
    try {
      backend = new H2Backend(file.toString());
    } catch (RuntimeException e) {
      // H2 locks the file; the usual cause is a second process on the same data dir.
      throw new IllegalStateException(
          "cannot open "
              + file
              + " (is another eventstack using this data dir?): "
              + e.getMessage(),
          e);
    }
    MongoServer server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    LOG.info("embedded MongoDB started file={} address={}", file, address);
    return new EmbeddedMongo(backend, server, address);
  }

  String connectionString(String dbName) {
    return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + dbName;
  }

  /** Makes every write applied so far durable: H2 otherwise commits only on a timer. */
  void commit() {
    backend.commit();
  }

  void stop() {
    server.shutdownNow();
    backend.close();
    LOG.info("embedded MongoDB stopped");
  }
}
