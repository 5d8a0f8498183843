package dev.eventstack.contract;

import io.vertx.core.json.JsonObject;

/**
 * Bodies of the {@link Addresses.Resources} requests: seed 000's example {@code {id, name, value}}
 * resource.
 *
 * <ul>
 *   <li>{@code resources.list}: {@code {}} → {@code {"resources": [...]}}
 *   <li>{@code resources.get}: {@code {"id"}} → {@code {"resource"}}, or NOT_FOUND
 *   <li>{@code resources.create}: {@code {"resource"}} → {@code {"resource"}} with its new id
 *   <li>{@code resources.patch}: {@code {"id", "resource"}} (the fields to change) → {@code
 *       {"resource"}}, or NOT_FOUND
 *   <li>{@code resources.delete}: {@code {"id"}} → {@code {"id"}}, or NOT_FOUND
 * </ul>
 */
public final class ResourceMessages {

  private ResourceMessages() {}

  public static final String SCHEMA_RESOURCE = "schemas/resource-v1.json";
  public static final String RESOURCE = "resource";
  public static final String RESOURCES = "resources";
  public static final String ID = "id";
  public static final String NAME = "name";
  public static final String VALUE = "value";

  public static JsonObject byId(String id) {
    return new JsonObject().put(ID, id);
  }

  public static JsonObject withResource(String id, JsonObject resource) {
    return new JsonObject().put(ID, id).put(RESOURCE, resource);
  }
}
