package dev.eventstack.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The guard against cross-site writes (CSRF) and cross-site WebSocket hijacking. Browsers send
 * "simple" cross-site POSTs without a preflight, and open WebSockets to any site, but they always
 * say where the page came from in {@code Origin}. So a write or an upgrade whose {@code Origin} is
 * present and neither this server's own origin nor one of {@code http.cors.allowedOrigins} gets
 * 403. A request without {@code Origin} (curl, scripts, other servers) is no browser's and passes.
 */
final class OriginCheck {

  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final List<String> allowedOrigins;
  private final boolean anyOrigin;

  OriginCheck(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins.stream().map(OriginCheck::normalized).toList();
    this.anyOrigin = allowedOrigins.contains("*");
  }

  /** The router's handler: refuses a foreign write or upgrade, before its body is read. */
  void refuseForeignWrites(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || !(WRITES.contains(request.method()) || isUpgrade(request))) {
      ctx.next();
      return;
    }
    if (!allowed(request, origin)) {
      throw new ApiException(
          403,
          "Origin '"
              + origin
              + "' may not "
              + (isUpgrade(request) ? "open a WebSocket" : "write")
              + " here: it is not this server's origin nor in http.cors.allowedOrigins");
    }
    ctx.next();
  }

  /**
   * The SockJS handler answers {@code /eventbus/info} (and its other GETs) with the caller's origin
   * and {@code Access-Control-Allow-Credentials: true}, whatever it is. This takes the credentials
   * off always, and the origin off when it is not allowed, just before the head goes.
   */
  void trimSockJsCors(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    ctx.addHeadersEndHandler(
        v -> {
          ctx.response().headers().remove(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
          if (origin == null || !allowed(request, origin)) {
            ctx.response().headers().remove(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
          }
        });
    ctx.next();
  }

  boolean allowed(HttpServerRequest request, String origin) {
    String normalized = normalized(origin);
    return anyOrigin
        || normalized.equals(ownOrigin(request))
        || allowedOrigins.contains(normalized);
  }

  private static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  /**
   * The origin the client reached: the proxy's view when a proxy says so ({@code Forwarded}, else
   * {@code X-Forwarded-Proto}/{@code X-Forwarded-Host}), else this server's scheme and {@code
   * Host}. Trusting these headers is safe here: a cross-site page can set none of them on a request
   * it makes without a preflight, and a forged one would only refuse its own request.
   */
  static String ownOrigin(HttpServerRequest request) {
    String scheme = request.isSSL() ? "https" : "http";
    String host = request.getHeader(HttpHeaders.HOST);
    if (host == null && request.authority() != null) {
      // HTTP/2 carries the host in :authority.
      int port = request.authority().port();
      host = request.authority().host() + (port >= 0 ? ":" + port : "");
    }
    String forwarded = request.getHeader("Forwarded");
    if (forwarded != null) {
      // The first element is the hop nearest to the client: "for=…;proto=https;host=example.org".
      for (String pair : forwarded.split(",", 2)[0].split(";")) {
        String[] kv = pair.trim().split("=", 2);
        if (kv.length == 2) {
          String value = kv[1].trim().replace("\"", "");
          if (kv[0].trim().equalsIgnoreCase("proto")) {
            scheme = value;
          } else if (kv[0].trim().equalsIgnoreCase("host")) {
            host = value;
          }
        }
      }
    } else {
      String proto = firstOf(request.getHeader("X-Forwarded-Proto"));
      String forwardedHost = firstOf(request.getHeader("X-Forwarded-Host"));
      scheme = proto != null ? proto : scheme;
      host = forwardedHost != null ? forwardedHost : host;
    }
    return host == null ? "" : normalized(scheme + "://" + host);
  }

  private static String firstOf(String list) {
    return list == null ? null : list.split(",", 2)[0].trim();
  }

  /** {@code scheme://host[:port]}, lower case, without the scheme's default port. */
  static String normalized(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort =
          port == -1
              || scheme.equals("http") && port == 80
              || scheme.equals("https") && port == 443;
      return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    } catch (java.net.URISyntaxException e) {
      // "null" (a sandboxed page), or junk: matches nothing but itself, and never the server.
      return "invalid:" + origin;
    }
  }
}
