package dev.eventstack.store;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * An index that mongo-java-server maintains but never queries: {@link MvCollection} plans every
 * query itself ({@link QueryPlanner}), so the base class's own index lookup is switched off.
 */
abstract class PlannedIndex extends Index<Object> {

  PlannedIndex(String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
  }

  /** One entry per document (or per array element): the size statistic is the entry count. */
  @Override
  public final long getDataSize() {
    return getCount();
  }

  /** Never asked to serve a query: the collection plans them. */
  @Override
  public final boolean canHandle(Document query) {
    return false;
  }

  /** Never called, since {@link #canHandle} is false. */
  @Override
  public final Iterable<Object> getPositions(Document query) {
    throw new IllegalStateException("queries on " + getName() + " are planned by MvCollection");
  }
}
