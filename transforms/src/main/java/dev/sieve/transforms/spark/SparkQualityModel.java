package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * A trainable document-quality classifier in the DCLM style, on Spark ML: a hashed n-gram linear model.
 *
 * <p>Features: the text lowercased with newlines as spaces, split on non-word characters ({@code \W+}); unigrams and
 * bigrams (up to {@code ngram}) hashed into {@code features} dimensions with binary counts ({@link HashingTF}).
 * Model: {@link LogisticRegression} with L2 regularization. The fitted {@link PipelineModel} is saved with Spark ML's
 * own format, so it can also be loaded in a notebook. Training ({@link Trainer}) is one pass to tokenize and a few
 * passes of L-BFGS over the cached feature vectors; scoring ({@link Scorer}) is narrow: one pass, no shuffle.
 *
 * <p>The recipe that made DCLM-Baseline: positives are curated, instruction-like or reference text (DCLM used
 * OpenHermes 2.5 and ELI5 answers), negatives a random sample of the raw crawl being filtered; train, then keep the
 * crawl documents whose score clears a threshold chosen as a percentile (DCLM kept about the top 10%).
 */
public final class SparkQualityModel {
  private SparkQualityModel() {}

  static final String TEXT = "_qm_text";
  static final String LABEL = "_qm_label";
  static final String PROBABILITY = "_qm_probability";
  private static final String[] INTERMEDIATE = {"_qm_words", "_qm_grams", "_qm_terms", "_qm_features",
      "_qm_raw", "_qm_prediction", PROBABILITY};

  /** Training settings. */
  public record Settings(int features, int ngram, double regParam, int maxIter, double holdout, long seed)
      implements Serializable {
    public Settings {
      Preconditions.checkArgument(features >= 2 && Integer.bitCount(features) == 1,
          "features must be a power of two >= 2, got %s", features);
      Preconditions.checkArgument(ngram >= 1 && ngram <= 3, "ngram must be 1, 2 or 3, got %s", ngram);
      Preconditions.checkArgument(regParam >= 0, "regParam must be >= 0, got %s", regParam);
      Preconditions.checkArgument(maxIter >= 1, "maxIter must be >= 1, got %s", maxIter);
      Preconditions.checkArgument(holdout >= 0 && holdout < 1, "holdout must be in [0, 1), got %s", holdout);
    }

    /** 2^20 features, unigrams and bigrams, regParam 1e-4, 50 iterations, 10% held out, seed 42. */
    public static Settings defaults() {
      return new Settings(1 << 20, 2, 1e-4, 50, 0.1, 42);
    }
  }

