package dev.eventstack.store;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Chooses, for one query, the index range to read and whether its order already is the requested
 * sort. The rule is MongoDB's for simple plans: equality on a prefix of the index keys, then a
 * range or the sort on the next key.
 *
 * <p>A plan is only ever a superset of the answer: the collection still applies the whole filter to
 * each document it reads. When a plan is <em>exact</em> (every condition is an equality on the
 * index prefix, and the index order is the sort), the collection may also skip and count by rank,
 * without reading documents.
 */
final class QueryPlanner {

  static final String ID = "_id";

  private static final Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte");

  private QueryPlanner() {}

  /**
   * An index as the planner sees it: its keys in map order (the declared keys, then {@code _id} as
   * the tiebreak that makes every entry unique), and whether it may serve queries at all.
   */
  record Shape(String name, List<IndexKey> keys, boolean usable, boolean primary) {}

  /**
   * The range {@code [from, to]} of one index, read forward or in reverse; or, for {@code _id $in},
   * the ids to fetch one by one ({@code ids} is then not null).
   */
  record Plan(
      Shape index,
      Object[] from,
      Object[] to,
      boolean reverse,
      List<Object> ids,
      boolean sortedByIndex,
      boolean exact,
      boolean scan) {}

  static Plan plan(Document query, Document orderBy, List<Shape> indexes) {
    Conditions conditions = Conditions.of(query);
    List<IndexKey> sort = sortKeys(orderBy);
    Plan best = null;
    int bestBounded = -1;
    for (Shape index : indexes) {
      if (!index.usable()) {
        continue;
      }
      Candidate candidate = Candidate.of(index, conditions, sort);
      int bounded = candidate.boundedKeys();
      boolean better =
          best == null
              || bounded > bestBounded
              || (bounded == bestBounded && candidate.sorted && !best.sortedByIndex());
      if (better) {
        best = candidate.toPlan(conditions);
        bestBounded = bounded;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no primary index: every collection has one");
    }
    return best;
  }

  /** The sort as index keys; {@code $natural} means the primary order. Null when unsortable. */
  private static List<IndexKey> sortKeys(Document orderBy) {
    List<IndexKey> keys = new ArrayList<>();
    if (orderBy == null) {
      return keys;
    }
    for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
      if (!(entry.getValue() instanceof Number direction)) {
        return null; // e.g. {$meta: "textScore"}: only an in-memory sort can do it
      }
      String field = entry.getKey().equals("$natural") ? ID : entry.getKey();
      keys.add(new IndexKey(field, direction.doubleValue() > 0));
    }
    return keys;
  }

  /** Values as the indexes hold them: numbers compared as MongoDB compares them. */
  static Object normalize(Object value) {
    if (Missing.isNullOrMissing(value)) {
      return null;
    }
    if (value instanceof Long longValue && longValue != (long) longValue.doubleValue()) {
      return value;
    }
    if (value instanceof Number number) {
      double asDouble = number.doubleValue();
      return asDouble == -0.0 ? 0.0 : asDouble;
    }
    return value;
  }

