package dev.sieve.transforms.spark;

import dev.sieve.transforms.core.Preconditions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components of an undirected graph given as edges of {@code long} node ids. The result names every node
 * that has an edge and the smallest node id of its component.
 */
public interface ConnectedComponents {

  String SRC = "src";
  String DST = "dst";
  String NODE = "node";
  String COMPONENT = "component";

  /**
   * @param edges columns {@link #SRC} and {@link #DST}, both {@code long}; direction and duplicates do not matter,
   *     self loops are ignored
   * @return columns {@link #NODE} and {@link #COMPONENT} (the component's smallest id), one row per node
   */
  Dataset<Row> components(Dataset<Row> edges);

  /**
   * {@link #components(Dataset)} for a caller that knows at most {@code maxEdges} rows are in {@code edges} (its
   * count of a superset, say), so an implementation can skip counting them; {@code Long.MAX_VALUE} when unknown.
   */
  default Dataset<Row> components(Dataset<Row> edges, long maxEdges) {
    return components(edges);
  }

  /** Immutable settings and what a run cost. */
  record Settings(long localThreshold, int checkpointEvery, int maxIterations) implements java.io.Serializable {
    public Settings {
      Preconditions.checkArgument(localThreshold >= 0, "localThreshold must be >= 0, got %s", localThreshold);
      Preconditions.checkArgument(checkpointEvery >= 1, "checkpointEvery must be >= 1, got %s", checkpointEvery);
      Preconditions.checkArgument(maxIterations >= 1, "maxIterations must be >= 1, got %s", maxIterations);
    }

    /** Finish on the driver once at most 500,000 edges remain; checkpoint every 3 rounds; at most 100 rounds. */
    public static Settings defaults() {
      return new Settings(500_000L, 3, 100);
    }
  }
}
