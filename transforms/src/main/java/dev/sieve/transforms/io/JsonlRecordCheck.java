package dev.sieve.transforms.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.text.Utf8;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.CharacterCodingException;

/**
 * Checks one JSONL line before it becomes a document: valid UTF-8, one JSON object and nothing after it, an id that
 * is a string or an integer, a text that is a string. Everything else is a rejection with a reason code, so a bad
 * line never fails the job and is never dropped.
 *
 * <p>Runs wherever lines are read (on executors); one streaming pass with Jackson, no tree is built. Thread-safe.
 */
public final class JsonlRecordCheck implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DETAIL = 200;

  private final String idField;
  private final String textField;
  private final long maxRecordBytes;
  private final String missingCode;
  private transient JsonFactory factory;

  public JsonlRecordCheck(String idField, String textField, long maxRecordBytes) {
    this(idField, textField, maxRecordBytes, ReasonCodes.MISSING_TEXT);
  }

  /**
   * @param missingCode the reason code for an absent or null content field ({@code missing_text}, or
   *     {@code missing_uri} when the content is a media URI)
   */
  public JsonlRecordCheck(String idField, String textField, long maxRecordBytes, String missingCode) {
    Preconditions.checkArgument(idField != null && !idField.isEmpty(), "id field must be non-empty, got '%s'", idField);
    Preconditions.checkArgument(
        textField != null && !textField.isEmpty(), "text field must be non-empty, got '%s'", textField);
    Preconditions.checkArgument(maxRecordBytes > 0, "maxRecordBytes must be positive, got %s", maxRecordBytes);
    this.idField = idField;
    this.textField = textField;
    this.maxRecordBytes = maxRecordBytes;
    this.missingCode = Preconditions.checkNotNull(missingCode, "missingCode");
  }

  /** The result for one line: the verdict, the decoded line (when valid UTF-8) and the raw content to keep. */
  public record Result(Verdict verdict, String line) {
    public boolean ok() {
      return verdict.kept();
    }
  }

  private JsonFactory factory() {
    if (factory == null) {
      // Documents can be tens of MB: lift Jackson's default 20 MB string cap to the configured record cap.
      factory = JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxRecordBytes))
              .maxNestingDepth(1000)
              .build())
          .build();
    }
    return factory;
  }

  /**
   * The result for a record over the cap, whose size ({@code "123 bytes"}) was measured by whoever held it (a reader
   * that never holds it whole reports what it counted).
   */
  public Result tooLarge(String size) {
    return new Result(Verdict.reject(ReasonCodes.RECORD_TOO_LARGE,
        "record is " + size + "; input.max_record_bytes is " + maxRecordBytes), null);
  }

  public Result check(byte[] bytes) {
    if (bytes.length > maxRecordBytes) {
      return tooLarge(bytes.length + " bytes");
    }
    String line;
    try {
      line = Utf8.decodeStrict(bytes);
    } catch (CharacterCodingException e) {
      int at = Utf8.firstInvalidOffset(bytes);
      return new Result(
          Verdict.reject(ReasonCodes.INVALID_UTF8, "invalid UTF-8 at byte " + at + " of " + bytes.length),
          Utf8.decodeLenient(bytes));
    }
    return new Result(checkJson(line), line);
  }

  Verdict checkJson(String line) {
    boolean sawId = false;
    boolean sawText = false;
    try (JsonParser p = factory().createParser(line)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return Verdict.reject(ReasonCodes.MALFORMED_JSON,
            "expected a JSON object, found " + (first == null ? "nothing" : first.asString() == null
                ? first.name() : "'" + first.asString() + "'"));
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(idField)) {
          sawId = true;
          if (value == JsonToken.VALUE_NULL) {
            return Verdict.reject(ReasonCodes.MISSING_ID, "'" + idField + "' is null");
          }
          if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT) {
            return Verdict.reject(ReasonCodes.WRONG_TYPE,
                "'" + idField + "' must be a string or an integer, found " + describe(value));
          }
        } else if (name.equals(textField)) {
          sawText = true;
          if (value == JsonToken.VALUE_NULL) {
            return Verdict.reject(missingCode, "'" + textField + "' is null");
          }
          if (value != JsonToken.VALUE_STRING) {
            return Verdict.reject(ReasonCodes.WRONG_TYPE,
                "'" + textField + "' must be a string, found " + describe(value));
          }
        }
        p.skipChildren();
      }
      if (t != JsonToken.END_OBJECT) {
        return Verdict.reject(ReasonCodes.MALFORMED_JSON, "object not closed");
      }
      JsonToken trailing;
      try {
        trailing = p.nextToken();
      } catch (JsonParseException e) {
        trailing = JsonToken.NOT_AVAILABLE;
      }
      if (trailing != null) {
        return Verdict.reject(ReasonCodes.MALFORMED_JSON,
            "unexpected content after the object at column " + p.currentLocation().getColumnNr());
      }
    } catch (JsonParseException e) {
      return Verdict.reject(ReasonCodes.MALFORMED_JSON, clip(e.getOriginalMessage()) + " at column "
          + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()));
    } catch (IOException | RuntimeException e) {
      return Verdict.reject(ReasonCodes.MALFORMED_JSON, clip(String.valueOf(e.getMessage())));
    }
    if (!sawId) {
      return Verdict.reject(ReasonCodes.MISSING_ID, "no '" + idField + "' field");
    }
    if (!sawText) {
      return Verdict.reject(missingCode, "no '" + textField + "' field");
    }
    return Verdict.pass();
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_OBJECT: return "an object";
      case START_ARRAY: return "an array";
      case VALUE_NUMBER_INT: return "an integer";
      case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      case VALUE_STRING: return "a string";
      default: return t.name();
    }
  }

  private static String clip(String s) {
    if (s == null) {
      return "";
    }
    String oneLine = s.replace('\n', ' ');
    return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
  }
}
