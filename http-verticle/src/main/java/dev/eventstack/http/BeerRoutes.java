package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BeerType;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;

/** The beer-tap API of seed 003: {@code /api/beers}, served by the db-verticle over the bus. */
final class BeerRoutes {

  private static final String COLLECTION = "/api/beers";
  private static final String ITEM = "/api/beers/:id";
  private static final String BATCH = "/api/beers/batch";

  private static final Pattern BEER_ID = Pattern.compile("\\d{1,18}");

  private final BusRequests bus;
  private final TokenCheck tokens;

  BeerRoutes(BusRequests bus, TokenCheck tokens) {
    this.bus = bus;
    this.tokens = tokens;
  }

  void mount(Router router, BodyHandler bodies) {
    // Writes need a token when auth is on; it is checked before the body is even read.
    router.post(COLLECTION).handler(tokens::requireForApi);
    router.post(BATCH).handler(tokens::requireForApi);
    router.delete(ITEM).handler(tokens::requireForApi);
    router.post(COLLECTION).handler(JsonBodies::requireJsonMediaType);
    router.post(BATCH).handler(JsonBodies::requireJsonMediaType);
    router.post(COLLECTION).handler(bodies);
    router.post(BATCH).handler(bodies);
    router.post(COLLECTION).handler(this::add);
    router.post(BATCH).handler(this::addBatch);
    router.route(BATCH).handler(ctx -> ApiErrors.methodNotAllowed(ctx, "POST"));
    router.get(COLLECTION).handler(this::list);
    router.get(COLLECTION + "/stats").handler(this::stats);
    router.get(ITEM).handler(this::get);
    router.delete(ITEM).handler(this::delete);
    router.route(COLLECTION).handler(ctx -> ApiErrors.methodNotAllowed(ctx, "GET, POST"));
    router.route(ITEM).handler(ctx -> ApiErrors.methodNotAllowed(ctx, "GET, DELETE"));
  }

  private void add(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    long tapId = tapIdOf(body, "");
    double volume = volumeOf(body, "");
    if (BeerType.ofVolume(volume) == null) {
      throw new ApiException(422, "Volume " + volume + " is outside 100-1000 ml");
    }
    bus.request(ctx, Addresses.Beers.ADD, BeerMessages.add(tapId, volume))
        .onSuccess(
            reply -> {
              long id = reply.getJsonObject(BeerMessages.BEER).getLong(BeerMessages.ID);
              ctx.response().putHeader(HttpHeaders.LOCATION, COLLECTION + "/" + id);
              JsonReplies.send(ctx, 201, reply);
            })
        .onFailure(ctx::fail);
  }

  /** {@code {"beers": [{"tapId", "volume"}, …]}}: all are added in one write, or none. */
  private void addBatch(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    if (!(body.getValue(BeerMessages.BEERS) instanceof JsonArray items)
        || items.isEmpty()
        || items.size() > BeerMessages.MAX_BATCH) {
      throw new ApiException(
          400, "beers: expected an array of 1 to " + BeerMessages.MAX_BATCH + " beers");
    }
    JsonArray beers = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject item)) {
        throw new ApiException(400, "beers[" + i + "]: expected {\"tapId\", \"volume\"}");
      }
      double volume = volumeOf(item, "beers[" + i + "].");
      if (BeerType.ofVolume(volume) == null) {
        throw new ApiException(
            422, "beers[" + i + "]: volume " + volume + " is outside 100-1000 ml");
      }
      beers.add(BeerMessages.add(tapIdOf(item, "beers[" + i + "]."), volume));
    }
    bus.request(ctx, Addresses.Beers.ADD_BATCH, new JsonObject().put(BeerMessages.BEERS, beers))
        .onSuccess(reply -> JsonReplies.send(ctx, 201, reply))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    int page =
        QueryParams.integer(
            params, BeerMessages.PAGE, 1, 1, Integer.MAX_VALUE / BeerMessages.MAX_PAGE_SIZE);
    int pageSize =
        QueryParams.integer(params, BeerMessages.PAGE_SIZE, 50, 1, BeerMessages.MAX_PAGE_SIZE);
    String type = QueryParams.single(params, BeerMessages.TYPE);
    if (type != null && BeerType.ofLabel(type) == null) {
      throw new ApiException(400, "Unknown type '" + type + "': use half, pint or stein");
    }
    String sort = QueryParams.single(params, BeerMessages.SORT);
    if (sort != null
        && !sort.equals(BeerMessages.SORT_ASC)
        && !sort.equals(BeerMessages.SORT_DESC)) {
      throw new ApiException(
          400,
          BeerMessages.SORT
              + ": expected '"
              + BeerMessages.SORT_ASC
              + "' or '"
              + BeerMessages.SORT_DESC
              + "', got '"
              + sort
              + "'");
    }
    JsonObject query =
        new JsonObject()
            .put(BeerMessages.PAGE, page)
            .put(BeerMessages.PAGE_SIZE, pageSize)
            .put(BeerMessages.SORT, sort == null ? BeerMessages.SORT_ASC : sort);
    if (type != null) {
      query.put(BeerMessages.TYPE, type);
    }
    bus.request(ctx, Addresses.Beers.LIST, query)
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  /** The statistics the sockets get, on demand: for a dashboard's first paint. */
  private void stats(RoutingContext ctx) {
    bus.request(ctx, Addresses.Beers.STATS, new JsonObject())
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    bus.request(ctx, Addresses.Beers.GET, BeerMessages.byId(idOf(ctx)))
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    bus.request(ctx, Addresses.Beers.DELETE, BeerMessages.byId(idOf(ctx)))
        .onSuccess(reply -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static long tapIdOf(JsonObject body, String where) {
    Object value = body.getValue(BeerMessages.TAP_ID);
    if (value instanceof Integer || value instanceof Long) {
      long tapId = ((Number) value).longValue();
      if (tapId >= 0) {
        return tapId;
      }
    }
    throw new ApiException(400, where + "tapId: expected an integer >= 0");
  }

  private static double volumeOf(JsonObject body, String where) {
    Object value = body.getValue(BeerMessages.VOLUME);
    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
      return number.doubleValue();
    }
    throw new ApiException(400, where + "volume: expected a number of ml");
  }

  private static long idOf(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (BEER_ID.matcher(id).matches()) {
      return Long.parseLong(id);
    }
    throw new ApiException(400, "Beer id '" + id + "' is not a non-negative integer");
  }
}
