package dev.eventstack.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.util.List;
import org.h2.mvstore.MVMap;

/**
 * The {@code _id} index. The collection's own document map is ordered by {@code _id}, so this index
 * keeps nothing of its own: it answers from that map, and a document's position is its {@code _id}.
 */
final class IdIndex extends PlannedIndex {

  private final MVMap<Object[], byte[]> documents;

  IdIndex(String name, boolean ascending, MVMap<Object[], byte[]> documents) {
    super(name, List.of(new IndexKey(QueryPlanner.ID, ascending)), false);
    this.documents = documents;
  }

  private Object storedId(Document document) {
    Object id = document.get(QueryPlanner.ID);
    return documents.containsKey(new Object[] {id}) ? id : null;
  }

  @Override
  public Object getPosition(Document document) {
    return storedId(document);
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    Object id = document.get(QueryPlanner.ID);
    if (documents.containsKey(new Object[] {id})) {
      throw new DuplicateKeyError(this, collection, getKeys(), new KeyValue(id));
    }
  }

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    // The document map already holds it, under its _id.
  }

  @Override
  public Object remove(Document document) {
    return storedId(document);
  }

  @Override
  public void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    // An update cannot change _id: mongo-java-server refuses it before asking the indexes.
  }

  @Override
  public void updateInPlace(
      Document oldDocument,
      Document newDocument,
      Object position,
      MongoCollection<Object> collection) {
    // Same _id, same entry.
  }

  @Override
  public long getCount() {
    return documents.sizeAsLong();
  }

  @Override
  public boolean isUnique() {
    return true;
  }

  @Override
  public void drop() {
    // The documents go with the collection.
  }
}
