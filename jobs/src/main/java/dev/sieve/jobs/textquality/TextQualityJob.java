package dev.sieve.jobs.textquality;

import com.typesafe.config.Config;
import dev.sieve.jobs.SieveJob;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.jobs.config.RecordOverrides;
import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.spark.SparkQualityFilter;
import dev.sieve.transforms.spark.SparkQualityModel;
import dev.sieve.transforms.spark.Stage;
import dev.sieve.transforms.text.lang.LanguageIdentifier;
import dev.sieve.transforms.text.pii.PiiRedactor;
import dev.sieve.transforms.text.quality.BadWordsFilter;
import dev.sieve.transforms.text.quality.C4Filter;
import dev.sieve.transforms.text.quality.FineWebFilter;
import dev.sieve.transforms.text.quality.GopherQualityFilter;
import dev.sieve.transforms.text.quality.GopherRepetitionFilter;
import dev.sieve.transforms.text.quality.QualityPipeline;
import dev.sieve.transforms.text.quality.RedPajamaSignals;
import dev.sieve.transforms.text.quality.TreebankWordTokenizer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code text-quality}: scores every document with the published heuristic filters (Gopher quality and repetition,
 * C4, FineWeb), optionally bad words and RedPajama-V2 signals, redacts PII if asked, and rejects documents with the
 * first failing filter's reason code. Presets give the published filter chains; every threshold can be changed.
 */
public final class TextQualityJob implements SieveJob {

  /** {@code quality.preset}. */
  public enum Preset {
    /** FineWeb's chain: Gopher repetition, Gopher quality, C4 (no terminal-punctuation line rule), FineWeb. */
    FINEWEB,
    /** Gopher repetition, then Gopher quality. */
    GOPHER,
    /** C4 with TensorFlow Datasets' parameters (5 words per line, 3 sentences). */
    C4,
    /** Exactly the filters in {@code quality.filters}. */
    CUSTOM
  }

  /** The filter names {@code quality.filters} accepts. */
  static final List<String> FILTER_NAMES = List.of(GopherRepetitionFilter.NAME, GopherQualityFilter.NAME,
      C4Filter.NAME, FineWebFilter.NAME, BadWordsFilter.NAME);

  @Override
  public String name() {
    return "text-quality";
  }

  @Override
  public String summary() {
    return "score documents with the Gopher, C4 and FineWeb heuristics (and optional bad words, PII redaction) and "
        + "reject the low-quality ones";
  }

  /** The filter names a preset runs, in order. */
  static List<String> presetFilters(Preset preset) {
    switch (preset) {
      case FINEWEB:
        return List.of(GopherRepetitionFilter.NAME, GopherQualityFilter.NAME, C4Filter.NAME, FineWebFilter.NAME);
      case GOPHER:
        return List.of(GopherRepetitionFilter.NAME, GopherQualityFilter.NAME);
      case C4:
        return List.of(C4Filter.NAME);
      default:
        return List.of();
    }
  }

  /** Builds the pipeline the configuration describes; fails with a {@link ConfigError} naming the key. */
  public static QualityPipeline pipeline(Conf c) {
    Preset preset = c.choice("quality.preset", Preset.class);
    List<String> names = c.stringList("quality.filters");
    if (preset == Preset.CUSTOM && names.isEmpty()) {
      throw new ConfigError("quality.preset = custom needs quality.filters: an ordered list from " + FILTER_NAMES);
    }
    if (names.isEmpty()) {
      names = new ArrayList<>(presetFilters(preset));
    }
    String badWordsPath = c.string("quality.bad_words.path");
    if (!badWordsPath.isEmpty() && !names.contains(BadWordsFilter.NAME)) {
      names = new ArrayList<>(names);
      names.add(BadWordsFilter.NAME);
    }
    Config raw = c.raw();
    TreebankWordTokenizer tokenizer = TreebankWordTokenizer.wordTokenize();
    List<DocFilter> filters = new ArrayList<>();
    for (String name : names) {
      if (filters.stream().anyMatch(f -> f.name().equals(name))) {
        throw new ConfigError("quality.filters names '" + name + "' twice");
      }
      switch (name) {
        case GopherRepetitionFilter.NAME:
          filters.add(new GopherRepetitionFilter(RecordOverrides.apply(GopherRepetitionFilter.Settings.defaults(),
              raw, "quality.gopher_repetition", Map.of(
                  "topNGrams", (cfg, key) -> nGramLimits(cfg, key),
                  "dupNGrams", (cfg, key) -> nGramLimits(cfg, key))), tokenizer));
          break;
        case GopherQualityFilter.NAME:
          filters.add(new GopherQualityFilter(
              RecordOverrides.apply(GopherQualityFilter.Settings.defaults(), raw, "quality.gopher_quality"),
              tokenizer));
          break;
        case C4Filter.NAME:
          filters.add(new C4Filter(RecordOverrides.apply(c4Base(preset), raw, "quality.c4")));
          break;
        case FineWebFilter.NAME:
          filters.add(new FineWebFilter(tokenizer,
              RecordOverrides.apply(FineWebFilter.Settings.defaults(), raw, "quality.fineweb")));
          break;
        case BadWordsFilter.NAME:
          filters.add(badWords(c, badWordsPath));
          break;
        default:
          throw new ConfigError("quality.filters: unknown filter '" + name + "'; known: " + FILTER_NAMES);
      }
    }
    if (c.bool("quality.rpv2_signals")) {
      filters.add(new RedPajamaSignals());
    }
    PiiRedactor pii = null;
    if (c.bool("quality.pii.enabled")) {
      pii = new PiiRedactor(RecordOverrides.apply(PiiRedactor.Settings.defaults(), raw, "quality.pii"));
    }
    long maxChars = c.longValue("quality.max_chars");
    if (maxChars < 1) {
      throw new ConfigError("quality.max_chars must be >= 1, got " + maxChars);
    }
    QualityPipeline.Languages languages = null;
    if (c.bool("quality.language_id")) {
      double threshold = c.number("quality.language_threshold");
      if (threshold < 0 || threshold > 1) {
        throw new ConfigError("quality.language_threshold must be in [0, 1], got " + threshold);
      }
      int sample = c.integer("quality.language_sample_chars");
      if (sample < 1) {
        throw new ConfigError("quality.language_sample_chars must be >= 1, got " + sample);
      }
      List<String> allowed = c.stringList("quality.languages");
      for (String lang : allowed) {
        if (!lang.matches("[a-z]{2,3}")) {
          throw new ConfigError("quality.languages: '" + lang + "' is not an ISO 639-1 code such as en, de, zh");
        }
      }
      languages = new QualityPipeline.Languages(new LanguageIdentifier(sample), java.util.Set.copyOf(allowed),
          threshold);
    } else if (!c.stringList("quality.languages").isEmpty()) {
      throw new ConfigError("quality.languages needs quality.language_id = true");
    }
    try {
      return new QualityPipeline(filters, maxChars, pii, languages);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("quality: " + e.getMessage(), e);
    }
  }

