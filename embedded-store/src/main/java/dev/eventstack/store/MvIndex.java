package dev.eventstack.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.h2.mvstore.MVMap;

/**
 * A secondary index, unique or not: an ordered map whose keys are the document's key values
 * followed by its {@code _id}, so that equal values still give distinct, ordered entries.
 *
 * <p>An array value makes the index multikey (one entry per element). The planner then stops using
 * it, since its order no longer is a document order; the flag is kept with the index.
 */
final class MvIndex extends PlannedIndex {

  static final byte[] NO_VALUE = new byte[0];

  private final MVMap<Object[], byte[]> entries;
  private final MVMap<String, Object> meta;
  private final boolean unique;
  private final String multikeyFlag;

  MvIndex(
      String name,
      List<IndexKey> keys,
      boolean sparse,
      boolean unique,
      MVMap<Object[], byte[]> entries,
      MVMap<String, Object> meta) {
    super(name, keys, sparse);
    this.entries = entries;
    this.meta = meta;
    this.unique = unique;
    this.multikeyFlag = "multikey:" + name;
  }

  /** The key type for an index on {@code keys}: their directions, then {@code _id} ascending. */
  static KeyType keyType(List<IndexKey> keys) {
    boolean[] ascending = new boolean[keys.size() + 1];
    for (int i = 0; i < keys.size(); i++) {
      ascending[i] = keys.get(i).isAscending();
    }
    ascending[keys.size()] = true;
    return new KeyType(ascending);
  }

  /** The planner's view: the declared keys, then the {@code _id} tiebreak. */
  QueryPlanner.Shape shape() {
    List<IndexKey> keys = new ArrayList<>(getKeys());
    keys.add(new IndexKey(QueryPlanner.ID, true));
    return new QueryPlanner.Shape(getName(), keys, !isSparse() && !isMultikey(), false);
  }

  MVMap<Object[], byte[]> entries() {
    return entries;
  }

  boolean isMultikey() {
    return Boolean.TRUE.equals(meta.get(multikeyFlag));
  }

  private Set<KeyValue> keyValuesOf(Document document) {
    Set<KeyValue> keyValues = getKeyValues(document);
    if (!isMultikey() && (keyValues.size() > 1 || holdsArray(document))) {
      meta.put(multikeyFlag, Boolean.TRUE);
    }
    return keyValues;
  }

  private boolean holdsArray(Document document) {
    return keys().stream()
        .anyMatch(
            key -> Utils.getSubdocumentValueCollectionAware(document, key) instanceof Collection);
  }

  /** A sparse index leaves out documents that have none of its fields. */
  private boolean leavesOut(Document document) {
    return isSparse()
        && keys().stream()
            .allMatch(key -> Utils.getSubdocumentValue(document, key) instanceof Missing);
  }

  private static Object[] entry(KeyValue keyValue, Object id) {
    Object[] key = new Object[keyValue.size() + 1];
    for (int i = 0; i < keyValue.size(); i++) {
      key[i] = keyValue.get(i);
    }
    key[keyValue.size()] = id;
    return key;
  }

  /** The {@code _id} of another document holding {@code keyValue}, or null. */
  private Object holderOf(KeyValue keyValue, Object exceptId) {
    Object[] from = entry(keyValue, KeyType.LOW);
    Object[] to = entry(keyValue, KeyType.HIGH);
    var cursor = entries.cursor(from, to, false);
    while (cursor.hasNext()) {
      Object[] key = cursor.next();
      Object id = key[key.length - 1];
      if (exceptId == null
          || !Objects.equals(QueryPlanner.normalize(id), QueryPlanner.normalize(exceptId))) {
        return id;
      }
    }
    return null;
  }

  @Override
  public Object getPosition(Document document) {
    // Positions come from the _id index; a secondary index only confirms them on removal.
    return null;
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    if (leavesOut(document)) {
      return;
    }
    Set<KeyValue> keyValues = keyValuesOf(document);
    if (unique) {
      for (KeyValue keyValue : keyValues) {
        if (holderOf(keyValue, null) != null) {
          throw new DuplicateKeyError(this, collection, getKeys(), keyValue);
        }
      }
    }
  }

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    if (leavesOut(document)) {
      return;
    }
    for (KeyValue keyValue : keyValuesOf(document)) {
      // Checked again here: while an index is built, checkAdd runs before any entry exists.
      if (unique && holderOf(keyValue, position) != null) {
        throw new DuplicateKeyError(this, collection, getKeys(), keyValue);
      }
      entries.put(entry(keyValue, position), NO_VALUE);
    }
  }

  @Override
  public Object remove(Document document) {
    if (leavesOut(document)) {
      return null;
    }
    Object id = document.get(QueryPlanner.ID);
    for (KeyValue keyValue : getKeyValues(document)) {
      entries.remove(entry(keyValue, id));
    }
    return id;
  }

  @Override
  public void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    if (nullAwareEqualsKeys(oldDocument, newDocument) || leavesOut(newDocument)) {
      return;
    }
    Set<KeyValue> keyValues = keyValuesOf(newDocument);
    if (unique) {
      Object id = oldDocument.get(QueryPlanner.ID);
      for (KeyValue keyValue : keyValues) {
        if (holderOf(keyValue, id) != null) {
          throw new DuplicateKeyError(this, collection, getKeys(), keyValue);
        }
      }
    }
  }

  @Override
  public void updateInPlace(
      Document oldDocument,
      Document newDocument,
      Object position,
      MongoCollection<Object> collection) {
    if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
      remove(oldDocument);
      add(newDocument, position, collection);
    }
  }

  @Override
  public long getCount() {
    return entries.sizeAsLong();
  }

  @Override
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public boolean isUnique() {
    return unique;
  }

  /** As MongoDB: the same name with other options (unique or not) is a conflict. */
  @Override
  public boolean hasSameOptions(Index<?> other) {
    return super.hasSameOptions(other) && other.isUnique() == unique;
  }

  @Override
  public void drop() {
    entries.clear();
    meta.remove(multikeyFlag);
  }
}
