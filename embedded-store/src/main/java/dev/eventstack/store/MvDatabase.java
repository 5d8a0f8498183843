package dev.eventstack.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * One database: its collections and indexes as named maps in the shared {@link MVStore}.
 *
 * <p>Map names: {@code data:<db>.<collection>} (documents by {@code _id}), {@code
 * meta:<db>.<collection>} (data size, multikey flags) and {@code index:<db>.<collection>:<index>}.
 */
final class MvDatabase extends AbstractSynchronizedMongoDatabase<Object> {

  static final String DATA_PREFIX = "data:";
  private static final String META_PREFIX = "meta:";
  private static final String INDEX_PREFIX = "index:";

  private final MVStore store;
  private final StoreStats stats;

  MvDatabase(String name, MVStore store, StoreStats stats, CursorRegistry cursors) {
    super(name, cursors);
    this.store = store;
    this.stats = stats;
    initializeNamespacesAndIndexes();
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(
      String collectionName, CollectionOptions options) {
    String namespace = getFullCollectionNamespace(collectionName);
    return new MvCollection(
        this,
        collectionName,
        options,
        cursorRegistry,
        store.openMap(
            DATA_PREFIX + namespace,
            new MVMap.Builder<Object[], byte[]>()
                .keyType(new KeyType(true))
                .valueType(org.h2.mvstore.type.ByteArrayDataType.INSTANCE)),
        store.openMap(META_PREFIX + namespace),
        stats);
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(
      String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    if (keys.size() == 1 && keys.get(0).getKey().equals(QueryPlanner.ID)) {
      MvCollection collection = (MvCollection) resolveCollection(collectionName, true);
      return new IdIndex(indexName, keys.get(0).isAscending(), collection.documents());
    }
    return openIndex(collectionName, indexName, keys, sparse, true);
  }

  @Override
  protected Index<Object> openOrCreateSecondaryIndex(
      String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    return openIndex(collectionName, indexName, keys, sparse, false);
  }

  private Index<Object> openIndex(
      String collectionName,
      String indexName,
      List<IndexKey> keys,
      boolean sparse,
      boolean unique) {
    String namespace = getFullCollectionNamespace(collectionName);
    MVMap<Object[], byte[]> entries =
        store.openMap(
            indexMapName(collectionName, indexName),
            new MVMap.Builder<Object[], byte[]>()
                .keyType(MvIndex.keyType(keys))
                .valueType(org.h2.mvstore.type.ByteArrayDataType.INSTANCE));
    return new MvIndex(
        indexName, keys, sparse, unique, entries, store.openMap(META_PREFIX + namespace));
  }

  private String indexMapName(String collectionName, String indexName) {
    return INDEX_PREFIX + getFullCollectionNamespace(collectionName) + ":" + indexName;
  }

  @Override
  protected void dropIndex(MongoCollection<Object> collection, String indexName) {
    super.dropIndex(collection, indexName);
    String name = indexMapName(collection.getCollectionName(), indexName);
    if (store.hasMap(name)) {
      store.removeMap(name);
    }
  }

  @Override
  public void dropCollection(String collectionName, Oplog oplog) {
    super.dropCollection(collectionName, oplog);
    removeMaps(getFullCollectionNamespace(collectionName));
  }

  @Override
  public void drop(Oplog oplog) {
    super.drop(oplog);
    for (String name : List.copyOf(store.getMapNames())) {
      if (name.substring(name.indexOf(':') + 1).startsWith(databaseName + ".")) {
        store.removeMap(name);
      }
    }
  }

  private void removeMaps(String namespace) {
    for (String name : List.copyOf(store.getMapNames())) {
      if (name.equals(DATA_PREFIX + namespace)
          || name.equals(META_PREFIX + namespace)
          || name.startsWith(INDEX_PREFIX + namespace + ":")) {
        store.removeMap(name);
      }
    }
  }

  @Override
  public void moveCollection(
      MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
    String oldNamespace = collection.getFullName();
    super.moveCollection(oldDatabase, collection, newCollectionName);
    String newNamespace = getFullCollectionNamespace(newCollectionName);
    for (String name : List.copyOf(store.getMapNames())) {
      String renamed = null;
      if (name.equals(DATA_PREFIX + oldNamespace) || name.equals(META_PREFIX + oldNamespace)) {
        renamed = name.substring(0, name.indexOf(':') + 1) + newNamespace;
      } else if (name.startsWith(INDEX_PREFIX + oldNamespace + ":")) {
        renamed =
            INDEX_PREFIX + newNamespace + name.substring((INDEX_PREFIX + oldNamespace).length());
      }
      if (renamed != null) {
        store.renameMap(store.openMap(name), renamed);
      }
    }
  }

  /**
   * An index whose build failed (a duplicate, say) leaves no entries behind to be trusted later.
   */
  @Override
  protected void addIndex(Document description) {
    try {
      super.addIndex(description);
    } catch (RuntimeException e) {
      String namespace = String.valueOf(description.get("ns"));
      String collectionName = namespace.substring(namespace.indexOf('.') + 1);
      String name = String.valueOf(description.get("name"));
      MongoCollection<Object> collection = resolveCollection(collectionName, false);
      boolean registered =
          collection != null
              && collection.getIndexes().stream().anyMatch(index -> index.getName().equals(name));
      String mapName = indexMapName(collectionName, name);
      if (!registered && store.hasMap(mapName)) {
        store.removeMap(mapName);
      }
      throw e;
    }
  }

  /** Replays an index description, as at start; used when migrating old data dirs. */
  void declareIndex(Document description) {
    addIndex(description);
  }

  @Override
  public Document handleCommand(
      Channel channel,
      String command,
      Document query,
      DatabaseResolver databaseResolver,
      Oplog oplog) {
    if (command.equalsIgnoreCase("aggregate")) {
      CountPipeline count = CountPipeline.parse(query.get("pipeline"));
      if (count != null) {
        return countDocuments(query.get(command).toString(), count);
      }
    }
    return super.handleCommand(channel, command, query, databaseResolver, oplog);
  }

  /**
   * The drivers' {@code countDocuments} ({@code $match}, {@code $group} with {@code $sum: 1}),
   * answered by the collection's count, which uses index ranks, instead of a full aggregation.
   */
  private Document countDocuments(String collectionName, CountPipeline pipeline) {
    MongoCollection<Object> collection = resolveCollection(collectionName, false);
    long count =
        collection == null
            ? 0
            : collection.count(pipeline.match(), pipeline.skip(), pipeline.limit());
    List<Document> batch = count == 0 ? List.of() : List.of(pipeline.result(count));
    Document cursor = new Document();
    cursor.put("id", 0L);
    cursor.put("ns", getFullCollectionNamespace(collectionName));
    cursor.put("firstBatch", batch);
    Document response = new Document();
    response.put("cursor", cursor);
    response.put("ok", 1.0);
    return response;
  }

  @Override
  protected long getStorageSize() {
    return store.getFileStore() == null ? 0 : store.getFileStore().size();
  }

  @Override
  protected long getFileSize() {
    return getStorageSize();
  }
}
