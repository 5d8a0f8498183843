package dev.eventstack.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The browsable API: the Swagger UI WebJar at {@code /api-docs/}, reading this server's {@code
 * /openapi.json}. The WebJar's own {@code swagger-initializer.js} points at a demo API, so this
 * route answers that one file itself.
 */
final class ApiDocsRoute {

  static final String PATH = "/api-docs";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

  /** Swagger UI's start script, on our document; a static script keeps a strict CSP possible. */
  private static final String INITIALIZER =
      """
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/openapi.json",
          dom_id: "#swagger-ui",
          deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          plugins: [SwaggerUIBundle.plugins.DownloadUrl],
          layout: "StandaloneLayout"
        });
      };
      """;

  private final Vertx vertx;

  ApiDocsRoute(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * A page, not an operation of the API: its files sit in a sub-router under {@code /api-docs/}, so
   * the OpenAPI document does not list them.
   */
  void mount(Router router) {
    Router page = Router.router(vertx);
    page.get("/swagger-initializer.js").handler(ApiDocsRoute::initializer);
    page.get("/*")
        .handler(StaticHandler.create(WEBJAR + version()).setDefaultContentEncoding("UTF-8"));
    router.route(PATH + "*").handler(ApiDocsRoute::toIndex);
    router.route(PATH + "/*").subRouter(page);
  }

  /** {@code /api-docs} without the slash: the page's relative links need the directory. */
  private static void toIndex(RoutingContext ctx) {
    if (!ctx.request().path().equals(PATH) || ctx.request().method() != HttpMethod.GET) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, PATH + "/").end();
  }

  private static void initializer(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/javascript; charset=utf-8")
        .end(INITIALIZER);
  }

  /** The WebJar's version, from its Maven metadata, which names its folder. */
  private static String version() {
    try (InputStream in =
        ApiDocsRoute.class.getResourceAsStream(
            "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui WebJar is not on the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
