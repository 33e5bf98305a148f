package dev.sieve.transforms.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stable reason codes written to {@code reject_reason}. Codes never change meaning once released; new checks
 * add new codes. {@link #describe(String)} gives the one-line meaning used in reports and docs.
 */
public final class ReasonCodes {
  private ReasonCodes() {}

  // Reading: the record could not be turned into a document.
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String INVALID_UTF8 = "invalid_utf8";
  public static final String MISSING_ID = "missing_id";
  public static final String MISSING_TEXT = "missing_text";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String RECORD_TOO_LARGE = "record_too_large";
  public static final String EMPTY_TEXT = "empty_text";

  // Dedup.
  public static final String EXACT_DUPLICATE = "exact_duplicate";
  public static final String NEAR_DUPLICATE = "near_duplicate";
  public static final String EMPTY_AFTER_SEGMENT_DEDUP = "empty_after_segment_dedup";

  // Quality.
  public static final String TOO_LONG = "too_long";
  public static final String LANGUAGE_NOT_ALLOWED = "language_not_allowed";
  public static final String LOW_QUALITY_SCORE = "low_quality_score";
  public static final String MISSING_LABEL = "missing_label";
  public static final String INVALID_LABEL = "invalid_label";

  private static final Map<String, String> DESCRIPTIONS;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MALFORMED_JSON, "the input line is not a single well-formed JSON object");
    m.put(INVALID_UTF8, "the record's bytes are not valid UTF-8 (detail gives the byte offset)");
    m.put(MISSING_ID, "the id column is absent or null");
    m.put(MISSING_TEXT, "the text column is absent or null");
    m.put(WRONG_TYPE, "a column has a type the job cannot use (for example text is a number or an object)");
    m.put(RECORD_TOO_LARGE, "the record exceeds input.max_record_bytes");
    m.put(EMPTY_TEXT, "the text is empty or whitespace only");
    m.put(EXACT_DUPLICATE, "the normalized text equals that of a kept document (detail and duplicate_of name it)");
    m.put(NEAR_DUPLICATE, "the document's word/char shingles are at least dedup.threshold Jaccard-similar to a kept "
        + "document's, directly or through its cluster (near_duplicate_of, near_similarity name it)");
    m.put(EMPTY_AFTER_SEGMENT_DEDUP, "every line or paragraph of the document also occurs in documents that keep it,"
        + " so line/paragraph dedup left it blank");
    m.put(TOO_LONG, "the text is longer than quality.max_chars; no quality filter ran");
    m.put(LANGUAGE_NOT_ALLOWED, "the identified language is not in quality.languages, or its score is below "
        + "quality.language_threshold");
    m.put(LOW_QUALITY_SCORE, "the quality model's probability of the positive class is below quality.model.threshold");
    m.put(MISSING_LABEL, "quality-train: the label column is null");
    m.put(INVALID_LABEL, "quality-train: the label is neither a positive nor a negative value");
    DESCRIPTIONS = Collections.unmodifiableMap(m);
  }

  /** All known codes with their meaning, in documentation order. */
  public static Map<String, String> all() {
    return DESCRIPTIONS;
  }

  public static String describe(String code) {
    return DESCRIPTIONS.getOrDefault(code, "(no description)");
  }
}
