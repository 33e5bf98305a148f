package dev.sieve.jobs.qualitytrain;

import dev.sieve.jobs.SieveJob;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.transforms.spark.SparkQualityModel;
import dev.sieve.transforms.spark.Stage;
import java.util.List;
import java.util.Locale;

/**
 * {@code quality-train}: fits the hashed n-gram logistic-regression quality model ({@link SparkQualityModel}) on
 * labelled documents and saves it for {@code text-quality}'s {@code quality.model.path}. The usual run contract
 * applies: rows without a usable label are rejected with a reason, the kept rows are the training rows, and the
 * report holds the held-out AUC and accuracy.
 */
public final class QualityTrainJob implements SieveJob {

  @Override
  public String name() {
    return "quality-train";
  }

  @Override
  public String summary() {
    return "train a hashed n-gram linear quality classifier (Spark ML) on labelled documents, for text-quality";
  }

  /** Where the model goes: {@code train.model_path}, or {@code <output>/model}. */
  static String modelPath(Conf c, CommonSettings common) {
    String p = c.string("train.model_path");
    if (!p.isEmpty()) {
      return p;
    }
    String out = common.output().path();
    return out.endsWith("/") ? out + "model" : out + "/model";
  }

  static SparkQualityModel.Settings settings(Conf c) {
    int features = c.integer("train.features");
    if (features < 2 || Integer.bitCount(features) != 1) {
      throw new ConfigError("train.features must be a power of two (e.g. 1048576 = 2^20), got " + features);
    }
    int ngram = c.integer("train.ngram");
    if (ngram < 1 || ngram > 3) {
      throw new ConfigError("train.ngram must be 1, 2 or 3, got " + ngram);
    }
    double reg = c.number("train.reg_param");
    if (reg < 0) {
      throw new ConfigError("train.reg_param must be >= 0, got " + reg);
    }
    int maxIter = c.integer("train.max_iter");
    if (maxIter < 1) {
      throw new ConfigError("train.max_iter must be >= 1, got " + maxIter);
    }
    double holdout = c.number("train.holdout");
    if (holdout < 0 || holdout >= 1) {
      throw new ConfigError("train.holdout must be in [0, 1), got " + holdout);
    }
    return new SparkQualityModel.Settings(features, ngram, reg, maxIter, holdout, c.longValue("train.seed"));
  }

  private static List<String> labels(Conf c, String key) {
    List<String> out = c.stringList(key).stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
    if (out.isEmpty()) {
      throw new ConfigError(key + " must name at least one label value");
    }
    return out;
  }

  @Override
  public List<Stage> stages(Conf config, CommonSettings common) {
    List<String> positive = labels(config, "train.positive_labels");
    List<String> negative = labels(config, "train.negative_labels");
    for (String p : positive) {
      if (negative.contains(p)) {
        throw new ConfigError("label value '" + p + "' is in both train.positive_labels and train.negative_labels");
      }
    }
    String label = config.string("train.label_column");
    if (label.isEmpty()) {
      throw new ConfigError("train.label_column must name the label column");
    }
    return List.of(new SparkQualityModel.Trainer(settings(config), label, positive, negative,
        modelPath(config, common)));
  }
}
