package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.media.image.HammingBands;
import dev.sieve.transforms.media.image.HammingBuckets;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Image deduplication on the fingerprints {@link SparkImageFingerprint} recorded: exact duplicates by SHA-256, then
 * near duplicates by perceptual hash, one kept image per group.
 *
 * <p>Steps and costs (the rows themselves are never shuffled; every step works on slim key rows):
 *
 * <ol>
 *   <li><b>Exact</b> (when SHA-256 was computed): the slim rows (sha256, rank) are aggregated to one keeper per
 *       digest with {@code min(rank)} (partial aggregation map-side) and only digests seen twice or more are kept;
 *       every other member of such a group is {@code exact_duplicate}. <i>One shuffle of the slim rows.</i>
 *   <li><b>Band rows</b>: every remaining image with perceptual hashes yields one row per LSH band: its fingerprint
 *       is the configured hashes side by side (pHash and dHash by default, 128 bits), {@link HammingBands} samples
 *       the band bits: (band, key, record key, fingerprint).
 *   <li><b>Verified pairs</b>: band rows are partitioned by bucket and sorted by bucket and fingerprint; {@link
 *       HammingBuckets} streams each bucket and reports the pairs whose fingerprints are at most {@code
 *       maxDistance} bits apart — verification happens right there, since the fingerprints travel with the keys. A
 *       bucket larger than {@code window} is compared within a sliding window only (bounded time and memory) and
 *       counted in the report. <i>Shuffles the band rows.</i>
 *   <li><b>Clusters</b>: {@link SparkConnectedComponents} on the verified pairs (transitive: two images can share a
 *       cluster through a third while being further apart than the limit).
 *   <li><b>Keepers</b>: per cluster, {@code min(rank)}; each member's fingerprint distance to its keeper is computed.
 *       <i>One shuffle of the clustered images' slim rows.</i>
 *   <li><b>Verdicts</b>: rows meet their assignment by broadcast up to {@link #BROADCAST_ROWS} entries (a sort-merge
 *       join beyond); every non-keeper is {@code near_duplicate}.
 * </ol>
 *
 * The rank ({@link Keep}) orders by the keep rule, then id, then URI, then record key, so the keeper depends on the
 * data only. Steps 1, 3 and 5 are computed while {@link #apply} builds the plan and cut from their lineage with
 * {@link StageContext#materialize}. Nothing data-sized is collected to the driver.
 */
public final class SparkImageDedup implements Stage {
  public static final String NAME = "image_dedup";
  /** The kept image a rejected one duplicates (its id). */
  public static final String DUPLICATE_OF = "duplicate_of";
  /** The id of the kept image of a near-duplicate cluster, on every member. */
  public static final String CLUSTER_ID = "image_cluster_id";
  /** Hamming distance of the fingerprint to the kept image's (0 for exact duplicates). */
  public static final String DISTANCE = "hash_distance";
  /** Side output: one row per image in a near-duplicate cluster. */
  public static final String CLUSTERS = "clusters";

  static final long BROADCAST_ROWS = 1_000_000L;

  private static final StructType BAND_ROWS = new StructType()
      .add("band", DataTypes.IntegerType, false)
      .add("key", DataTypes.LongType, false)
      .add(Frame.RID, DataTypes.LongType, false)
      .add("lo", DataTypes.LongType, false)
      .add("hi", DataTypes.LongType, false);
  private static final StructType PAIRS = new StructType()
      .add(ConnectedComponents.SRC, DataTypes.LongType, false)
      .add(ConnectedComponents.DST, DataTypes.LongType, false);

  /** Which image of a group is kept. */
  public enum Keep {
    /** The most pixels, then the most bytes. */
    LARGEST,
    /** The smallest id (string order). */
    SMALLEST_ID,
    /** The highest value of the priority column; nulls lose. */
    PRIORITY;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The perceptual hashes a fingerprint can be made of. */
  public enum Hash {
    PHASH,
    DHASH;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The dedup settings; {@code bands} null turns near dedup off. The fingerprint is {@code hashes} side by side (one or
   * two, 64 bits each); near duplicates are at most {@code maxDistance} bits apart over the whole fingerprint.
   */
  public record Settings(boolean exact, HammingBands bands, List<Hash> hashes, int maxDistance, int window,
      Keep keep, String priorityColumn, ConnectedComponents.Settings components) implements Serializable {
    public Settings {
      hashes = List.copyOf(hashes);
      Preconditions.checkArgument(hashes.size() == 1 || (hashes.size() == 2 && hashes.get(0) != hashes.get(1)),
          "the fingerprint needs one or two different hashes, got %s", hashes);
      Preconditions.checkArgument(maxDistance >= 0 && maxDistance <= 64 * hashes.size(),
          "max distance must be in 0..%s (bits of the fingerprint), got %s", 64 * hashes.size(), maxDistance);
      Preconditions.checkArgument(bands == null || bands.width() == 64 * hashes.size(),
          "bands over %s bits for a %s-bit fingerprint", bands == null ? 0 : bands.width(), 64 * hashes.size());
      Preconditions.checkArgument(window >= 2, "bucket window must be >= 2, got %s", window);
      Preconditions.checkNotNull(keep, "keep");
      Preconditions.checkArgument(keep != Keep.PRIORITY || (priorityColumn != null && !priorityColumn.isEmpty()),
          "keep = priority needs a priority column");
      Preconditions.checkNotNull(components, "components");
    }

    public boolean near() {
      return bands != null;
    }
  }

  private final Settings settings;
  private final Map<String, Long> stats = new java.util.concurrent.ConcurrentHashMap<>();

  public SparkImageDedup(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
    Preconditions.checkArgument(settings.exact() || settings.near(), "image dedup with neither exact nor near");
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
    List<String> parts = new ArrayList<>();
    if (settings.exact()) {
      parts.add("exact duplicates by SHA-256 of the bytes");
    }
    if (settings.near()) {
      parts.add("near duplicates within " + settings.maxDistance() + " bits of " + hashNames() + " ("
          + settings.bands().bands() + " LSH bands of " + settings.bands().bits() + " bits)");
    }
    return (settings.near() ? "image dedup: " : "dedup: ") + String.join(", then ", parts) + ", keeping the "
        + settings.keep().configName();
  }

  private String hashNames() {
    List<String> names = new ArrayList<>();
    for (Hash h : settings.hashes()) {
      names.add(h == Hash.PHASH ? "pHash" : "dHash");
    }
    return String.join(" + ", names);
  }

  @Override
  public List<String> reasonCodes() {
    List<String> codes = new ArrayList<>();
    if (settings.exact()) {
      codes.add(ReasonCodes.EXACT_DUPLICATE);
    }
    if (settings.near()) {
      codes.add(ReasonCodes.NEAR_DUPLICATE);
    }
    return codes;
  }

  @Override
  public List<String> addedColumns() {
    return settings.near() ? List.of(DUPLICATE_OF, CLUSTER_ID, DISTANCE) : List.of(DUPLICATE_OF);
  }

  @Override
  public List<String> rejectOnlyColumns() {
    return settings.near() ? List.of(DUPLICATE_OF, DISTANCE) : List.of(DUPLICATE_OF);
  }

  @Override
  public List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    return List.of(Distribution.clusterSizes(NAME + "_cluster_sizes", "duplicate group sizes (objects)",
        verdicts, DUPLICATE_OF));
  }

  @Override
  public Map<String, Object> reportInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exact", settings.exact());
    m.put("near", settings.near());
    m.put("keep", settings.keep().configName());
    if (settings.near()) {
      List<String> hashes = new ArrayList<>();
      settings.hashes().forEach(h -> hashes.add(h.configName()));
      m.put("hashes", hashes);
      m.put("max_distance", settings.maxDistance());
      m.put("bands", settings.bands().bands());
      m.put("band_bits", settings.bands().bits());
      m.put("bucket_window", settings.window());
      Map<String, Double> curve = new LinkedHashMap<>();
      for (int d = 0; d <= 32; d += 4) {
        curve.put(Integer.toString(d), Math.round(settings.bands().probability(d) * 10000) / 10000.0);
      }
      m.put("candidate_probability_by_distance", curve);
    }
    if (!stats.isEmpty()) {
      m.put("graph", new java.util.TreeMap<>(stats));
    }
    return m;
  }

  @Override
  public Map<String, UnaryOperator<Dataset<Row>>> sideOutputs(StageContext context) {
    if (!settings.near()) {
      return Map.of();
    }
    String id = context.idColumn();
    return Map.of(CLUSTERS, verdicts -> verdicts
        .filter(col(CLUSTER_ID).isNotNull())
        .select(col(id).as("id"), col(CLUSTER_ID).as("cluster_id"),
            not(col(Frame.REASON).eqNullSafe(lit(ReasonCodes.NEAR_DUPLICATE))).as("is_kept"),
            when(col(DISTANCE).isNull(), lit(0)).otherwise(col(DISTANCE)).as(DISTANCE)));
  }

  /** The rank struct: the smallest wins. Its last fields carry the id and hashes of the winner. */
  private Column rank(Dataset<Row> frame, StageContext ctx) {
    List<Column> fields = new ArrayList<>();
    Column probe = col(SparkMediaProbe.PROBE);
    switch (settings.keep()) {
      case LARGEST:
        fields.add(probe.getField("width").cast(DataTypes.LongType)
            .multiply(probe.getField("height").cast(DataTypes.LongType)).multiply(-1).as("k0"));
        fields.add(probe.getField("bytes").multiply(-1).as("k1"));
        break;
      case PRIORITY:
        Keepers.checkPriorityColumn(frame, "image.dedup.priority_column", settings.priorityColumn());
        Column p = col(settings.priorityColumn());
        fields.add(p.isNull().as("k0"));
        fields.add(p.cast(DataTypes.DoubleType).multiply(-1).as("k1"));
        break;
      default:
        break;
    }
    fields.add(col(ctx.idColumn()).as("id"));
    fields.add(col(ctx.textColumn()).as("uri"));
    fields.add(col(Frame.RID).as("rid"));
    fields.add(probe.getField("phash").as("phash"));
    fields.add(probe.getField("dhash").as("dhash"));
    return struct(fields.toArray(new Column[0]));
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext ctx) {
    stats.clear();
    Column rank = rank(frame, ctx);
    Dataset<Row> f = frame
        .withColumn(DUPLICATE_OF, lit(null).cast(DataTypes.StringType))
        .withColumn(CLUSTER_ID, lit(null).cast(DataTypes.StringType))
        .withColumn(DISTANCE, lit(null).cast(DataTypes.IntegerType));
    if (settings.exact()) {
      f = exact(f, rank, ctx);
    }
    if (settings.near()) {
      return near(f, rank, ctx);
    }
    // Exact only (also the audio and video jobs): no clusters, no distances.
    return f.drop(CLUSTER_ID, DISTANCE);
  }

  /** Step 1: SHA-256 groups. */
  private Dataset<Row> exact(Dataset<Row> f, Column rank, StageContext ctx) {
    Column sha = col(SparkMediaProbe.PROBE + ".sha256");
    ctx.spark().sparkContext().setJobDescription(NAME + ": group images by SHA-256");
    Dataset<Row> keepers = ctx.materialize(f.filter(Frame.alive().and(sha.isNotNull()))
        .select(sha.as("x_sha"), rank.as("r"))
        .groupBy(col("x_sha"))
        .agg(min(col("r")).as("best"), count(lit(1)).as("n"))
        .filter(col("n").gt(1))
        .select(col("x_sha"), col("best.id").as("x_id"), col("best.rid").as("x_rid")));
    long groups = keepers.count();
    stats.put("exact_groups", groups);
    Column dup = col("x_rid").isNotNull().and(col(Frame.RID).notEqual(col("x_rid")));
    Dataset<Row> joined = f.join(groups <= BROADCAST_ROWS ? broadcast(keepers) : keepers,
            Frame.alive().and(sha.equalTo(col("x_sha"))), "left")
        .withColumn(DUPLICATE_OF, when(dup, col("x_id")).otherwise(col(DUPLICATE_OF)))
        .withColumn(DISTANCE, when(dup, lit(0)).otherwise(col(DISTANCE)));
    return Frame.rejectWhere(joined, dup, NAME, ReasonCodes.EXACT_DUPLICATE,
            concat(lit("duplicate of id "), col("x_id"), lit(" (same SHA-256)")))
        .drop("x_sha", "x_id", "x_rid");
  }

  /** Steps 2 to 6: perceptual-hash clusters. */
  private Dataset<Row> near(Dataset<Row> f, Column rank, StageContext ctx) {
    UDF1<String, Long> parse = h -> h == null ? null : Long.parseUnsignedLong(h, 16);
    List<Hash> hashes = settings.hashes();
    Column lo = udf(parse, DataTypes.LongType).apply(col(SparkMediaProbe.PROBE + "." + hashes.get(0).configName()));
    Column hi = hashes.size() > 1
        ? udf(parse, DataTypes.LongType).apply(col(SparkMediaProbe.PROBE + "." + hashes.get(1).configName()))
        : lit(0L);
    Dataset<Row> hashed = f.filter(Frame.alive().and(col(SparkMediaProbe.PROBE + ".phash").isNotNull()));

    // 2-3. Band rows, then verified pairs per bucket.
    LongAccumulator[] acc = {
        ctx.spark().sparkContext().longAccumulator(NAME + ".shared_buckets"),
        ctx.spark().sparkContext().longAccumulator(NAME + ".oversized_buckets"),
        ctx.spark().sparkContext().longAccumulator(NAME + ".comparisons")};
    int partitions = Integer.parseInt(ctx.spark().conf().get("spark.sql.shuffle.partitions"));
    ctx.spark().sparkContext().setJobDescription(NAME + ": compare fingerprints within LSH buckets");
    Dataset<Row> pairs = ctx.materialize(hashed
        .select(col(Frame.RID), lo.as("lo"), hi.as("hi"))
        .mapPartitions(new BandRowsFn(settings.bands()), Encoders.row(BAND_ROWS))
        .repartition(partitions, col("band"), col("key"))
        .sortWithinPartitions(col("band"), col("key"), col("lo"), col("hi"), col(Frame.RID))
        .mapPartitions(new BucketFn(settings, acc), Encoders.row(PAIRS))
        .distinct());
    stats.put("verified_pairs", pairs.count());
    stats.put("shared_buckets", acc[0].value());
    stats.put("oversized_buckets", acc[1].value());
    stats.put("hash_comparisons", acc[2].value());

    // 4. Clusters.
    Dataset<Row> components = new SparkConnectedComponents(ctx.spark(), settings.components()).components(pairs);

    // 5. Keepers and every member's distance to its keeper.
    Dataset<Row> members = components
        .join(hashed.select(col(Frame.RID).as("m_rid"), rank.as("r")),
            col(ConnectedComponents.NODE).equalTo(col("m_rid")))
        .select(col(ConnectedComponents.COMPONENT).as("c"), col("m_rid"), col("r"));
    Dataset<Row> keepers = members.groupBy(col("c")).agg(min(col("r")).as("best"))
        .select(col("c").as("k_c"), col("best.id").as("k_id"), col("best.rid").as("k_rid"), col("best").as("k_r"));
    List<String> fields = hashes.stream().map(Hash::configName).toList();
    UDF1<Row, Integer> distance = r -> {
      Row a = r.getStruct(0);
      Row b = r.getStruct(1);
      int d = 0;
      for (String field : fields) {
        d += Long.bitCount(Long.parseUnsignedLong(a.getAs(field), 16) ^ Long.parseUnsignedLong(b.getAs(field), 16));
      }
      return d;
    };
    Dataset<Row> assigned = ctx.materialize(members
        .join(keepers, col("c").equalTo(col("k_c")))
        .select(col("m_rid"), col("k_id"), col("k_rid"),
            udf(distance, DataTypes.IntegerType).apply(struct(col("r"), col("k_r"))).as("k_dist")));
    long clustered = assigned.count();
    stats.put("clustered_images", clustered);

    // 6. Verdicts.
    Column in = col("m_rid").isNotNull();
    Column dup = in.and(col(Frame.RID).notEqual(col("k_rid")));
    Dataset<Row> joined = f.join(clustered <= BROADCAST_ROWS ? broadcast(assigned) : assigned,
            Frame.alive().and(col(Frame.RID).equalTo(col("m_rid"))), "left")
        .withColumn(CLUSTER_ID, when(in, col("k_id")).otherwise(col(CLUSTER_ID)))
        .withColumn(DUPLICATE_OF, when(dup, col("k_id")).otherwise(col(DUPLICATE_OF)))
        .withColumn(DISTANCE, when(dup, col("k_dist")).otherwise(col(DISTANCE)));
    return Frame.rejectWhere(joined, dup, NAME, ReasonCodes.NEAR_DUPLICATE,
            concat(lit("near duplicate of id "), col("k_id"), lit(" (" + hashNames() + " distance "), col("k_dist"),
                lit(" bits)")))
        .drop("m_rid", "k_id", "k_rid", "k_dist");
  }

  // ------------------------------------------------------------------------------------------------ executor side

  /** (rid, fingerprint low word, high word) → one row per band. */
  private static final class BandRowsFn implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final HammingBands bands;

    BandRowsFn(HammingBands bands) {
      this.bands = bands;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      return new Iterator<>() {
        private Row current;
        private int band;

        @Override
        public boolean hasNext() {
          return (current != null && band < bands.bands()) || input.hasNext();
        }

        @Override
        public Row next() {
          if (current == null || band >= bands.bands()) {
            current = input.next();
            band = 0;
          }
          long lo = current.getLong(1);
          long hi = current.getLong(2);
          Row r = RowFactory.create(band, bands.key(lo, hi, band), current.getLong(0), lo, hi);
          band++;
          return r;
        }
      };
    }
  }

  /** Sorted band rows → verified pairs, bucket by bucket ({@link HammingBuckets}). */
  private static final class BucketFn implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final LongAccumulator[] acc;

    BucketFn(Settings settings, LongAccumulator[] acc) {
      this.settings = settings;
      this.acc = acc;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      HammingBuckets buckets = new HammingBuckets(settings.maxDistance(), settings.window());
      java.util.ArrayDeque<Row> out = new java.util.ArrayDeque<>();
      return new Iterator<>() {
        private boolean started;
        private boolean finished;
        private int band;
        private long key;

        private void closeBucket() {
          if (started && buckets.size() > 1) {
            acc[0].add(1);
            if (buckets.oversized()) {
              acc[1].add(1);
            }
          }
        }

        @Override
        public boolean hasNext() {
          while (out.isEmpty() && input.hasNext()) {
            Row r = input.next();
            int b = r.getInt(0);
            long k = r.getLong(1);
            if (!started || b != band || k != key) {
              closeBucket();
              buckets.reset();
              started = true;
              band = b;
              key = k;
            }
            buckets.add(r.getLong(2), r.getLong(3), r.getLong(4), (a, c, d) -> out.add(RowFactory.create(a, c)));
          }
          if (out.isEmpty()) {
            if (!finished) {
              finished = true;
              closeBucket();
              acc[2].add(buckets.comparisons());
            }
            return false;
          }
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return out.poll();
        }
      };
    }
  }
}
