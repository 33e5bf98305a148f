package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import dev.sieve.transforms.text.near.LongUnionFind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConnectedComponents} on Spark: alternating large-star and small-star rounds (Kiveris et al., "Connected
 * Components in MapReduce and Beyond", SoCC 2014), which converge in O(log² n) rounds, then a driver-side
 * union-find once the remaining edge set is small.
 *
 * <p>Each round keeps edges oriented {@code (src > dst)}:
 *
 * <ul>
 *   <li>large-star: every node u links each larger neighbour v to m(u), the smallest of u and its neighbours;
 *   <li>small-star: every node u links itself and each smaller neighbour to m'(u), the smallest of those.
 * </ul>
 *
 * Both are one {@code groupBy} (a shuffle of the edge set, with map-side partial aggregation) and one join. A
 * round that leaves the edge set unchanged (same count and checksum, one small job) has reached the fixpoint, where
 * the edges form stars around each component's smallest id. Lineage is cut by a checkpoint every few rounds: a reliable one when the SparkContext has a
 * checkpoint directory (the job runner sets one under the output folder), so a lost executor does not replay all
 * earlier rounds; a local one otherwise (tests), which does not survive the loss of an executor. When at most {@code
 * localThreshold} edges remain they are collected (bounded by the threshold, not by the data) and finished with a
 * {@link LongUnionFind}; the labels found so far are composed with the driver's result by one join.
 */
public final class SparkConnectedComponents implements ConnectedComponents {
  private static final Logger LOG = LoggerFactory.getLogger(SparkConnectedComponents.class);
  private static final StructType PAIRS = new StructType()
      .add(NODE, DataTypes.LongType, false)
      .add(COMPONENT, DataTypes.LongType, false);

  private final SparkSession spark;
  private final Settings settings;
  private int rounds;

  public SparkConnectedComponents(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Large-star/small-star rounds the last call ran (0 when it finished on the driver at once). */
  public int rounds() {
    return rounds;
  }

  @Override
  public Dataset<Row> components(Dataset<Row> edges) {
    return components(edges, Long.MAX_VALUE);
  }

  /**
   * When {@code maxEdges} is at most {@code localThreshold}, the edges go to the driver's union-find at once: one
   * job, no counting, no rounds.
   */
  @Override
  public Dataset<Row> components(Dataset<Row> edges, long maxEdges) {
    rounds = 0;
    if (maxEdges <= settings.localThreshold()) {
      // The union-find sees every node of these edges: its labels are the whole result.
      return driverLabels(edges).as(Encoders.row(PAIRS));
    }
    // Oriented (src > dst), no self loops, no duplicates.
    Dataset<Row> e = edges
        .select(greatest(col(SRC), col(DST)).as(SRC), least(col(SRC), col(DST)).as(DST))
        .filter(col(SRC).notEqual(col(DST)))
        .distinct();
    // Every node ever seen, with the label it has so far (initially itself via its edges).
    Dataset<Row> nodes = e.select(col(SRC).as(NODE)).union(e.select(col(DST).as(NODE))).distinct();
    long[] stats = stats(e);
    while (stats[0] > settings.localThreshold()) {
      if (rounds >= settings.maxIterations()) {
        throw new IllegalStateException("connected components did not converge in " + settings.maxIterations()
            + " rounds (" + stats[0] + " edges left)");
      }
      Dataset<Row> previous = e;
      e = smallStar(largeStar(e));
      rounds++;
      if (rounds % settings.checkpointEvery() == 0) {
        e = spark.sparkContext().getCheckpointDir().isDefined() ? e.checkpoint() : e.localCheckpoint();
      } else {
        // Each round is read twice (its checksum, then the next round): keep it rather than recompute it.
        e = e.persist(StorageLevel.MEMORY_AND_DISK());
      }
      long[] next = stats(e);
      previous.unpersist(false);
      if (next[0] == stats[0] && next[1] == stats[1]) {
        LOG.info("connected components converged after {} rounds ({} edges)", rounds, next[0]);
        return labelsFromStars(nodes, e);
      }
      stats = next;
      LOG.info("connected components: round {}, {} edges", rounds, stats[0]);
    }
    return finishOnDriver(nodes, e);
  }

  /** For every node u with neighbourhood N(u): each v in N(u), v > u, links to min(N(u) ∪ {u}). */
  private static Dataset<Row> largeStar(Dataset<Row> e) {
    // Both directions: (u, v) for every undirected edge.
    Dataset<Row> both = e.select(col(SRC).as("u"), col(DST).as("v"))
        .union(e.select(col(DST).as("u"), col(SRC).as("v")));
    Dataset<Row> m = both.groupBy(col("u")).agg(min(col("v")).as("mv"))
        .select(col("u").as("mu_node"), least(col("u"), col("mv")).as("m"));
    return both.filter(col("v").gt(col("u")))
        .join(m, col("u").equalTo(col("mu_node")))
        .select(col("v").as(SRC), col("m").as(DST))
        .filter(col(SRC).notEqual(col(DST)))
        .distinct();
  }

  /** For every node u: u and each smaller neighbour v link to min({u} ∪ smaller neighbours). */
  private static Dataset<Row> smallStar(Dataset<Row> e) {
    // e is oriented src > dst, so the smaller neighbours of src are its dst values.
    Dataset<Row> m = e.groupBy(col(SRC)).agg(min(col(DST)).as("m")).withColumnRenamed(SRC, "m_node");
    Dataset<Row> joined = e.join(m, col(SRC).equalTo(col("m_node")));
    Dataset<Row> neighbours = joined.select(col(DST).as(SRC), col("m").as(DST));
    Dataset<Row> self = joined.select(col(SRC), col("m").as(DST));
    return neighbours.union(self).filter(col(SRC).notEqual(col(DST))).distinct();
  }

  /**
   * The edge count and an order-independent checksum of the edge set (XOR of a 64-bit hash per edge), in one job.
   * A round that changes neither has reached the fixpoint of large-star and small-star: the edges form stars, each
   * node linked once, to its component's smallest id.
   */
  private static long[] stats(Dataset<Row> e) {
    Row r = e.agg(count(lit(1)), expr("coalesce(bit_xor(xxhash64(src, dst)), 0L)")).first();
    return new long[] {r.getLong(0), r.getLong(1)};
  }

  /** After convergence each edge is (node, root); roots label themselves. */
  private Dataset<Row> labelsFromStars(Dataset<Row> nodes, Dataset<Row> e) {
    Dataset<Row> labels = e.select(col(SRC).as("l_node"), col(DST).as("l_comp"));
    return nodes.join(labels, col(NODE).equalTo(col("l_node")), "left")
        .select(col(NODE), org.apache.spark.sql.functions.coalesce(col("l_comp"), col(NODE)).as(COMPONENT));
  }

  /**
   * Composes the labels found so far with the driver's labels of the remaining (at most localThreshold) edges: a
   * node's label is the driver's root of the component of the star root it points to.
   */
  private Dataset<Row> finishOnDriver(Dataset<Row> nodes, Dataset<Row> e) {
    Dataset<Row> driver = driverLabels(e).select(col(NODE).as("d_node"), col(COMPONENT).as("d_comp"));
    return nodes.join(driver, col(NODE).equalTo(col("d_node")), "left")
        .select(col(NODE), org.apache.spark.sql.functions.coalesce(col("d_comp"), col(NODE)).as(COMPONENT))
        .as(Encoders.row(PAIRS));
  }

  /**
   * Collects the edges (at most localThreshold; self loops ignored) and unions them on the driver: (node, smallest
   * id of its component) for every node of an edge.
   */
  private Dataset<Row> driverLabels(Dataset<Row> e) {
    LongUnionFind uf = new LongUnionFind();
    // One partition, one job, streamed: at most localThreshold edges reach the driver.
    Iterator<long[]> it = e.coalesce(1).queryExecution().toRdd().toJavaRDD()
        .map(r -> new long[] {r.getLong(0), r.getLong(1)})
        .toLocalIterator();
    while (it.hasNext()) {
      long[] edge = it.next();
      if (edge[0] != edge[1]) {
        uf.union(edge[0], edge[1]);
      }
    }
    long[] ids = uf.ids();
    long[] roots = uf.roots();
    List<InternalRow> pairs = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      pairs.add(InternalRows.longs(ids[i], roots[i]));
    }
    // An RDD of internal rows, not a local relation: a plan holding thousands of literal rows is slow to optimize and
    // to match against cached plans in every later query that uses it; internal rows need no Row encoder.
    int slices = Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), 1 + ids.length / 50_000));
    return spark.internalCreateDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(pairs, slices).rdd(), PAIRS, false);
  }
}