  /** The top-level conditions of a filter that an index range can serve. */
  private record Conditions(
      Map<String, Object> equal,
      Map<String, Range> ranges,
      Map<String, List<Object>> in,
      boolean everyConditionIsExactEquality) {

    static Conditions of(Document query) {
      Map<String, Object> equal = new LinkedHashMap<>();
      Map<String, Range> ranges = new LinkedHashMap<>();
      Map<String, List<Object>> in = new LinkedHashMap<>();
      boolean exact = true;
      Document flat = new Document();
      if (query != null && !flatten(query, flat)) {
        exact = false;
      }
      for (Map.Entry<String, Object> entry : flat.entrySet()) {
        String field = entry.getKey();
        Object value = entry.getValue();
        if (field.startsWith("$")) {
          exact = false; // $and, $or, $expr...: applied by the filter only
        } else if (value instanceof Document operators && isOperatorDocument(operators)) {
          if (operators.size() == 1
              && operators.containsKey("$eq")
              && isScalar(operators.get("$eq"))) {
            equal.put(field, normalize(operators.get("$eq")));
            exact = exact && isExactScalar(operators.get("$eq"));
            continue;
          }
          exact = false;
          if (RANGE_OPERATORS.containsAll(operators.keySet())) {
            Range range = Range.of(operators);
            if (range != null) {
              ranges.put(field, range);
            }
          } else if (operators.size() == 1
              && operators.get("$in") instanceof Collection<?> values
              && values.stream().allMatch(QueryPlanner::isExactScalar)) {
            in.put(field, new ArrayList<>(values));
          }
        } else if (isScalar(value)) {
          equal.put(field, normalize(value));
          exact = exact && isExactScalar(value);
        } else {
          exact = false; // an embedded document or array compared whole
        }
      }
      return new Conditions(equal, ranges, in, exact && ranges.isEmpty() && in.isEmpty());
    }

    int count() {
      return equal.size() + ranges.size() + in.size();
    }

    /**
     * Copies the conditions of {@code query} into {@code flat}, merging {@code $and} clauses and
     * the range operators given for one field in several of them. False when something could not be
     * merged (it is then left to the filter alone).
     */
    private static boolean flatten(Document query, Document flat) {
      boolean merged = true;
      for (Map.Entry<String, Object> entry : query.entrySet()) {
        String field = entry.getKey();
        Object value = entry.getValue();
        if (field.equals("$and") && value instanceof List<?> clauses) {
          for (Object clause : clauses) {
            merged &= clause instanceof Document document && flatten(document, flat);
          }
        } else if (!flat.containsKey(field)) {
          flat.put(field, value);
        } else if (flat.get(field) instanceof Document first
            && value instanceof Document second
            && isOperatorDocument(first)
            && isOperatorDocument(second)
            && RANGE_OPERATORS.containsAll(first.keySet())
            && RANGE_OPERATORS.containsAll(second.keySet())
            && first.keySet().stream().noneMatch(second::containsKey)) {
          Document both = new Document(first);
          both.putAll(second);
          flat.put(field, both);
        } else {
          merged = false;
        }
      }
      return merged;
    }
  }

  private static boolean isOperatorDocument(Document document) {
    return !document.isEmpty() && document.keySet().stream().allMatch(k -> k.startsWith("$"));
  }

  /** A value an equality on an index key can look up (arrays and documents match otherwise). */
  private static boolean isScalar(Object value) {
    return !(value instanceof Document
        || value instanceof Collection
        || value instanceof Pattern
        || value instanceof BsonRegularExpression
        || value instanceof Map);
  }

  /** A value whose index entries are exactly the documents equal to it. */
  private static boolean isExactScalar(Object value) {
    if (value == null || Missing.isNullOrMissing(value) || !isScalar(value)) {
      return false; // null also matches missing fields and arrays holding null
    }
    if (value instanceof Double d) {
      return Double.isFinite(d);
    }
    return value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof de.bwaldvogel.mongo.bson.ObjectId;
  }

  /** {@code low < value < high}, each end open, closed or absent. */
  private record Range(Object low, boolean lowInclusive, Object high, boolean highInclusive) {

    static Range of(Document operators) {
      Object low = null;
      Object high = null;
      boolean lowInclusive = false;
      boolean highInclusive = false;
      int lows = 0;
      int highs = 0;
      for (Map.Entry<String, Object> operator : operators.entrySet()) {
        Object value = operator.getValue();
        if (value == null || !isScalar(value)) {
          return null;
        }
        switch (operator.getKey()) {
          case "$gt", "$gte" -> {
            low = normalize(value);
            lowInclusive = operator.getKey().equals("$gte");
            lows++;
          }
          default -> {
            high = normalize(value);
            highInclusive = operator.getKey().equals("$lte");
            highs++;
          }
        }
      }
      return lows > 1 || highs > 1 ? null : new Range(low, lowInclusive, high, highInclusive);
    }
  }

