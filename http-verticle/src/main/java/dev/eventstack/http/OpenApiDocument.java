package dev.eventstack.http;

import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BookMessages;
import dev.eventstack.contract.JobTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.util.Map;

/**
 * Builds the served {@code /openapi.json} from {@code openapi.json} and the contract.
 *
 * <p>The document in the resources never copies a body's shape: it refers to the contract's JSON
 * schemas by their {@code $id} (optionally with a {@code #/pointer} into one), and leaves out the
 * values the contract owns (job types, book fields, beer volume and batch bounds). This fills both
 * in, so a client, or Swagger UI, gets one self-contained document, and a rule changed in the
 * contract changes the document too.
 */
final class OpenApiDocument {

  /** The keywords of a contract schema that only make sense at the root of its own file. */
  private static final String[] FILE_KEYWORDS = {"$schema", "$id"};

  private OpenApiDocument() {}

  /**
   * @param source the resource {@code openapi.json}
   * @param schemasById the contract's schemas, by their {@code $id}
   */
  static JsonObject bundle(JsonObject source, Map<String, JsonObject> schemasById) {
    JsonObject document = source.copy();
    inlineContractRefs(document, schemasById);
    document.getJsonObject("info").put("version", OpsRoutes.VERSION);
    JsonObject components = document.getJsonObject("components").getJsonObject("schemas");
    schema(components, "JobType")
        .put("enum", new JsonArray(JobTypes.names().stream().sorted().toList()));
    schema(components, "BookField").put("enum", new JsonArray(BookMessages.FIELDS));
    schema(components, "Pour")
        .getJsonObject("properties")
        .getJsonObject(BeerMessages.VOLUME)
        .put("minimum", BeerMessages.MIN_VOLUME)
        .put("maximum", BeerMessages.MAX_VOLUME);
    schema(components, "PourBatch")
        .getJsonObject("properties")
        .getJsonObject("beers")
        .put("maxItems", BeerMessages.MAX_BATCH);
    return document;
  }

  private static JsonObject schema(JsonObject components, String name) {
    JsonObject schema = components.getJsonObject(name);
    if (schema == null) {
      throw new IllegalStateException("openapi.json lacks the schema " + name);
    }
    return schema;
  }

  /** Replaces every {@code {"$ref": "<contract $id>[#pointer]"}} with the schema it names. */
  private static void inlineContractRefs(Object node, Map<String, JsonObject> schemasById) {
    if (node instanceof JsonObject object) {
      for (String field : object.fieldNames()) {
        Object value = object.getValue(field);
        JsonObject resolved = resolve(value, schemasById);
        if (resolved != null) {
          object.put(field, resolved);
        } else {
          inlineContractRefs(value, schemasById);
        }
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        Object value = array.getValue(i);
        JsonObject resolved = resolve(value, schemasById);
        if (resolved != null) {
          array.set(i, resolved);
        } else {
          inlineContractRefs(value, schemasById);
        }
      }
    }
  }

  /** The schema a contract ref names, or null when {@code value} is not such a ref. */
  private static JsonObject resolve(Object value, Map<String, JsonObject> schemasById) {
    if (!(value instanceof JsonObject object) || object.size() != 1) {
      return null;
    }
    String ref = object.getString("$ref");
    if (ref == null) {
      return null;
    }
    int hash = ref.indexOf('#');
    String id = hash < 0 ? ref : ref.substring(0, hash);
    JsonObject schema = schemasById.get(id);
    if (schema == null) {
      return null;
    }
    Object target = hash < 0 ? schema : JsonPointer.from(ref.substring(hash + 1)).queryJson(schema);
    if (!(target instanceof JsonObject found)) {
      throw new IllegalStateException("openapi.json refers to nothing: " + ref);
    }
    JsonObject copy = found.copy();
    for (String keyword : FILE_KEYWORDS) {
      copy.remove(keyword);
    }
    return copy;
  }
}
