package dev.eventstack.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection: its documents as BSON in a map ordered by {@code _id}, plus one ordered map per
 * secondary index. Queries are planned here ({@link QueryPlanner}) and read only the index range
 * they need; an exact plan skips and counts by rank, without reading the skipped documents.
 *
 * <p>mongo-java-server's synchronized base class runs one command at a time per collection; H2's
 * maps are safe to read meanwhile, and the backend's commit lock keeps a commit between commands.
 */
final class MvCollection extends AbstractSynchronizedMongoCollection<Object> {

  private static final Logger LOG = LoggerFactory.getLogger(MvCollection.class);
  private static final String DATA_SIZE = "dataSize";

  private final MVMap<Object[], byte[]> documents;
  private final MVMap<String, Object> meta;
  private final StoreStats stats;

  MvCollection(
      MongoDatabase database,
      String name,
      CollectionOptions options,
      CursorRegistry cursors,
      MVMap<Object[], byte[]> documents,
      MVMap<String, Object> meta,
      StoreStats stats) {
    super(database, name, options, cursors);
    this.documents = documents;
    this.meta = meta;
    this.stats = stats;
  }

  MVMap<Object[], byte[]> documents() {
    return documents;
  }

  // --- storage -------------------------------------------------------------------------------

  @Override
  protected Object addDocumentInternal(Document document) {
    Object id =
        getIdField() != null
            ? Utils.getSubdocumentValue(document, getIdField())
            : UUID.randomUUID();
    byte[] bson = DocumentCodec.encode(document);
    byte[] previous = documents.putIfAbsent(new Object[] {id}, bson);
    if (previous != null) {
      throw new IllegalStateException("document " + id + " already exists in " + getFullName());
    }
    addDataSize(bson.length);
    return id;
  }

  @Override
  protected Document getDocument(Object position) {
    byte[] bson = documents.get(new Object[] {position});
    return bson == null ? null : DocumentCodec.decode(bson);
  }

  @Override
  protected void removeDocument(Object position) {
    byte[] removed = documents.remove(new Object[] {position});
    if (removed == null) {
      throw new NoSuchElementException("no document with _id " + position + " in " + getFullName());
    }
    addDataSize(-removed.length);
  }

