package dev.eventstack.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Answers 405 on an API path with the methods its routes take, read from the routes themselves.
 *
 * <p>Every API path needs such a route at its end, because the static files' catch-all route would
 * otherwise turn a wrong method into a 404. {@link #mountForEveryApiPath} adds them, after the API
 * routes. A literal path that a parameter route would shadow ({@code /api/beers/batch} under {@code
 * /api/beers/:id}) mounts this handler itself, before that route.
 */
final class MethodNotAllowed implements Handler<RoutingContext> {

  private static final List<HttpMethod> ORDER =
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final Router router;

  /** Filled on first use, when every route is in place; each instance runs on one event loop. */
  private final Map<String, String> allowByPath = new HashMap<>();

  MethodNotAllowed(Router router) {
    this.router = router;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.currentRoute().getPath();
    ApiErrors.methodNotAllowed(ctx, allowByPath.computeIfAbsent(path, this::allowed));
  }

  /** Adds this handler to every API path that has no method-less route of its own yet. */
  void mountForEveryApiPath() {
    Set<String> apiPaths = new LinkedHashSet<>();
    Set<String> covered = new LinkedHashSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null || path.endsWith("*")) {
        continue;
      }
      if (hasMethods(route)) {
        apiPaths.add(path);
      } else {
        covered.add(path);
      }
    }
    apiPaths.removeAll(covered);
    apiPaths.forEach(path -> router.route(path).handler(this));
  }

  private String allowed(String path) {
    Set<HttpMethod> methods = new LinkedHashSet<>();
    for (Route route : router.getRoutes()) {
      if (path.equals(route.getPath()) && hasMethods(route)) {
        methods.addAll(route.methods());
      }
    }
    StringJoiner allow = new StringJoiner(", ");
    ORDER.stream().filter(methods::contains).forEach(method -> allow.add(method.name()));
    methods.stream().filter(method -> !ORDER.contains(method)).forEach(m -> allow.add(m.name()));
    return allow.toString();
  }

  private static boolean hasMethods(Route route) {
    return route.methods() != null && !route.methods().isEmpty();
  }
}
