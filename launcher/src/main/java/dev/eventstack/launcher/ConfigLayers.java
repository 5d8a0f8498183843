package dev.eventstack.launcher;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration's layers, each a JSON object merged deeply over the ones before it: the
 * defaults ({@code application.json}, shipped in the jar from {@code conf/}), the {@code --env}
 * profile, the {@code --config} file, then the environment and the command line. Every key and its
 * default is in {@code docs/configuration.md}.
 *
 * <p>Three small JSON files need no config library: {@link JsonObject#mergeIn(JsonObject, boolean)}
 * is the deep merge that vertx-config would do for the same stores.
 */
final class ConfigLayers {

  private ConfigLayers() {}

  /** The defaults shipped in the jar. */
  static JsonObject defaults() {
    return resource("application.json");
  }

  /**
   * The whole configuration: defaults, profile (null for none), file (null for none), then the
   * overrides of the environment and the command line. Reads files: call it off the event loop.
   */
  static JsonObject load(String profile, Path configFile, JsonObject overrides) {
    JsonObject config = defaults();
    if (profile != null) {
      config.mergeIn(profile(profile), true);
    }
    if (configFile != null) {
      config.mergeIn(file(configFile), true);
    }
    return config.mergeIn(overrides.copy(), true);
  }

  /** Whether a profile of that name exists, shipped in the jar or in {@code conf/}. */
  static boolean profileExists(String name) {
    return ConfigLayers.class.getResource("/" + name + ".json") != null
        || Files.isReadable(Path.of("conf", name + ".json"));
  }

  /** A profile: {@code conf/NAME.json} on disk wins over the copy shipped in the jar. */
  private static JsonObject profile(String name) {
    Path onDisk = Path.of("conf", name + ".json");
    return Files.isReadable(onDisk) ? file(onDisk) : resource(name + ".json");
  }

  private static JsonObject file(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject resource(String name) {
    try (InputStream in = ConfigLayers.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        return new JsonObject();
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value at a dotted path such as {@code http.port}, or null. */
  static Object get(JsonObject config, String path) {
    Object value = config;
    for (String part : path.split("\\.")) {
      if (!(value instanceof JsonObject object)) {
        return null;
      }
      value = object.getValue(part);
    }
    return value;
  }

  /** Sets the value at a dotted path, making the objects on the way. */
  static void put(JsonObject config, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject object = config;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = object.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        object.put(parts[i], next);
      }
      object = next;
    }
    object.put(parts[parts.length - 1], value);
  }
}