  @Override
  protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
    byte[] bson = DocumentCodec.encode(newDocument);
    byte[] previous = documents.put(new Object[] {position}, bson);
    addDataSize(bson.length - (previous == null ? 0 : previous.length));
  }

  /** The stored BSON size, kept from the bytes written rather than by re-encoding documents. */
  @Override
  protected boolean tracksDataSize() {
    return false;
  }

  private void addDataSize(long delta) {
    Object size = meta.get(DATA_SIZE);
    meta.put(DATA_SIZE, (size == null ? 0L : ((Number) size).longValue()) + delta);
  }

  @Override
  protected void updateDataSize(int sizeDelta) {
    addDataSize(sizeDelta);
  }

  @Override
  protected int getDataSize() {
    Object size = meta.get(DATA_SIZE);
    return size == null ? 0 : (int) Math.min(Integer.MAX_VALUE, ((Number) size).longValue());
  }

  @Override
  public int count() {
    return (int) Math.min(Integer.MAX_VALUE, documents.sizeAsLong());
  }

  @Override
  public boolean isEmpty() {
    return documents.isEmpty();
  }

  @Override
  protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
    Cursor<Object[], byte[]> cursor = documents.cursor(null);
    return stream(cursor)
        .map(key -> new DocumentWithPosition<>(DocumentCodec.decode(cursor.getValue()), key[0]));
  }

  @Override
  public void drop() {
    super.drop();
    documents.clear();
    meta.clear();
  }

  // --- queries ---------------------------------------------------------------------------------

  /** Every index the planner may use; the document map itself is the {@code _id} index. */
  List<QueryPlanner.Shape> shapes() {
    List<QueryPlanner.Shape> shapes = new ArrayList<>();
    shapes.add(
        new QueryPlanner.Shape(
            "_id_",
            List.of(new de.bwaldvogel.mongo.backend.IndexKey(QueryPlanner.ID, true)),
            true,
            true));
    for (Index<Object> index : getIndexes()) {
      if (index instanceof MvIndex secondary) {
        shapes.add(secondary.shape());
      }
    }
    return shapes;
  }

  private MVMap<Object[], byte[]> mapOf(QueryPlanner.Shape shape) {
    if (shape.primary()) {
      return documents;
    }
    for (Index<Object> index : getIndexes()) {
      if (index instanceof MvIndex secondary && secondary.getName().equals(shape.name())) {
        return secondary.entries();
      }
    }
    throw new IllegalStateException("index " + shape.name() + " is gone from " + getFullName());
  }

  QueryPlanner.Plan plan(Document query, Document orderBy) {
    return QueryPlanner.plan(query, orderBy, shapes());
  }

  @Override
  protected QueryResult queryDocuments(
      Document query,
      Document orderBy,
      int numberToSkip,
      int limit,
      int batchSize,
      Document projection) {
    QueryPlanner.Plan plan = plan(query, orderBy);
    boolean sortInMemory = !plan.sortedByIndex() && orderBy != null && !orderBy.isEmpty();
    boolean scan = plan.scan() && !isSystemCollection();
    stats.query(scan, sortInMemory);
    if (scan) {
      LOG.debug("collection scan of {}: filter {} sort {}", getFullName(), query, orderBy);
    }
    int skipLeft = numberToSkip;
    Stream<Document> candidates;
    if (plan.ids() != null) {
      candidates = plan.ids().stream().map(this::getDocument).filter(Objects::nonNull);
    } else {
      MVMap<Object[], byte[]> map = mapOf(plan.index());
      if (plan.exact() && numberToSkip > 0) {
        skipLeft = 0;
        Object[] first = keyAfterSkipping(map, plan, numberToSkip);
        candidates =
            first == null
                ? Stream.empty()
                : read(plan.index(), map.cursor(first, plan.to(), plan.reverse()));
      } else {
        candidates = read(plan.index(), map.cursor(plan.from(), plan.to(), plan.reverse()));
      }
    }
    candidates = candidates.peek(document -> stats.documentRead());
    return matchDocumentsFromStream(
        query,
        candidates,
        skipLeft,
        limit,
        batchSize,
        sortInMemory ? deriveComparator(orderBy) : null,
        projection);
  }

  private Stream<Document> read(QueryPlanner.Shape index, Cursor<Object[], byte[]> cursor) {
    if (index.primary()) {
      return stream(cursor).map(key -> DocumentCodec.decode(cursor.getValue()));
    }
    return stream(cursor).map(key -> getDocument(key[key.length - 1])).filter(Objects::nonNull);
  }

  private static Stream<Object[]> stream(Iterator<Object[]> cursor) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  protected QueryResult matchDocuments(
      Document query,
      Document orderBy,
      int numberToSkip,
      int numberToReturn,
      int batchSize,
      Document projection) {
    return queryDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, projection);
  }

  /** Counts an exact plan from index ranks; anything else by reading its (bounded) range. */
  @Override
  public synchronized int count(Document query, int skip, int limit) {
    QueryPlanner.Plan plan = plan(query, null);
    if (!plan.exact()) {
      return super.count(query, skip, limit);
    }
    stats.indexCount();
    MVMap<Object[], byte[]> map = mapOf(plan.index());
    long count = Math.abs(rank(map, plan.to()) - rank(map, plan.from()));
    count = Math.max(0, count - Math.max(skip, 0));
    if (limit > 0) {
      count = Math.min(count, limit);
    }
    return (int) Math.min(Integer.MAX_VALUE, count);
  }

  /**
   * The key {@code skip} entries into an exact plan's range, found by rank without reading the
   * entries skipped; null when the range holds no more than {@code skip} entries. (H2's {@code
   * Cursor.skip} starts over from the first key when it skips past the end.)
   */
  private static Object[] keyAfterSkipping(
      MVMap<Object[], byte[]> map, QueryPlanner.Plan plan, int skip) {
    long start = rank(map, plan.from());
    long end = rank(map, plan.to());
    long position = plan.reverse() ? start - 1 - skip : start + skip;
    boolean inRange = plan.reverse() ? position >= end : position < end;
    return inRange ? map.getKey(position) : null;
  }

  /** Where a search key (never stored) would be inserted: the number of entries before it. */
  private static long rank(MVMap<Object[], byte[]> map, Object[] searchKey) {
    long index = map.getKeyIndex(searchKey);
    return index < 0 ? -(index + 1) : index;
  }

  private boolean isSystemCollection() {
    return getCollectionName().startsWith("system.");
  }
}
