package dev.sieve.jobs.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Strict YAML reading and writing of the operator's resources. Reading fails, with the path of the offending field
 * ({@code spec.executor.lables: unknown field}), on: a field the CRD does not define, a duplicate key, a value of the
 * wrong type (no coercion: {@code "1"} is not an integer and {@code true} is not a string — the API server refuses
 * both), a value outside an enum or a minimum, a missing required field, and a document holding anything but one
 * resource. Writing leaves out unset fields.
 */
public final class Manifests {
  private static final ObjectMapper STRICT = strictMapper();

  private Manifests() {}

  /** A manifest that does not match the model; the message names the field. */
  public static final class ManifestError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ManifestError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static ObjectMapper strictMapper() {
    YAMLFactory yaml = YAMLFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .build();
    ObjectMapper m = JsonMapper.builder(yaml)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
    for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
        LogicalType.Boolean}) {
      for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
          CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
          CoercionInputShape.EmptyString}) {
        m.coercionConfigFor(t).setCoercion(shape, CoercionAction.Fail);
      }
    }
    return m;
  }

  /** Reads one resource of the given model type from YAML text; {@code origin} names it in errors. */
  public static <T> T read(String yaml, Class<T> type, String origin) {
    try {
      return STRICT.readValue(yaml, type);
    } catch (JsonMappingException e) {
      throw new ManifestError(origin + ": " + describe(e), e);
    } catch (JsonProcessingException e) {
      throw new ManifestError(origin + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  /** The YAML tree of one document (for kind dispatch and for comparing what a model kept). */
  public static JsonNode tree(String yaml, String origin) {
    try {
      return STRICT.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ManifestError(origin + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  /** Every document of a YAML stream ({@code ---} separated), empty documents left out. */
  public static List<JsonNode> documents(String yaml, String origin) {
    try {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode n : STRICT.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          out.add(n);
        }
      }
      return out;
    } catch (java.io.IOException e) {
      String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new ManifestError(origin + ": not valid YAML: " + reason, e);
    }
  }

  /**
   * Checks every spark-operator resource in the YAML files under the given paths (files or directories) through the
   * strict models. Returns one line per problem, empty when all are valid; {@code out} gets one line per resource.
   */
  public static List<String> check(List<java.nio.file.Path> paths, java.io.PrintStream out) throws java.io.IOException {
    List<String> problems = new ArrayList<>();
    for (java.nio.file.Path root : paths) {
      if (!java.nio.file.Files.exists(root)) {
        problems.add(root + ": no such file or directory");
        continue;
      }
      List<java.nio.file.Path> files;
      try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(root)) {
        files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
      }
      for (java.nio.file.Path f : files) {
        try {
          List<JsonNode> docs = documents(java.nio.file.Files.readString(f), f.toString());
          for (int i = 0; i < docs.size(); i++) {
            JsonNode d = docs.get(i);
            String kind = d.path("kind").asText();
            String where = f + (docs.size() > 1 ? " (document " + (i + 1) + ")" : "");
            if (kind.equals(SparkApplication.KIND)) {
              read(d.toString(), SparkApplication.class, where);
            } else if (kind.equals(ScheduledSparkApplication.KIND)) {
              read(d.toString(), ScheduledSparkApplication.class, where);
            } else {
              continue;
            }
            out.println("ok  " + where + " (" + kind + " " + d.at("/metadata/name").asText() + ")");
          }
        } catch (ManifestError e) {
          problems.add(e.getMessage());
        }
      }
    }
    return problems;
  }

  /** The model as a YAML tree, unset fields left out. */
  public static JsonNode toTree(Object model) {
    return STRICT.valueToTree(model);
  }

  /** The model as YAML text, unset fields left out. */
  public static String write(Object model) {
    try {
      return STRICT.writeValueAsString(model);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + model.getClass().getSimpleName(), e);
    }
  }

  /** {@code spec.executor.cores: ...} from Jackson's path and the innermost cause's message. */
  static String describe(JsonMappingException e) {
    List<String> parts = new ArrayList<>();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        parts.add(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        int last = parts.size() - 1;
        String index = "[" + r.getIndex() + "]";
        if (last >= 0) {
          parts.set(last, parts.get(last) + index);
        } else {
          parts.add(index);
        }
      }
    }
    String reason = null;
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      // the path ends with the unknown field itself: name the object that holds it
      if (!parts.isEmpty() && parts.get(parts.size() - 1).equals(u.getPropertyName())) {
        parts.remove(parts.size() - 1);
      }
      reason = "unknown field '" + u.getPropertyName() + "'";
    }
    String path = parts.isEmpty() ? "(document)" : String.join(".", parts);
    if (reason != null) {
      return path + ": " + reason;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    reason = root == e ? e.getOriginalMessage() : root.getMessage();
    int nl = reason == null ? -1 : reason.indexOf('\n');
    if (nl > 0) {
      reason = reason.substring(0, nl);
    }
    return path + ": " + reason;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Checks used by the models' constructors

  static void required(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("required field '" + field + "' is missing");
    }
  }

  static void constant(String value, String expected, String field) {
    if (!expected.equals(value)) {
      throw new IllegalArgumentException(field + " must be " + expected + ", got " + value);
    }
  }

  static void atLeast(Number value, long min, String field) {
    if (value != null && value.longValue() < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
    }
  }

  static void atMost(Number value, long max, String field) {
    if (value != null && value.longValue() > max) {
      throw new IllegalArgumentException(field + " must be <= " + max + ", got " + value);
    }
  }

  static void matches(String value, Pattern pattern, String field) {
    if (value != null && !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " '" + value + "' does not match " + pattern.pattern());
    }
  }
}
