package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.ResourceMessages;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;

/** Seed 000's {@code /resources} CRUD on {@code {id, name, value}}, stored by the db-verticle. */
final class ResourceRoutes {

  private static final String COLLECTION = "/resources";
  private static final String ITEM = "/resources/:id";
  private static final Pattern RESOURCE_ID = Pattern.compile("[0-9a-f]{32}");

  private final BusRequests bus;
  private final SchemaCheck schema;

  ResourceRoutes(BusRequests bus, SchemaCheck schema) {
    this.bus = bus;
    this.schema = schema;
  }

  void mount(Router router, BodyHandler bodies) {
    router.get(COLLECTION).handler(this::list);
    JsonBodies.objectBody(router.post(COLLECTION), bodies).handler(this::create);
    router.get(ITEM).handler(this::get);
    JsonBodies.objectBody(router.patch(ITEM), bodies).handler(this::patch);
    router.delete(ITEM).handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    bus.request(ctx, Addresses.Resources.LIST, new JsonObject())
        .onSuccess(
            reply -> JsonReplies.send(ctx, 200, reply.getJsonArray(ResourceMessages.RESOURCES)))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject resource = valid(ctx);
    if (resource.getString(ResourceMessages.NAME) == null) {
      throw new ApiException(400, "Invalid resource: name is required");
    }
    bus.request(
            ctx,
            Addresses.Resources.CREATE,
            new JsonObject().put(ResourceMessages.RESOURCE, resource))
        .onSuccess(
            reply -> {
              JsonObject created = reply.getJsonObject(ResourceMessages.RESOURCE);
              ctx.response()
                  .putHeader(
                      HttpHeaders.LOCATION,
                      COLLECTION + "/" + created.getString(ResourceMessages.ID));
              JsonReplies.send(ctx, 201, created);
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    bus.request(ctx, Addresses.Resources.GET, ResourceMessages.byId(idOf(ctx)))
        .onSuccess(
            reply -> JsonReplies.send(ctx, 200, reply.getJsonObject(ResourceMessages.RESOURCE)))
        .onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    String id = idOf(ctx);
    JsonObject changes = valid(ctx);
    if (changes.isEmpty()) {
      throw new ApiException(400, "Invalid resource: give name or value to change");
    }
    bus.request(ctx, Addresses.Resources.PATCH, ResourceMessages.withResource(id, changes))
        .onSuccess(
            reply -> JsonReplies.send(ctx, 200, reply.getJsonObject(ResourceMessages.RESOURCE)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    bus.request(ctx, Addresses.Resources.DELETE, ResourceMessages.byId(idOf(ctx)))
        .onSuccess(reply -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private JsonObject valid(RoutingContext ctx) {
    JsonObject resource = JsonBodies.object(ctx);
    schema.validate(resource);
    return resource;
  }

  private static String idOf(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!RESOURCE_ID.matcher(id).matches()) {
      throw new ApiException(404, "Resource " + id + " not found");
    }
    return id;
  }
}
