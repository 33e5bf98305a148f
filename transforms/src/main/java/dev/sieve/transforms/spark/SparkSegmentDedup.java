package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.text.Segments;
import dev.sieve.transforms.text.Whitespace;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * {@link SegmentDedup} on Spark.
 *
 * <p>Steps: (1) split every alive text into segments and key them (narrow); (2) find, per key, the occurrences to
 * keep: with {@code maxOccurrences = 1} one {@code min(struct(id, record key, position))} aggregate (partial,
 * map-side, so a line repeated in millions of documents costs one row per task before the shuffle); above 1, a
 * window ranked by the same order (its largest key is handled by one task); (3) gather the positions to remove per
 * document and rewrite those documents. Only keys and positions are shuffled for (2); (3) joins the alive rows to
 * the (small) per-document removal lists, one shuffle of the alive rows. Deterministic: "first" is by content order,
 * never by arrival.
 */
public final class SparkSegmentDedup implements SegmentDedup {
  public static final String NAME = "segment_dedup";

  private final Settings settings;

  public SparkSegmentDedup(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return (settings.unit() == Segments.Unit.LINES ? "line" : "paragraph")
        + " dedup: keep each repeated " + (settings.unit() == Segments.Unit.LINES ? "line" : "paragraph")
        + " in its first " + settings.maxOccurrences() + " document(s)";
  }

  @Override
  public List<String> addedColumns() {
    return List.of(REMOVED);
  }

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.EMPTY_AFTER_SEGMENT_DEDUP);
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext ctx) {
    String id = ctx.idColumn();
    String text = ctx.textColumn();
    StructType segType = new StructType()
        .add("i", DataTypes.IntegerType, false)
        .add("h1", DataTypes.LongType, false)
        .add("h2", DataTypes.LongType, false);
    Column split = udf(new SplitFn(settings.unit(), ctx.timer(NAME)), DataTypes.createArrayType(segType, false))
        .apply(col(text));

    Dataset<Row> live = frame.filter(Frame.alive());
    // Read twice below (the per-key aggregate and the join back to it): keyed once, kept.
    Dataset<Row> segs = ctx.persist(live
        .select(col(id).as("s_id"), col(Frame.RID).as("s_rid"), explode(split).as("s"))
        .select(col("s_id"), col("s_rid"), col("s.i").as("s_i"), col("s.h1").as("h1"), col("s.h2").as("h2")));
    Column order = struct(col("s_id").as("id"), col("s_rid").as("rid"), col("s_i").as("i"));

    Dataset<Row> removed;
    if (settings.maxOccurrences() == 1) {
      Dataset<Row> first = segs.groupBy(col("h1"), col("h2")).agg(min(order).as("first"), count(lit(1)).as("n"))
          .filter(col("n").gt(1))
          .select(col("h1").as("f1"), col("h2").as("f2"), col("first"));
      removed = segs.join(first, col("h1").equalTo(col("f1")).and(col("h2").equalTo(col("f2"))))
          .filter(not(order.equalTo(col("first"))))
          .select(col("s_rid"), col("s_i"));
    } else {
      removed = segs
          .withColumn("rank", row_number().over(Window.partitionBy(col("h1"), col("h2"))
              .orderBy(col("s_id"), col("s_rid"), col("s_i"))))
          .filter(col("rank").gt(settings.maxOccurrences()))
          .select(col("s_rid"), col("s_i"));
    }
    Dataset<Row> perDoc = removed.groupBy(col("s_rid").as("r_rid"))
        .agg(collect_list(col("s_i")).as("r_idx"), count(lit(1)).as("r_n"));

    Column rewrite = udf(new RemoveFn(settings.unit()), DataTypes.StringType).apply(col(text), col("r_idx"));
    org.apache.spark.sql.expressions.UserDefinedFunction blank =
        udf((UDF1<String, Boolean>) s -> s != null && Whitespace.isBlank(s), DataTypes.BooleanType);
    Dataset<Row> marked = live.join(perDoc, col(Frame.RID).equalTo(col("r_rid")), "left")
        .withColumn("_sd_new", when(col("r_idx").isNotNull(), rewrite))
        .withColumn(REMOVED, coalesce(col("r_n"), lit(0L)));
    // A document the rewrite would leave blank is rejected with its original text, so it can be recovered.
    Column emptied = col("_sd_new").isNotNull().and(blank.apply(col("_sd_new")));
    marked = Frame.rejectWhere(marked, emptied, NAME, ReasonCodes.EMPTY_AFTER_SEGMENT_DEDUP,
        lit("every line or paragraph of the text is kept in other documents"));
    marked = marked
        .withColumn(text, when(col("_sd_new").isNotNull().and(Frame.alive()), col("_sd_new")).otherwise(col(text)))
        .drop("r_rid", "r_idx", "r_n", "_sd_new");
    Dataset<Row> untouched = frame.filter(not(Frame.alive())).withColumn(REMOVED, lit(null).cast(DataTypes.LongType));
    return marked.unionByName(untouched);
  }

  /** Text → [(position, key high, key low)]. */
  private static final class SplitFn implements UDF1<String, List<Row>> {
    private static final long serialVersionUID = 1L;
    private final Segments.Unit unit;
    private final LongAccumulator nanos;

    SplitFn(Segments.Unit unit, LongAccumulator nanos) {
      this.unit = unit;
      this.nanos = nanos;
    }

    @Override
    public List<Row> call(String text) {
      if (text == null) {
        return List.of();
      }
      long t0 = System.nanoTime();
      List<Segments.Segment> segs = Segments.split(text, unit);
      List<Row> out = new ArrayList<>(segs.size());
      for (Segments.Segment s : segs) {
        out.add(RowFactory.create(s.index(), s.keyHigh(), s.keyLow()));
      }
      nanos.add(System.nanoTime() - t0);
      return out;
    }
  }

  /** (text, positions to remove) → rewritten text. */
  private static final class RemoveFn implements UDF2<String, scala.collection.Seq<Integer>, String> {
    private static final long serialVersionUID = 1L;
    private final Segments.Unit unit;

    RemoveFn(Segments.Unit unit) {
      this.unit = unit;
    }

    @Override
    public String call(String text, scala.collection.Seq<Integer> positions) {
      if (text == null || positions == null) {
        return text;
      }
      int[] idx = new int[positions.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = positions.apply(i);
      }
      return Segments.remove(text, unit, Segments.sorted(idx));
    }
  }
}