  /** One index measured against one query. */
  private record Candidate(
      Shape index, int equalKeys, Range range, List<Object> ids, boolean sorted, boolean reverse) {

    static Candidate of(Shape index, Conditions conditions, List<IndexKey> sort) {
      List<IndexKey> keys = index.keys();
      int equalKeys = 0;
      while (equalKeys < keys.size()
          && conditions.equal.containsKey(keys.get(equalKeys).getKey())) {
        equalKeys++;
      }
      Range range = null;
      List<Object> ids = null;
      if (equalKeys < keys.size()) {
        String next = keys.get(equalKeys).getKey();
        range = conditions.ranges.get(next);
        if (index.primary() && equalKeys == 0 && range == null) {
          ids = conditions.in.get(ID);
        }
      }
      Direction direction = sortDirection(keys, equalKeys, conditions, sort);
      boolean sorted = direction != Direction.NONE;
      boolean reverse = direction == Direction.REVERSE;
      if (ids != null) {
        // Fetched one by one in ascending _id order.
        sorted = sort != null && sortIsAscendingId(sort, conditions);
        reverse = false;
      }
      return new Candidate(index, equalKeys, range, ids, sorted, reverse);
    }

    int boundedKeys() {
      return equalKeys + (range != null || ids != null ? 1 : 0);
    }

    Plan toPlan(Conditions conditions) {
      List<IndexKey> keys = index.keys();
      List<Object> prefix = new ArrayList<>();
      for (int i = 0; i < equalKeys; i++) {
        prefix.add(conditions.equal.get(keys.get(i).getKey()));
      }
      Object[] low;
      Object[] high;
      if (range == null) {
        low = key(prefix, KeyType.LOW);
        high = key(prefix, KeyType.HIGH);
      } else if (keys.get(equalKeys).isAscending()) {
        low = start(prefix, range.low, range.lowInclusive);
        high = end(prefix, range.high, range.highInclusive);
      } else {
        // On a descending key the largest values come first in the map.
        low = start(prefix, range.high, range.highInclusive);
        high = end(prefix, range.low, range.lowInclusive);
      }
      List<Object> sortedIds = null;
      if (ids != null) {
        TreeSet<Object> unique = new TreeSet<>(de.bwaldvogel.mongo.backend.ValueComparator.asc());
        ids.forEach(id -> unique.add(normalize(id)));
        sortedIds = new ArrayList<>(unique);
      }
      boolean exact =
          conditions.everyConditionIsExactEquality
              && conditions.count() == equalKeys
              && range == null
              && ids == null
              && sorted;
      boolean scan =
          boundedKeys() == 0
              && (conditions.count() > 0 || !conditions.everyConditionIsExactEquality || !sorted);
      return new Plan(
          index,
          reverse ? high : low,
          reverse ? low : high,
          reverse,
          sortedIds,
          sorted,
          exact,
          scan);
    }

    /** Where the entries equal to {@code value} begin (inclusive) or end (exclusive). */
    private static Object[] start(List<Object> prefix, Object value, boolean inclusive) {
      if (value == null) {
        return key(prefix, KeyType.LOW);
      }
      return key(prefix, value, inclusive ? KeyType.LOW : KeyType.HIGH);
    }

    /** Where the entries equal to {@code value} end (inclusive) or begin (exclusive). */
    private static Object[] end(List<Object> prefix, Object value, boolean inclusive) {
      if (value == null) {
        return key(prefix, KeyType.HIGH);
      }
      return key(prefix, value, inclusive ? KeyType.HIGH : KeyType.LOW);
    }

    private static Object[] key(List<Object> prefix, Object... tail) {
      Object[] key = prefix.toArray(new Object[prefix.size() + tail.length]);
      System.arraycopy(tail, 0, key, prefix.size(), tail.length);
      return key;
    }
  }

  /** How an index range must be read to give a sort, if it can. */
  private enum Direction {
    FORWARD,
    REVERSE,
    NONE
  }

  /**
   * Whether reading the index from key {@code equalKeys} on gives the sort, and in which direction.
   * Sort keys fixed by an equality are ignored; the trailing {@code _id} makes the index order
   * total, so any sort keys after it are already satisfied.
   */
  private static Direction sortDirection(
      List<IndexKey> keys, int equalKeys, Conditions conditions, List<IndexKey> sort) {
    if (sort == null) {
      return Direction.NONE;
    }
    List<IndexKey> remaining = new ArrayList<>();
    for (IndexKey key : sort) {
      if (!conditions.equal.containsKey(key.getKey())) {
        remaining.add(key);
      }
    }
    Direction direction = Direction.FORWARD;
    for (int i = 0; i < remaining.size(); i++) {
      int position = equalKeys + i;
      if (position >= keys.size()) {
        return direction; // past the unique _id: the order is already total
      }
      IndexKey indexKey = keys.get(position);
      IndexKey sortKey = remaining.get(i);
      if (!indexKey.getKey().equals(sortKey.getKey())) {
        return Direction.NONE;
      }
      Direction needed =
          indexKey.isAscending() == sortKey.isAscending() ? Direction.FORWARD : Direction.REVERSE;
      if (i > 0 && needed != direction) {
        return Direction.NONE;
      }
      direction = needed;
      if (indexKey.getKey().equals(ID) && position == keys.size() - 1) {
        return direction;
      }
    }
    return direction;
  }

  private static boolean sortIsAscendingId(List<IndexKey> sort, Conditions conditions) {
    List<IndexKey> remaining =
        sort.stream().filter(key -> !conditions.equal.containsKey(key.getKey())).toList();
    return remaining.isEmpty()
        || (remaining.get(0).getKey().equals(ID) && remaining.get(0).isAscending());
  }
}
