package dev.sieve.bench;

import java.util.Collection;
import java.util.Map;

/**
 * A minimal JSON writer for the harness's own outputs (JSONL records, the corpus manifest, results.json): maps,
 * collections, strings, numbers, booleans and null. Non-finite doubles are written as null.
 */
final class Json {
  private Json() {}

  /** {@code value} as indented JSON (two spaces per level). */
  static String pretty(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0, true);
    return sb.append('\n').toString();
  }

  /** {@code value} as compact JSON on one line. */
  static String compact(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0, false);
    return sb.toString();
  }

  /** Appends {@code s} as a JSON string literal. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  private static void write(StringBuilder sb, Object v, int depth, boolean pretty) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        newline(sb, depth + 1, pretty);
        string(sb, String.valueOf(e.getKey()));
        sb.append(pretty ? ": " : ":");
        write(sb, e.getValue(), depth + 1, pretty);
      }
      newline(sb, depth, pretty);
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      if (c.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        newline(sb, depth + 1, pretty);
        write(sb, o, depth + 1, pretty);
      }
      newline(sb, depth, pretty);
      sb.append(']');
    } else {
      string(sb, v.toString());
    }
  }

  private static void newline(StringBuilder sb, int depth, boolean pretty) {
    if (pretty) {
      sb.append('\n');
      for (int i = 0; i < depth; i++) {
        sb.append("  ");
      }
    }
  }
}