  /** FineWeb ran C4 without the terminal-punctuation line rule; the c4 preset is TFDS C4; otherwise datatrove's. */
  private static C4Filter.Settings c4Base(Preset preset) {
    C4Filter.Settings d = C4Filter.Settings.defaults();
    switch (preset) {
      case FINEWEB:
        return new C4Filter.Settings(d.splitParagraph(), d.removeCitations(), false, d.minNumSentences(),
            d.minWordsPerLine(), d.maxWordLength(), d.filterLoremIpsum(), d.filterJavascript(),
            d.filterCurlyBracket(), d.filterPolicy());
      case C4:
        return C4Filter.Settings.tfdsC4();
      default:
        return d;
    }
  }

  /** An object {@code {n = max_fraction, ...}}, checked in increasing n. */
  private static List<GopherRepetitionFilter.NGramLimit> nGramLimits(Config cfg, String key) {
    Map<Integer, Double> byN = new TreeMap<>();
    for (Map.Entry<String, Object> e : cfg.getConfig(key).root().unwrapped().entrySet()) {
      int n;
      try {
        n = Integer.parseInt(e.getKey());
      } catch (NumberFormatException ex) {
        throw new ConfigError(key + ": keys are n-gram sizes, got '" + e.getKey() + "'");
      }
      if (!(e.getValue() instanceof Number)) {
        throw new ConfigError(key + "." + n + " must be a number (the largest fraction kept), got " + e.getValue());
      }
      byN.put(n, ((Number) e.getValue()).doubleValue());
    }
    List<GopherRepetitionFilter.NGramLimit> out = new ArrayList<>();
    byN.forEach((n, f) -> out.add(new GopherRepetitionFilter.NGramLimit(n, f)));
    return out;
  }

  private static BadWordsFilter badWords(Conf c, String path) {
    if (path.isEmpty()) {
      throw new ConfigError("quality.filters names bad_words, which needs quality.bad_words.path (a word list file)");
    }
    List<String> words;
    try (Reader r = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
      words = BadWordsFilter.readWordList(r);
    } catch (NoSuchFileException e) {
      throw new ConfigError("quality.bad_words.path: no such file: " + path);
    } catch (IOException e) {
      throw new ConfigError("quality.bad_words.path: cannot read " + path + ": " + e.getMessage(), e);
    }
    if (words.isEmpty()) {
      throw new ConfigError("quality.bad_words.path: " + path + " has no words");
    }
    int max = c.integer("quality.bad_words.max_matches");
    if (max < 0) {
      throw new ConfigError("quality.bad_words.max_matches must be >= 0, got " + max);
    }
    return new BadWordsFilter(words, c.bool("quality.bad_words.word_boundaries"), max);
  }

  @Override
  public List<Stage> stages(Conf config, CommonSettings common) {
    QualityPipeline pipeline = pipeline(config);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("preset", Conf.spell(config.choice("quality.preset", Preset.class)));
    String description = "quality: " + String.join(" > ", pipeline.filterNames())
        + (pipeline.redactsPii() ? ", PII redacted" : "") + ", over " + pipeline.maxChars() + " chars rejected";
    List<Stage> stages = new ArrayList<>(List.of(new SparkQualityFilter(pipeline, description, info)));
    String model = config.string("quality.model.path");
    if (!model.isEmpty()) {
      double threshold = config.number("quality.model.threshold");
      if (threshold < 0 || threshold > 1) {
        throw new ConfigError("quality.model.threshold must be a probability in [0, 1], got " + threshold);
      }
      stages.add(new SparkQualityModel.Scorer(model, threshold));
    }
    return stages;
  }
}
