package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.text.near.Jaccard;
import dev.sieve.transforms.text.near.LshBander;
import dev.sieve.transforms.text.near.MinHasher;
import dev.sieve.transforms.text.near.Shingler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * {@link NearDedup} on Spark: MinHash LSH candidates, exact-Jaccard verification, distributed connected
 * components, one keeper per cluster.
 *
 * <p>Steps and costs:
 *
 * <ol>
 *   <li><b>Signatures</b> (narrow, executors): shingle the text ({@link Shingler}), MinHash it ({@link MinHasher}),
 *       hash each band ({@link LshBander}). Kept per row: the sorted shingle hashes (packed as bytes) and the band
 *       hashes; persisted, since later steps read them again. Documents without shingles get no bands.
 *   <li><b>Candidates</b>: explode to (band, band hash, record key) — document text is never shuffled — and
 *       aggregate each bucket to its smallest record key (partial aggregation map-side, so a huge bucket costs one
 *       row per task). Every other member links to that root: star edges, linear in the bucket size, so an
 *       oversized bucket cannot blow up quadratically. <i>Shuffles: one aggregation and one join of the band
 *       rows.</i>
 *   <li><b>Verification</b> (on unless {@code verify = false}): each candidate edge is checked with exact Jaccard
 *       of the two shingle sets; edges below the threshold are dropped. <i>Its joins shuffle the persisted
 *       signatures, shingle sets included.</i>
 *   <li><b>Clusters</b>: {@link SparkConnectedComponents} on the verified edges.
 *   <li><b>Keepers</b>: the smallest {@link Keepers#rankKey} per component; every member's exact Jaccard to its
 *       keeper is recorded. The rows are then joined to their cluster (one shuffle of the alive rows) and every
 *       non-keeper is rejected as {@code near_duplicate}.
 * </ol>
 *
 * Nothing data-sized is collected; the result is a function of the content, the ids and the record keys, so it is
 * the same on every run and for any partitioning. Clustering is transitive: a member's similarity to its keeper
 * can be below the threshold when it joined the cluster through another member; {@code near_similarity} reports it.
 */
public final class SparkNearDedup implements NearDedup {
  public static final String NAME = "near_dedup";

  private static final String SIG = "_nd_sig";
  private static final String SH = "_nd_sh";
  private static final String BANDS = "_nd_bands";
  private static final String RANK = "_nd_rank";

  private final Settings settings;
  private final DedupIndex.Settings index;
  private final String indexConfig;

  public SparkNearDedup(Settings settings) {
    this(settings, DedupIndex.Settings.none(), "");
  }

  /**
   * With an index: documents of earlier runs' indexes join the candidate graph and win their cluster; with {@code
   * index.write()} this stage also writes this run's index, whose config column is {@code exactConfig} (the exact
   * stage's part, or empty) followed by this stage's part.
   */
  public SparkNearDedup(Settings settings, DedupIndex.Settings index, String exactConfig) {
    this.settings = settings;
    this.index = index;
    this.indexConfig = exactConfig + "near=" + nearConfig() + ";";
  }

  /** Everything the keys depend on: two runs' signatures are comparable only when this is equal. */
  String nearConfig() {
    return settings.shingle().name().toLowerCase() + settings.ngram() + "/" + settings.lsh().permutations() + "/"
        + settings.lsh().bands() + "x" + settings.lsh().rows() + "/seed" + settings.seed();
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
    return "near dedup: MinHash LSH (" + settings.lsh().bands() + " bands x " + settings.lsh().rows() + " rows over "
        + settings.ngram() + "-" + settings.shingle().name().toLowerCase() + " shingles), Jaccard >= "
        + settings.threshold() + (settings.verify() ? " verified exactly" : " (unverified)") + ", keeping "
        + settings.keep().configName();
  }

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.NEAR_DUPLICATE);
  }

  @Override
  public List<String> rejectOnlyColumns() {
    return List.of(DUPLICATE_OF, SIMILARITY);
  }

  @Override
  public Map<String, Object> reportInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threshold", settings.threshold());
    m.put("shingle", settings.shingle().name().toLowerCase());
    m.put("ngram", settings.ngram());
    m.put("permutations", settings.lsh().permutations());
    m.put("bands", settings.lsh().bands());
    m.put("rows", settings.lsh().rows());
    m.put("verify", settings.verify());
    Map<String, Double> curve = new LinkedHashMap<>();
    for (double[] p : settings.lsh().curve(0.5, 0.95, 0.05)) {
      curve.put(String.format(java.util.Locale.ROOT, "%.2f", p[0]), Math.round(p[1] * 10000) / 10000.0);
    }
    m.put("s_curve", curve);
    return m;
  }

  @Override
  public Map<String, UnaryOperator<Dataset<Row>>> sideOutputs(StageContext context) {
    String id = context.idColumn();
    Map<String, UnaryOperator<Dataset<Row>>> out = new LinkedHashMap<>();
    if (index.write()) {
      StructType sigType = signatureType();
      String text = context.textColumn();
      String config = indexConfig;
      out.put(DedupIndex.TABLE, verdicts -> verdicts
          .filter(Frame.alive())
          .select(col(id).as(DedupIndex.ID),
              (List.of(verdicts.columns()).contains(ExactDedup.CONTENT_HASH)
                  ? col(ExactDedup.CONTENT_HASH) : lit(null).cast(DataTypes.StringType)).as(DedupIndex.CONTENT_HASH),
              udf(new SignatureFn(settings, context.timer(NAME + "_index")), sigType).apply(col(text)).as("s"),
              lit(config).as(DedupIndex.CONFIG))
          .select(col(DedupIndex.ID), col(DedupIndex.CONTENT_HASH), col("s.sh").as(DedupIndex.SH),
              col("s.bands").as(DedupIndex.BANDS), col(DedupIndex.CONFIG)));
    }
    out.put(CLUSTERS, verdicts -> verdicts
        .filter(col(CLUSTER_ID).isNotNull())
        .select(
            col(id).as("id"),
            col(CLUSTER_ID).as("cluster_id"),
            not(col(Frame.REASON).eqNullSafe(lit(ReasonCodes.NEAR_DUPLICATE))).as("is_kept"),
            when(col(SIMILARITY).isNull(), lit(1.0)).otherwise(col(SIMILARITY)).as("similarity")));
    return out;
  }

  private static StructType signatureType() {
    return new StructType()
        .add("sh", DataTypes.BinaryType, false)
        .add("bands", DataTypes.createArrayType(DataTypes.LongType, false), false);
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext ctx) {
    if (settings.keep() == KeepRule.PRIORITY) {
      Keepers.checkPriorityColumn(frame, "dedup.priority_column", settings.priorityColumn());
    }
    double t = settings.threshold();
    StructType sigType = signatureType();
    Column signature = udf(new SignatureFn(settings, ctx.timer(NAME)), sigType).apply(col(ctx.textColumn()));
    Dataset<Row> live = frame.filter(Frame.alive());

    // 1. Signatures, persisted: read by candidates, verification and keeper similarity.
    Dataset<Row> fresh = live
        .select(col(Frame.RID),
            Keepers.rankKey(settings.keep(), settings.priorityColumn(), ctx.idColumn(), ctx.textColumn()).as(RANK),
            signature.as(SIG))
        .select(col(Frame.RID), col(RANK), col(SIG + ".sh").as(SH), col(SIG + ".bands").as(BANDS));
    if (!index.against().isEmpty()) {
      // Earlier runs' kept documents join the graph with negative keys and win their clusters.
      Dataset<Row> earlier = DedupIndex.load(ctx.spark(), index.against());
      DedupIndex.checkConfig(earlier, "near", nearConfig());
      fresh = fresh.union(earlier.filter(col(DedupIndex.SH).isNotNull()).select(
          col(DedupIndex.RID).as(Frame.RID),
          Keepers.indexRankKey(settings.keep(), col(DedupIndex.ID), col(DedupIndex.RID)).as(RANK),
          col(DedupIndex.SH).as(SH), col(DedupIndex.BANDS).as(BANDS)));
    }
    Dataset<Row> sig = ctx.persist(fresh);

    // 2. Candidates: star edges from each bucket's smallest record key.
    Dataset<Row> bands = sig.select(col(Frame.RID), posexplode(col(BANDS)).as(new String[] {"band", "h"}));
    Dataset<Row> buckets = bands.groupBy(col("band"), col("h"))
        .agg(min(col(Frame.RID)).as("root"), count(lit(1)).as("size"))
        .filter(col("size").gt(1))
        .select(col("band").as("b_band"), col("h").as("b_h"), col("root"));
    Dataset<Row> candidates = bands
        .join(buckets, col("band").equalTo(col("b_band")).and(col("h").equalTo(col("b_h"))))
        .filter(col(Frame.RID).notEqual(col("root")))
        .select(col("root").as(ConnectedComponents.SRC), col(Frame.RID).as(ConnectedComponents.DST))
        .distinct();

    // 3. Verification with exact Jaccard on the shingle sets.
    Column jaccard = udf((UDF2<byte[], byte[], Double>) SparkNearDedup::jaccard, DataTypes.DoubleType)
        .apply(col("a_sh"), col("b_sh"));
    Dataset<Row> edges = candidates;
    if (settings.verify()) {
      edges = candidates
          .join(sig.select(col(Frame.RID).as("a_rid"), col(SH).as("a_sh")),
              col(ConnectedComponents.SRC).equalTo(col("a_rid")))
          .join(sig.select(col(Frame.RID).as("b_rid"), col(SH).as("b_sh")),
              col(ConnectedComponents.DST).equalTo(col("b_rid")))
          .filter(jaccard.geq(t))
          .select(col(ConnectedComponents.SRC), col(ConnectedComponents.DST));
    }
    edges = ctx.persist(edges);

    // 4. Clusters.
    Dataset<Row> components = new SparkConnectedComponents(ctx.spark(), settings.components()).components(edges);

    // 5. Keepers and each member's similarity to its keeper.
    Dataset<Row> members = components.join(sig.select(col(Frame.RID).as("m_rid"), col(RANK).as("m_rank")),
        col(ConnectedComponents.NODE).equalTo(col("m_rid")));
    Dataset<Row> best = members.groupBy(col(ConnectedComponents.COMPONENT).as("k_comp"))
        .agg(min(col("m_rank")).as("best"))
        .select(col("k_comp"), col("best.id").as("k_id"), col("best.rid").as("k_rid"));
    Dataset<Row> assigned = members
        .join(best, col(ConnectedComponents.COMPONENT).equalTo(col("k_comp")))
        .select(col("m_rid"), col("k_id"), col("k_rid"))
        .join(sig.select(col(Frame.RID).as("a_rid"), col(SH).as("a_sh")), col("m_rid").equalTo(col("a_rid")))
        .join(sig.select(col(Frame.RID).as("b_rid"), col(SH).as("b_sh")), col("k_rid").equalTo(col("b_rid")))
        .select(col("m_rid"), col("k_id"), col("k_rid"), round(jaccard, 4).as("k_sim"));

    Column inCluster = col("m_rid").isNotNull();
    Column isDuplicate = inCluster.and(col(Frame.RID).notEqual(col("k_rid")));
    Dataset<Row> marked = live.join(assigned, col(Frame.RID).equalTo(col("m_rid")), "left")
        .withColumn(CLUSTER_ID, when(inCluster, col("k_id")))
        .withColumn(DUPLICATE_OF, when(isDuplicate, col("k_id")))
        .withColumn(SIMILARITY, when(isDuplicate, col("k_sim")))
        .withColumn(Frame.DETAIL, when(isDuplicate, concat(lit("near duplicate of id "), col("k_id"),
            lit(" (jaccard "), format_number(col("k_sim"), 3), lit(")"))).otherwise(col(Frame.DETAIL)))
        .withColumn(Frame.STAGE, when(isDuplicate, lit(NAME)).otherwise(col(Frame.STAGE)))
        .withColumn(Frame.REASON, when(isDuplicate, lit(ReasonCodes.NEAR_DUPLICATE)).otherwise(col(Frame.REASON)))
        .drop("m_rid", "k_id", "k_rid", "k_sim");

    Dataset<Row> untouched = frame.filter(not(Frame.alive()))
        .withColumn(CLUSTER_ID, lit(null).cast(DataTypes.StringType))
        .withColumn(DUPLICATE_OF, lit(null).cast(DataTypes.StringType))
        .withColumn(SIMILARITY, lit(null).cast(DataTypes.DoubleType));
    return marked.unionByName(untouched);
  }

  // ------------------------------------------------------------------------------------------------ executor side

  static byte[] pack(long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  static long[] unpack(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[bytes.length / Long.BYTES];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getLong();
    }
    return out;
  }

  static Double jaccard(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return null;
    }
    return Jaccard.exact(unpack(a), unpack(b));
  }

  /** Text → (packed sorted shingle hashes, band hashes); the kernels are built once per task. */
  private static final class SignatureFn implements UDF1<String, Row> {
    private static final long serialVersionUID = 1L;
    private static final long[] NO_BANDS = new long[0];
    private final Settings settings;
    private final LongAccumulator nanos;
    private transient Shingler shingler;
    private transient MinHasher minHasher;
    private transient LshBander bander;
    private transient long[] buffer;

    SignatureFn(Settings settings, LongAccumulator nanos) {
      this.settings = settings;
      this.nanos = nanos;
    }

    @Override
    public Row call(String text) {
      long t0 = System.nanoTime();
      if (shingler == null) {
        shingler = Shingler.of(settings.shingle(), settings.ngram());
        minHasher = new MinHasher(settings.lsh().permutations(), settings.seed());
        bander = new LshBander(settings.lsh());
        buffer = new long[settings.lsh().permutations()];
      }
      long[] shingles = shingler.shingles(text == null ? "" : text);
      long[] bands = NO_BANDS;
      if (shingles.length > 0) {
        minHasher.signatureInto(shingles, buffer);
        bands = bander.bandHashes(buffer);
      }
      Row r = RowFactory.create(pack(shingles), bands);
      nanos.add(System.nanoTime() - t0);
      return r;
    }
  }
}
