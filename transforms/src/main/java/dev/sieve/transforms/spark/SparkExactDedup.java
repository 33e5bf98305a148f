package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.text.ContentHash;
import dev.sieve.transforms.text.TextNormalization;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;

/**
 * {@link ExactDedup} on Spark.
 *
 * <p>Algorithm: (1) map: hash the normalized text of every alive row (narrow, on executors); (2) aggregate the slim
 * projection (hash, rank key) to one keeper per hash with {@code min(struct(rank…))} — partial aggregation runs
 * map-side, so a hash with millions of copies costs one row per task before the shuffle — and keep only the hashes
 * that occur more than once, computed and checkpointed while the plan is built; (3) left-join the rows to those
 * keepers on the hash and mark every non-keeper {@code exact_duplicate}; a row without a match is unique. Cost: one
 * shuffle of the slim projection for (2); (3) is a broadcast join, so the rows (and their text) are not shuffled,
 * up to {@link #BROADCAST_ROWS} duplicated hashes, and a sort-merge join of the rows beyond (AQE splits a skewed
 * hash on the big side). Later stages that read this stage's output several times (near dedup) therefore re-read
 * the input rather than re-shuffle it. Nothing is collected to the driver. The keeper is chosen by content (rule
 * key, id, record key), so it is the same on every run and after executor loss.
 */
public final class SparkExactDedup implements ExactDedup {
  public static final String NAME = "exact_dedup";

  /** Up to this many duplicated hashes, their keepers are broadcast instead of shuffling the rows. */
  static final long BROADCAST_ROWS = 1_000_000L;

  private static final String K_HASH = "_k_hash";
  private static final String K_ID = "_k_id";
  private static final String K_RID = "_k_rid";
  private static final String K_SIZE = "_k_size";

  private final Settings settings;
  private final DedupIndex.Settings index;

  public SparkExactDedup(Settings settings) {
    this(settings, DedupIndex.Settings.none());
  }

  /** With an index: earlier runs' kept documents win their hash group (see {@link DedupIndex}). */
  public SparkExactDedup(Settings settings, DedupIndex.Settings index) {
    this.settings = settings;
    this.index = index;
  }

  /** What this stage contributes to a dedup index's config column. */
  public String indexConfig() {
    return "exact=" + settings.normalization().configName() + ";";
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "exact dedup on the " + settings.normalization().configName() + "-normalized text, keeping "
        + settings.keep().configName()
        + (settings.keep() == KeepRule.PRIORITY ? " (" + settings.priorityColumn() + ")" : "");
  }

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.EXACT_DUPLICATE);
  }

  @Override
  public List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    return List.of(Distribution.clusterSizes(NAME + "_cluster_sizes", "exact-duplicate group sizes (documents)",
        verdicts, DUPLICATE_OF));
  }

  @Override
  public List<String> addedColumns() {
    return List.of(CONTENT_HASH, DUPLICATE_OF, EXACT_DUP_COUNT);
  }

  @Override
  public List<String> rejectOnlyColumns() {
    return List.of(DUPLICATE_OF);
  }

  @Override
  public List<String> keptOnlyColumns() {
    return List.of(EXACT_DUP_COUNT);
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext context) {
    String id = context.idColumn();
    String text = context.textColumn();
    if (settings.keep() == KeepRule.PRIORITY) {
      Keepers.checkPriorityColumn(frame, "dedup.priority_column", settings.priorityColumn());
    }
    UserDefinedFunction hash = hashUdf(settings.normalization(), context.timer(NAME));

    Dataset<Row> done = frame.filter(not(Frame.alive()));
    Dataset<Row> live = frame.filter(Frame.alive()).withColumn(CONTENT_HASH, hash.apply(col(text)));

    Dataset<Row> ranked = live
        .select(col(CONTENT_HASH), Keepers.rankKey(settings.keep(), settings.priorityColumn(), id, text).as("rank"));
    if (!index.against().isEmpty()) {
      Dataset<Row> earlier = DedupIndex.load(context.spark(), index.against());
      DedupIndex.checkConfig(earlier.filter(col(DedupIndex.CONTENT_HASH).isNotNull()), "exact",
          settings.normalization().configName());
      ranked = ranked.union(earlier.filter(col(DedupIndex.CONTENT_HASH).isNotNull()).select(
          col(DedupIndex.CONTENT_HASH),
          Keepers.indexRankKey(settings.keep(), col(DedupIndex.ID), col(DedupIndex.RID)).as("rank")));
    }
    Dataset<Row> keepers = context.materialize(ranked
        .groupBy(col(CONTENT_HASH))
        .agg(min(col("rank")).as("best"), count(lit(1)).as("size"))
        .filter(col("size").gt(1))
        .select(
            col(CONTENT_HASH).as(K_HASH),
            col("best.id").as(K_ID),
            col("best.rid").as(K_RID),
            col("size").as(K_SIZE)));
    boolean small = keepers.count() <= BROADCAST_ROWS;

    Column isKeeper = col(K_RID).isNull().or(col(Frame.RID).equalTo(col(K_RID)));
    Dataset<Row> joined = live
        .join(small ? broadcast(keepers) : keepers, live.col(CONTENT_HASH).equalTo(keepers.col(K_HASH)), "left")
        .withColumn(DUPLICATE_OF, when(not(isKeeper), col(K_ID)))
        .withColumn(EXACT_DUP_COUNT, when(isKeeper, coalesce(col(K_SIZE).minus(1), lit(0L))));
    Dataset<Row> marked = Frame.rejectWhere(joined, not(isKeeper), NAME, ReasonCodes.EXACT_DUPLICATE,
            concat(lit("duplicate of id "), col(K_ID)))
        .drop(K_HASH, K_ID, K_RID, K_SIZE);

    Dataset<Row> untouched = done
        .withColumn(CONTENT_HASH, lit(null).cast(DataTypes.StringType))
        .withColumn(DUPLICATE_OF, lit(null).cast(DataTypes.StringType))
        .withColumn(EXACT_DUP_COUNT, lit(null).cast(DataTypes.LongType));
    return marked.unionByName(untouched);
  }

  private static UserDefinedFunction hashUdf(TextNormalization normalization, LongAccumulator nanos) {
    UDF1<String, String> f = new HashFn(normalization, nanos);
    return udf(f, DataTypes.StringType);
  }

  /** Normalizes and hashes one text; one {@link ContentHash} per executor thread. */
  private static final class HashFn implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<ContentHash> HASHER = ThreadLocal.withInitial(ContentHash::new);
    private final TextNormalization normalization;
    private final LongAccumulator nanos;

    HashFn(TextNormalization normalization, LongAccumulator nanos) {
      this.normalization = normalization;
      this.nanos = nanos;
    }

    @Override
    public String call(String text) {
      if (text == null) {
        return null;
      }
      long t0 = System.nanoTime();
      String h = HASHER.get().hex128(normalization.apply(text));
      nanos.add(System.nanoTime() - t0);
      return h;
    }
  }
}
