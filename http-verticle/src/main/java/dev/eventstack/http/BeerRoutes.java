package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerChecks;
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

  /**
   * One route per operation, its handlers in the order they run: a write's token is checked before
   * its body is even read ({@link TokenCheck#forApiWrites}).
   */
  void mount(Router router, BodyHandler bodies, MethodNotAllowed methodNotAllowed) {
    JsonBodies.objectBody(router.post(COLLECTION).handler(tokens.forApiWrites()), bodies)
        .handler(this::add);
    JsonBodies.objectBody(router.post(BATCH).handler(tokens.forApiWrites()), bodies)
        .handler(this::addBatch);
    // Before ITEM, which would take "batch" for an id.
    router.route(BATCH).handler(methodNotAllowed);
    router.get(COLLECTION).handler(this::list);
    router.get(COLLECTION + "/stats").handler(this::stats);
    router.get(ITEM).handler(this::get);
    router.delete(ITEM).handler(tokens.forApiWrites()).handler(this::delete);
  }

  /** {@code {"tapId", "volume"}}, checked by the contract's rules ({@link BeerChecks}). */
  private void add(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    refuseIf(BeerChecks.beer(body, ""));
    JsonObject beer =
        BeerMessages.add(
            body.getLong(BeerMessages.TAP_ID), body.getNumber(BeerMessages.VOLUME).doubleValue());
    bus.request(ctx, Addresses.Beers.ADD, beer)
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
    refuseIf(BeerChecks.batch(body));
    JsonArray beers = new JsonArray();
    for (Object item : body.getJsonArray(BeerMessages.BEERS)) {
      JsonObject beer = (JsonObject) item;
      beers.add(
          BeerMessages.add(
              beer.getLong(BeerMessages.TAP_ID),
              beer.getNumber(BeerMessages.VOLUME).doubleValue()));
    }
    bus.request(ctx, Addresses.Beers.ADD_BATCH, new JsonObject().put(BeerMessages.BEERS, beers))
        .onSuccess(reply -> JsonReplies.send(ctx, 201, reply))
        .onFailure(ctx::fail);
  }

  /** A broken rule is the client's: 422 for a value out of its range, else 400. */
  private static void refuseIf(BeerChecks.Problem problem) {
    if (problem != null) {
      throw new ApiException(problem.outOfRange() ? 422 : 400, problem.message());
    }
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

  private static long idOf(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (BEER_ID.matcher(id).matches()) {
      return Long.parseLong(id);
    }
    throw new ApiException(400, "Beer id '" + id + "' is not a non-negative integer");
  }
}
