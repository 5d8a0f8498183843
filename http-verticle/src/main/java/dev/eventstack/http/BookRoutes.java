package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BookMessages;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;

/**
 * The books of seed 001: {@code /books}, with the seed's query parameters and reply shapes ({@code
 * {"Inserted":{"id"}}} …), served by the db-verticle over the bus.
 */
final class BookRoutes {

  private static final String COLLECTION = "/books";
  private static final String ITEM = "/books/:id";

  /** The same rule as the schema's id pattern: a path id outside it names no book. */
  private static final Pattern BOOK_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._~-]{1,64}");

  private final BusRequests bus;
  private final SchemaCheck schema;
  private final int maxLimit;

  BookRoutes(BusRequests bus, SchemaCheck schema, int maxLimit) {
    this.bus = bus;
    this.schema = schema;
    this.maxLimit = maxLimit;
  }

  void mount(Router router, BodyHandler bodies) {
    router.get(COLLECTION).handler(this::list);
    JsonBodies.objectBody(router.post(COLLECTION), bodies).handler(this::create);
    router.get(ITEM).handler(this::get);
    JsonBodies.objectBody(router.put(ITEM), bodies).handler(this::replace);
    router.delete(ITEM).handler(this::delete);
  }

  /** {@code ?skip=&limit=&sortasc=FIELD|sortdesc=FIELD}; a limit of 0 means all, up to the cap. */
  private void list(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    int skip = QueryParams.integer(params, BookMessages.SKIP, 0, 0, Integer.MAX_VALUE);
    int limit = QueryParams.integer(params, BookMessages.LIMIT, 0, 0, Integer.MAX_VALUE);
    JsonObject query =
        new JsonObject()
            .put(BookMessages.SKIP, skip)
            .put(BookMessages.LIMIT, limit == 0 ? maxLimit : Math.min(limit, maxLimit));
    String ascending = QueryParams.single(params, "sortasc");
    String descending = QueryParams.single(params, "sortdesc");
    if (ascending != null && descending != null) {
      throw new ApiException(400, "Give sortasc or sortdesc, not both");
    }
    String sort = ascending != null ? ascending : descending;
    if (sort != null) {
      if (!BookMessages.FIELDS.contains(sort)) {
        throw new ApiException(
            400, "Cannot sort on '" + sort + "': use one of " + BookMessages.FIELDS);
      }
      query.put(BookMessages.SORT, sort).put(BookMessages.DESC, descending != null);
    }
    bus.request(ctx, Addresses.Books.LIST, query)
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply.getJsonArray(BookMessages.BOOKS)))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject book = validBook(ctx);
    bus.request(ctx, Addresses.Books.CREATE, new JsonObject().put(BookMessages.BOOK, book))
        .onSuccess(
            reply -> {
              String id = reply.getString(BookMessages.ID);
              ctx.response().putHeader(HttpHeaders.LOCATION, COLLECTION + "/" + id);
              JsonReplies.send(ctx, 201, new JsonObject().put("Inserted", BookMessages.byId(id)));
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    bus.request(ctx, Addresses.Books.GET, BookMessages.byId(idOf(ctx)))
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply.getJsonObject(BookMessages.BOOK)))
        .onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    String id = idOf(ctx);
    JsonObject book = validBook(ctx);
    Object bodyId = book.remove(BookMessages.ID);
    if (bodyId != null && !bodyId.equals(id)) {
      throw new ApiException(400, "The body's id '" + bodyId + "' is not the path's '" + id + "'");
    }
    bus.request(ctx, Addresses.Books.REPLACE, BookMessages.withBook(id, book))
        .onSuccess(
            reply ->
                JsonReplies.send(ctx, 200, new JsonObject().put("Updated", BookMessages.byId(id))))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = idOf(ctx);
    bus.request(ctx, Addresses.Books.DELETE, BookMessages.byId(id))
        .onSuccess(
            reply ->
                JsonReplies.send(ctx, 200, new JsonObject().put("Deleted", BookMessages.byId(id))))
        .onFailure(ctx::fail);
  }

  /**
   * The body read as seed 001's client means it ({@link BookMessages#fromClient}), then checked.
   */
  private JsonObject validBook(RoutingContext ctx) {
    JsonObject book = BookMessages.fromClient(JsonBodies.object(ctx));
    schema.validate(book);
    return book;
  }

  private static String idOf(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!BOOK_ID.matcher(id).matches()) {
      throw new ApiException(404, "Book with id " + id + " not found");
    }
    return id;
  }
}
