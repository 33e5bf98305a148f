package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.text.quality.QualityPipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Quality scoring as a {@link Stage}: runs a {@link QualityPipeline} on every alive row and rejects the rows it
 * fails with the first failing filter's reason code.
 *
 * <p>Adds the column {@value #COLUMN}, a struct of {@code signals} (signal name → value) and {@code verdicts}
 * (filter name → {@code "pass"} or the filter's reason code), on every row the pipeline saw (kept and rejected);
 * with language identification on, adds {@value #LANG} and {@value #LANG_SCORE}; replaces the text with the text the
 * filters left (C4's line cleaning, PII redaction). Narrow: one pass, no
 * shuffle; the per-row work is the pipeline's, evaluated once per row (the scoring function is marked
 * non-deterministic only so that the optimizer never duplicates it into each column that reads its result).
 */
public final class SparkQualityFilter implements Stage {
  public static final String NAME = "quality";
  public static final String COLUMN = "quality";
  /** The identified language (ISO 639-1, or "und") and its score, with language identification on. */
  public static final String LANG = "lang";
  public static final String LANG_SCORE = "lang_score";
  private static final String RESULT = "_q";

  private static final StructType RESULT_TYPE = new StructType()
      .add("text", DataTypes.StringType, true)
      .add("signals", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false)
      .add("verdicts", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false)
      .add("reason", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true)
      .add("lang", DataTypes.StringType, true)
      .add("lang_score", DataTypes.DoubleType, true);

  private final QualityPipeline pipeline;
  private final String description;
  private final Map<String, Object> info;

  /**
   * @param pipeline what to run on each document
   * @param description one line for the report and the Spark UI (for example the preset)
   * @param info settings to show in the report
   */
  public SparkQualityFilter(QualityPipeline pipeline, String description, Map<String, Object> info) {
    this.pipeline = Preconditions.checkNotNull(pipeline, "pipeline");
    this.description = Preconditions.checkNotNull(description, "description");
    this.info = info == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(info));
  }

  public QualityPipeline pipeline() {
    return pipeline;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    List<Distribution> out = new java.util.ArrayList<>();
    Dataset<Row> scored = verdicts.where(col(COLUMN).isNotNull());
    if (java.util.Arrays.asList(verdicts.columns()).contains(LANG)) {
      out.add(Distribution.topValues("languages", "identified languages (documents)", scored, col(LANG), 12));
    }
    // the filters' first-failing verdicts, and two signals most chains compute
    out.add(Distribution.topValues("quality_reasons", "first failing check (documents)",
        verdicts.where(org.apache.spark.sql.functions.col(Frame.STAGE).equalTo(NAME)),
        org.apache.spark.sql.functions.col(Frame.REASON), 12));
    out.add(Distribution.buckets("gopher_word_count", "words per document (gopher_word_count)", scored,
        col(COLUMN + ".signals").getItem("gopher_word_count"),
        new double[] {0, 50, 100, 250, 500, 1000, 5000, 100000},
        new String[] {"< 50", "50-99", "100-249", "250-499", "500-999", "1k-5k", "5k-100k", "100k+"}));
    out.add(Distribution.buckets("fineweb_line_punct_ratio", "lines ending in punctuation (fineweb_line_punct_ratio)",
        scored, col(COLUMN + ".signals").getItem("fineweb_line_punct_ratio"),
        new double[] {0, 0.12, 0.25, 0.5, 0.75, 1},
        new String[] {"< 0.12", "0.12-0.25", "0.25-0.5", "0.5-0.75", "0.75-1", "1"}));
    return out;
  }

  @Override
  public List<String> addedColumns() {
    return pipeline.languages() == null ? List.of(COLUMN) : List.of(COLUMN, LANG, LANG_SCORE);
  }

  @Override
  public List<String> reasonCodes() {
    return pipeline.reasonCodes();
  }

  @Override
  public Map<String, Object> reportInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("filters", pipeline.filterNames());
    m.put("max_chars", pipeline.maxChars());
    m.put("pii", pipeline.redactsPii());
    if (pipeline.languages() != null) {
      m.put("languages", new java.util.TreeSet<>(pipeline.languages().allowed()));
      m.put("language_threshold", pipeline.languages().threshold());
    }
    m.putAll(info);
    return m;
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext ctx) {
    String text = ctx.textColumn();
    Column score = udf(new ScoreFn(pipeline, ctx.timer(NAME)), RESULT_TYPE).asNondeterministic()
        .apply(col(text));
    Dataset<Row> scored = frame.withColumn(RESULT, when(Frame.alive(), score));
    Dataset<Row> rejected = Frame.rejectWith(scored, col(RESULT + ".reason"), NAME, col(RESULT + ".detail"));
    Dataset<Row> out = rejected
        .withColumn(text, when(col(RESULT + ".text").isNotNull(), col(RESULT + ".text")).otherwise(col(text)))
        .withColumn(COLUMN, when(col(RESULT).isNotNull(),
            struct(col(RESULT + ".signals").as("signals"), col(RESULT + ".verdicts").as("verdicts"))));
    if (pipeline.languages() != null) {
      out = out.withColumn(LANG, col(RESULT + ".lang")).withColumn(LANG_SCORE, col(RESULT + ".lang_score"));
    }
    return out.drop(RESULT);
  }

  /** Text → the pipeline's result as a row of {@link #RESULT_TYPE}. */
  private static final class ScoreFn implements UDF1<String, Row> {
    private static final long serialVersionUID = 1L;
    private final QualityPipeline pipeline;
    private final LongAccumulator nanos;

    ScoreFn(QualityPipeline pipeline, LongAccumulator nanos) {
      this.pipeline = pipeline;
      this.nanos = nanos;
    }

    @Override
    public Row call(String text) {
      long t0 = System.nanoTime();
      QualityPipeline.Result r = pipeline.apply(text);
      nanos.add(System.nanoTime() - t0);
      return RowFactory.create(r.text(), r.signals(), r.verdicts(), r.reason(), r.detail(), r.lang(), r.langScore());
    }
  }
}
