package dev.eventstack.store;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;

/**
 * The aggregation the MongoDB drivers send for {@code countDocuments}: an optional {@code $match},
 * {@code $skip} and {@code $limit}, then {@code {$group: {_id: <constant>, n: {$sum: 1}}}}.
 */
record CountPipeline(Document match, int skip, int limit, Object groupId, String field) {

  /** The pipeline as a count, or null if it is any other aggregation. */
  static CountPipeline parse(Object pipeline) {
    if (!(pipeline instanceof List<?> stages) || stages.isEmpty()) {
      return null;
    }
    Document match = new Document();
    int skip = 0;
    int limit = 0;
    for (int i = 0; i < stages.size() - 1; i++) {
      if (!(stages.get(i) instanceof Document stage) || stage.size() != 1) {
        return null;
      }
      Object value = stage.values().iterator().next();
      switch (stage.keySet().iterator().next()) {
        case "$match" -> {
          if (i != 0 || !(value instanceof Document filter)) {
            return null;
          }
          match = filter;
        }
        case "$skip" -> {
          if (!(value instanceof Number n) || limit != 0) {
            return null;
          }
          skip = n.intValue();
        }
        case "$limit" -> {
          if (!(value instanceof Number n)) {
            return null;
          }
          limit = n.intValue();
        }
        default -> {
          return null;
        }
      }
    }
    if (!(stages.get(stages.size() - 1) instanceof Document last)
        || last.size() != 1
        || !(last.get("$group") instanceof Document group)
        || group.size() != 2
        || !group.containsKey("_id")
        || !isConstant(group.get("_id"))) {
      return null;
    }
    for (Map.Entry<String, Object> accumulator : group.entrySet()) {
      if (accumulator.getKey().equals("_id")) {
        continue;
      }
      if (accumulator.getValue() instanceof Document sum
          && sum.size() == 1
          && sum.get("$sum") instanceof Number one
          && one.doubleValue() == 1.0) {
        return new CountPipeline(match, skip, limit, group.get("_id"), accumulator.getKey());
      }
    }
    return null;
  }

  private static boolean isConstant(Object groupId) {
    return groupId == null
        || groupId instanceof Number
        || (groupId instanceof String s && !s.startsWith("$"));
  }

  Document result(long count) {
    Document result = new Document();
    result.put("_id", groupId);
    result.put(field, count <= Integer.MAX_VALUE ? (Object) (int) count : (Object) count);
    return result;
  }
}
