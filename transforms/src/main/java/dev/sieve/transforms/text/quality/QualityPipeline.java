package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.text.lang.LanguageIdentifier;
import dev.sieve.transforms.text.pii.PiiRedactor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores one document with an ordered list of {@link DocFilter}s and decides keep or reject, datatrove style: every
 * filter reports its signals and a verdict, the document's reason is the first failing filter's reason code.
 *
 * <p>For one document:
 *
 * <ol>
 *   <li>A text longer than {@code maxChars} UTF-16 units is rejected as {@link #TOO_LONG} before any filter runs
 *       (its only signal is {@link #SIGNAL_CHARS}); this bounds the memory and time a single record can take.
 *   <li>With language identification on, the language and its score are found first ({@link Result#lang}); with an
 *       allow list, a document in another language or below the score threshold fails the pseudo-filter
 *       {@value #LANGUAGE} with {@link #LANGUAGE_NOT_ALLOWED}, as datatrove's language filter does before the quality
 *       filters.
 *   <li>Every filter runs, in order, even after one has failed, so each document carries every signal and every
 *       filter's verdict ({@link #PASS} or its reason code). A filter that rewrites the text (C4's line cleaner) hands
 *       the rewritten text to the filters after it, whatever its own verdict.
 *   <li>With PII redaction on, the final text is redacted last (signals are computed on the text as written) and
 *       the counts become the signals {@code pii_emails}, {@code pii_ipv4}, {@code pii_phones}.
 * </ol>
 *
 * Signal names are unique across the filters (checked when the pipeline is built). Cost: the sum of the filters'
 * costs; nothing is kept between documents. Immutable and thread-safe when the filters are.
 */
public final class QualityPipeline implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The verdict value of a filter that passed the document. */
  public static final String PASS = "pass";
  /** The reason for a document over the length cap; no filter ran on it. */
  public static final String TOO_LONG = dev.sieve.transforms.core.ReasonCodes.TOO_LONG;
  /** The pseudo-filter name of the length cap in {@link Result#verdicts}. */
  public static final String LENGTH_CAP = "length_cap";
  /** The length of the text in UTF-16 units, always present. */
  public static final String SIGNAL_CHARS = "chars";
  /** The pseudo-filter name of the language check in {@link Result#verdicts}. */
  public static final String LANGUAGE = "language";
  public static final String LANGUAGE_NOT_ALLOWED = dev.sieve.transforms.core.ReasonCodes.LANGUAGE_NOT_ALLOWED;
  public static final String SIGNAL_PII_EMAILS = "pii_emails";
  public static final String SIGNAL_PII_IPV4 = "pii_ipv4";
  public static final String SIGNAL_PII_PHONES = "pii_phones";

  /**
   * One document's outcome: the text to write (null when unchanged), every signal, every filter's verdict, and the
   * first failure (filter, reason, detail), all null when the document is kept.
   */
  public record Result(String text, Map<String, Double> signals, Map<String, String> verdicts, String failedFilter,
      String reason, String detail, String lang, Double langScore) implements Serializable {
    public boolean kept() {
      return reason == null;
    }
  }

  /**
   * Language identification: {@code allowed} empty annotates only; otherwise a document passes when its language is
   * allowed and its score is at least {@code threshold}.
   */
  public record Languages(LanguageIdentifier identifier, Set<String> allowed, double threshold)
      implements Serializable {
    public Languages {
      Preconditions.checkNotNull(identifier, "identifier");
      allowed = Set.copyOf(Preconditions.checkNotNull(allowed, "allowed"));
      Preconditions.checkArgument(threshold >= 0 && threshold <= 1, "threshold must be in [0, 1], got %s",
          threshold);
    }
  }

  private final List<DocFilter> filters;
  private final long maxChars;
  private final PiiRedactor pii;
  private final Languages languages;

  /**
   * @param filters run in this order; names must be distinct
   * @param maxChars the length cap in UTF-16 units (at least 1)
   * @param pii the redactor to apply last, or null for none
   */
  public QualityPipeline(List<DocFilter> filters, long maxChars, PiiRedactor pii) {
    this(filters, maxChars, pii, null);
  }

  /** As above, with language identification first ({@code languages} null for none). */
  public QualityPipeline(List<DocFilter> filters, long maxChars, PiiRedactor pii, Languages languages) {
    Preconditions.checkNotNull(filters, "filters");
    Preconditions.checkArgument(maxChars >= 1, "maxChars must be >= 1, got %s", maxChars);
    Set<String> names = new HashSet<>();
    for (DocFilter f : filters) {
      Preconditions.checkNotNull(f, "filter");
      Preconditions.checkArgument(names.add(f.name()), "filter '%s' appears twice", f.name());
      Preconditions.checkArgument(!f.name().equals(LENGTH_CAP) && !f.name().equals(LANGUAGE), "'%s' is reserved",
          f.name());
    }
    this.filters = List.copyOf(filters);
    this.maxChars = maxChars;
    this.pii = pii;
    this.languages = languages;
  }

  public Languages languages() {
    return languages;
  }

  public List<DocFilter> filters() {
    return filters;
  }

  public List<String> filterNames() {
    List<String> out = new ArrayList<>();
    for (DocFilter f : filters) {
      out.add(f.name());
    }
    return out;
  }

  /** Every reason code a document can be rejected with: {@link #TOO_LONG}, then each filter's, in order. */
  public List<String> reasonCodes() {
    List<String> out = new ArrayList<>();
    out.add(TOO_LONG);
    if (languages != null && !languages.allowed().isEmpty()) {
      out.add(LANGUAGE_NOT_ALLOWED);
    }
    for (DocFilter f : filters) {
      for (String code : f.reasonCodes()) {
        if (!out.contains(code)) {
          out.add(code);
        }
      }
    }
    return out;
  }

  public long maxChars() {
    return maxChars;
  }

  public boolean redactsPii() {
    return pii != null;
  }

  /** Scores {@code text} (null is treated as empty). */
  public Result apply(String text) {
    String current = text == null ? "" : text;
    Map<String, Double> signals = new LinkedHashMap<>();
    Map<String, String> verdicts = new LinkedHashMap<>();
    signals.put(SIGNAL_CHARS, (double) current.length());
    if (current.length() > maxChars) {
      verdicts.put(LENGTH_CAP, TOO_LONG);
      return new Result(null, Collections.unmodifiableMap(signals), Collections.unmodifiableMap(verdicts),
          LENGTH_CAP, TOO_LONG, "the text has " + current.length() + " characters; the cap is " + maxChars, null,
          null);
    }
    String failedFilter = null;
    String reason = null;
    String detail = null;
    String lang = null;
    Double langScore = null;
    if (languages != null) {
      LanguageIdentifier.Result id = languages.identifier().identify(current);
      lang = id.lang();
      langScore = id.score();
      if (languages.allowed().isEmpty()) {
        verdicts.put(LANGUAGE, PASS);
      } else if (languages.allowed().contains(lang) && id.score() >= languages.threshold()) {
        verdicts.put(LANGUAGE, PASS);
      } else {
        verdicts.put(LANGUAGE, LANGUAGE_NOT_ALLOWED);
        failedFilter = LANGUAGE;
        reason = LANGUAGE_NOT_ALLOWED;
        detail = String.format(java.util.Locale.ROOT, "language: identified %s with score %.3f; allowed %s at >= %s",
            lang, id.score(), new java.util.TreeSet<>(languages.allowed()), languages.threshold());
      }
    }
    boolean changed = false;
    for (DocFilter f : filters) {
      FilterResult r = f.apply(current);
      for (Map.Entry<String, Double> e : r.signals().entrySet()) {
        if (signals.putIfAbsent(e.getKey(), e.getValue()) != null) {
          throw new IllegalStateException("signal '" + e.getKey() + "' of filter '" + f.name()
              + "' is also computed by an earlier filter");
        }
      }
      if (r.verdict().kept()) {
        verdicts.put(f.name(), PASS);
      } else {
        verdicts.put(f.name(), r.verdict().reason());
        if (reason == null) {
          failedFilter = f.name();
          reason = r.verdict().reason();
          detail = f.name() + ": " + (r.verdict().detail() == null ? reason : r.verdict().detail());
        }
      }
      if (r.text() != null && !r.text().equals(current)) {
        current = r.text();
        changed = true;
      }
    }
    if (pii != null) {
      PiiRedactor.Result p = pii.redact(current);
      signals.put(SIGNAL_PII_EMAILS, (double) p.emails());
      signals.put(SIGNAL_PII_IPV4, (double) p.ipv4());
      signals.put(SIGNAL_PII_PHONES, (double) p.phones());
      if (p.text() != current) {
        current = p.text();
        changed = true;
      }
    }
    return new Result(changed ? current : null, Collections.unmodifiableMap(signals),
        Collections.unmodifiableMap(verdicts), failedFilter, reason, detail, lang, langScore);
  }
}