  /** The unfitted pipeline: tokenize → n-grams → hash → logistic regression. */
  static Pipeline pipeline(Settings s) {
    RegexTokenizer tokens = new RegexTokenizer().setInputCol(TEXT).setOutputCol("_qm_words")
        .setPattern("\\W+").setGaps(true).setToLowercase(true);
    StringBuilder terms = new StringBuilder("SELECT *, concat(_qm_words");
    List<PipelineStage> stages = new java.util.ArrayList<>(List.of(tokens));
    for (int n = 2; n <= s.ngram(); n++) {
      stages.add(new NGram().setN(n).setInputCol("_qm_words").setOutputCol("_qm_grams" + n));
      terms.append(", _qm_grams").append(n);
    }
    terms.append(") AS _qm_terms FROM __THIS__");
    stages.add(new SQLTransformer().setStatement(terms.toString()));
    stages.add(new HashingTF().setInputCol("_qm_terms").setOutputCol("_qm_features").setNumFeatures(s.features())
        .setBinary(true));
    stages.add(new LogisticRegression().setFeaturesCol("_qm_features").setLabelCol(LABEL)
        .setRegParam(s.regParam()).setMaxIter(s.maxIter()).setRawPredictionCol("_qm_raw")
        .setProbabilityCol(PROBABILITY).setPredictionCol("_qm_prediction"));
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  /** The model input: the text with newlines turned into spaces (DCLM's preprocessing). */
  static Column modelText(String textColumn) {
    return org.apache.spark.sql.functions.regexp_replace(col(textColumn), "[\\r\\n]+", " ");
  }

  /**
   * {@code quality_train}: parses the label column (rows without a usable label are rejected as {@code
   * missing_label} or {@code invalid_label}), fits the model on a seeded random split of the rest, measures it on
   * the held-out part and saves it to {@code modelPath}. Runs its Spark jobs while the plan is built; the kept rows
   * are the training rows, each with its parsed {@code quality_label}.
   */
  public static final class Trainer implements Stage {
    public static final String NAME = "quality_train";
    public static final String LABEL_COLUMN = "quality_label";

    private final Settings settings;
    private final String labelColumn;
    private final List<String> positive;
    private final List<String> negative;
    private final String modelPath;
    private final Map<String, Object> measured = new LinkedHashMap<>();

    public Trainer(Settings settings, String labelColumn, List<String> positive, List<String> negative,
        String modelPath) {
      this.settings = Preconditions.checkNotNull(settings, "settings");
      this.labelColumn = Preconditions.checkNotNull(labelColumn, "labelColumn");
      this.positive = List.copyOf(positive);
      this.negative = List.copyOf(negative);
      Preconditions.checkArgument(!this.positive.isEmpty() && !this.negative.isEmpty(),
          "positive and negative label values must not be empty, got %s and %s", positive, negative);
      this.modelPath = Preconditions.checkNotNull(modelPath, "modelPath");
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "train a hashed " + settings.ngram() + "-gram logistic-regression quality model on '" + labelColumn
          + "' (" + positive + " positive, " + negative + " negative) into " + modelPath;
    }

    @Override
    public List<String> addedColumns() {
      return List.of(LABEL_COLUMN);
    }

    @Override
    public List<String> reasonCodes() {
      return List.of(ReasonCodes.MISSING_LABEL, ReasonCodes.INVALID_LABEL);
    }

    @Override
    public Map<String, Object> reportInfo() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model_path", modelPath);
      m.put("features", settings.features());
      m.put("ngram", settings.ngram());
      m.put("reg_param", settings.regParam());
      m.put("max_iter", settings.maxIter());
      m.put("holdout", settings.holdout());
      m.putAll(measured);
      return m;
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> frame, StageContext ctx) {
      if (!List.of(frame.columns()).contains(labelColumn)) {
        throw new IllegalArgumentException("train.label_column '" + labelColumn + "' is not a column of the input");
      }
      Column raw = lower(trim(col(labelColumn).cast(DataTypes.StringType)));
      Column parsed = when(raw.isin(positive.toArray()), lit(1.0)).when(raw.isin(negative.toArray()), lit(0.0));
      Dataset<Row> labelled = frame.withColumn(LABEL_COLUMN, parsed);
      labelled = Frame.rejectWith(labelled,
          when(col(labelColumn).isNull(), lit(ReasonCodes.MISSING_LABEL))
              .when(col(LABEL_COLUMN).isNull(), lit(ReasonCodes.INVALID_LABEL)),
          NAME, concat(lit("label '"), col(labelColumn).cast(DataTypes.StringType), lit("' is neither "),
              lit(String.join("/", positive)), lit(" nor "), lit(String.join("/", negative))));
      labelled = ctx.persist(labelled);

      Dataset<Row> data = labelled.filter(Frame.alive())
          .select(modelText(ctx.textColumn()).as(TEXT), col(LABEL_COLUMN).as(LABEL));
      Dataset<Row>[] split = data.randomSplit(new double[] {1 - settings.holdout(), settings.holdout()},
          settings.seed());
      Dataset<Row> train = ctx.persist(settings.holdout() > 0 ? split[0] : data);
      Map<Object, Long> byLabel = new LinkedHashMap<>();
      for (Row r : train.groupBy(LABEL).count().collectAsList()) {
        byLabel.put(r.get(0), r.getLong(1));
      }
      long pos = byLabel.getOrDefault(1.0, 0L);
      long neg = byLabel.getOrDefault(0.0, 0L);
      if (pos == 0 || neg == 0) {
        throw new IllegalArgumentException("training needs both classes; the training split has " + pos
            + " positive and " + neg + " negative documents");
      }
      PipelineModel model = pipeline(settings).fit(train);
      measured.put("train_positive", pos);
      measured.put("train_negative", neg);
      if (settings.holdout() > 0) {
        Dataset<Row> scored = model.transform(split[1]);
        long n = scored.count();
        measured.put("holdout_documents", n);
        if (n > 0) {
          double auc = new BinaryClassificationEvaluator().setLabelCol(LABEL).setRawPredictionCol("_qm_raw")
              .setMetricName("areaUnderROC").evaluate(scored);
          long right = scored.filter(col("_qm_prediction").equalTo(col(LABEL))).count();
          measured.put("holdout_auc", Math.round(auc * 10000) / 10000.0);
          measured.put("holdout_accuracy", Math.round(10000.0 * right / n) / 10000.0);
        }
      }
      try {
        model.write().overwrite().save(modelPath);
      } catch (IOException e) {
        throw new IllegalStateException("cannot save the model to " + modelPath + ": " + e.getMessage(), e);
      }
      return labelled;
    }
  }

  /**
   * Scores documents with a saved model: adds {@value #SCORE} (the probability of the positive class) to the rows
   * earlier stages left alive and rejects those below {@code threshold} as {@code low_quality_score}.
   */
  public static final class Scorer implements Stage {
    public static final String NAME = "quality_model";
    public static final String SCORE = "quality_score";

    private final String modelPath;
    private final double threshold;

    public Scorer(String modelPath, double threshold) {
      this.modelPath = Preconditions.checkNotNull(modelPath, "modelPath");
      Preconditions.checkArgument(threshold >= 0 && threshold <= 1, "threshold must be in [0, 1], got %s", threshold);
      this.threshold = threshold;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "score with the quality model " + modelPath + ", keep P(positive) >= " + threshold;
    }

    @Override
    public List<String> addedColumns() {
      return List.of(SCORE);
    }

    @Override
    public List<String> reasonCodes() {
      return List.of(ReasonCodes.LOW_QUALITY_SCORE);
    }

    @Override
    public Map<String, Object> reportInfo() {
      return Map.of("model_path", modelPath, "threshold", threshold);
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> frame, StageContext ctx) {
      PipelineModel model;
      try {
        model = PipelineModel.load(modelPath);
      } catch (Exception e) {
        // Spark reports a missing path with a (checked) Hadoop exception.
        throw new IllegalArgumentException("quality.model.path: cannot load a quality model from " + modelPath
            + " (train one with quality-train): " + e.getMessage(), e);
      }
      Dataset<Row> scored = model.transform(frame.withColumn(TEXT, modelText(ctx.textColumn())))
          .withColumn(SCORE, when(Frame.alive(), functions.vector_to_array(col(PROBABILITY), "float64")
              .getItem(1)));
      for (String c : INTERMEDIATE) {
        scored = scored.drop(c);
      }
      for (String c : scored.columns()) {
        if (c.startsWith("_qm_grams")) {
          scored = scored.drop(c);
        }
      }
      scored = scored.drop(TEXT);
      return Frame.rejectWith(scored, when(col(SCORE).lt(threshold), lit(ReasonCodes.LOW_QUALITY_SCORE)), NAME,
          concat(lit("quality score "), format_number(col(SCORE), 4), lit(" < " + threshold)));
    }
  }
}
