package dev.eventstack.http;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Validates bodies against one draft-07 JSON Schema and says which field or rule failed. */
final class SchemaCheck {

  private final String subject;
  private final Validator validator;

  SchemaCheck(String subject, JsonObject schema) {
    this.subject = subject;
    this.validator =
        Validator.create(
            JsonSchema.of(schema),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT7)
                .setBaseUri("https://eventstack.dev/")
                .setOutputFormat(OutputFormat.Basic));
  }

  /** Throws a 400 {@link ApiException} naming the first violation when {@code body} is invalid. */
  void validate(JsonObject body) {
    OutputUnit result = validator.validate(body);
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    throw new ApiException(400, "Invalid " + subject + ": " + describe(result));
  }

  /**
   * One clause per failing field, each from the most specific keyword that failed there: the
   * validator also reports the enclosing {@code properties} and {@code additionalProperties}
   * keywords, which say less.
   */
  private static String describe(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    if (errors == null || errors.isEmpty()) {
      return String.valueOf(result.getError());
    }
    Map<String, OutputUnit> mostSpecific = new LinkedHashMap<>();
    for (OutputUnit error : errors) {
      mostSpecific.merge(
          fieldOf(error), error, (kept, next) -> depth(next) > depth(kept) ? next : kept);
    }
    StringJoiner clauses = new StringJoiner("; ");
    mostSpecific.forEach((field, error) -> clauses.add(field + ": " + error.getError()));
    return clauses.toString();
  }

  private static String fieldOf(OutputUnit error) {
    String location = error.getInstanceLocation();
    return location == null || location.isEmpty() || location.equals("#")
        ? "body"
        : location.replaceFirst("^#?/?", "");
  }

  private static int depth(OutputUnit error) {
    String keyword = error.getKeywordLocation();
    return keyword == null ? 0 : keyword.length();
  }
}
