package dev.sieve.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a job's effective configuration from its layers and rejects keys no job knows.
 *
 * <p>Layers, lowest first: {@code sieve/reference.conf}, {@code sieve/jobs/<job>.conf}, the environment overlay,
 * each {@code --conf} file, each {@code --set}, then {@code --input}/{@code --output}.
 */
public final class Layers {
  /** Paths under which any key is accepted (free-form maps). */
  private static final List<String> OPEN_PATHS = List.of("spark.conf");

  private Layers() {}

  /** One layer the user supplied, with where it came from for error messages. */
  public record Layer(String origin, Config config) {}

  public static Config resource(String name) {
    Config c = ConfigFactory.parseResources(Layers.class.getClassLoader(), name,
        ConfigParseOptions.defaults().setAllowMissing(false));
    if (c.isEmpty()) {
      throw new IllegalStateException("resource " + name + " is missing or empty");
    }
    return c;
  }

  /** The overlay for an environment: {@code conf/<env>.conf} under SIEVE_HOME if present, else from the jar. */
  public static Layer environment(String env, Path sieveHome) {
    if (env == null || env.isEmpty() || env.equals("none")) {
      return new Layer("no environment overlay", ConfigFactory.empty());
    }
    if (!env.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigError("--env must be a name like local or ack, got '" + env + "'");
    }
    if (sieveHome != null) {
      Path p = sieveHome.resolve("conf").resolve(env + ".conf");
      if (Files.isRegularFile(p)) {
        return new Layer(p.toString(), parseFile(p.toFile()));
      }
    }
    Config c = ConfigFactory.parseResources(Layers.class.getClassLoader(), "sieve/conf/" + env + ".conf");
    if (c.isEmpty()) {
      throw new ConfigError("--env " + env + ": no conf/" + env + ".conf (known: local, local-oss, ack)");
    }
    return new Layer("conf/" + env + ".conf (bundled)", c);
  }

  public static Config parseFile(File f) {
    if (!f.isFile()) {
      throw new ConfigError("--conf " + f + ": no such file");
    }
    try {
      return ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigError("--conf " + f + ": " + e.getMessage(), e);
    }
  }

  /** Parses one {@code key=value}; the value is HOCON (so lists and numbers work) or, failing that, a string. */
  public static Config parseSet(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError("--set expects key=value, got '" + assignment + "'");
    }
    String key = assignment.substring(0, eq).trim();
    String value = assignment.substring(eq + 1);
    try {
      ConfigUtil.splitPath(key);
    } catch (ConfigException e) {
      throw new ConfigError("--set " + assignment + ": '" + key + "' is not a valid key");
    }
    try {
      return ConfigFactory.parseString(key + " = " + value,
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription("--set " + key));
    } catch (ConfigException e) {
      return ConfigFactory.parseMap(Map.of(key, value), "--set " + key);
    }
  }

  /**
   * Merges the layers over the defaults, resolves substitutions (environment variables included) and checks that
   * every key the user set is known.
   *
   * @param defaults the job's defaults (framework + job reference)
   * @param knownElsewhere keys other jobs define: accepted in shared files, with a warning collected in
   *     {@code ignored}
   */
  public static Config merge(Config defaults, List<Layer> layers, Config knownElsewhere, List<String> ignored) {
    for (Layer layer : layers) {
      for (String path : leafPaths(layer.config())) {
        if (isOpen(path) || defaults.hasPathOrNull(path)) {
          continue;
        }
        if (knownElsewhere.hasPathOrNull(path)) {
          ignored.add(path + " (from " + layer.origin() + ") belongs to another job and is ignored");
          continue;
        }
        throw new ConfigError("unknown configuration key '" + path + "' (from " + layer.origin() + ")"
            + suggestion(path, leafPaths(defaults)));
      }
    }
    Config merged = ConfigFactory.empty();
    for (int i = layers.size() - 1; i >= 0; i--) {
      merged = merged.withFallback(layers.get(i).config());
    }
    merged = merged.withFallback(defaults);
    try {
      return merged.resolve(ConfigResolveOptions.defaults());
    } catch (ConfigException e) {
      throw new ConfigError("configuration: " + e.getMessage(), e);
    }
  }

  static boolean isOpen(String path) {
    for (String open : OPEN_PATHS) {
      if (path.equals(open) || path.startsWith(open + ".")) {
        return true;
      }
    }
    return false;
  }

  /** Every leaf path of a config, unresolved substitutions included; empty objects have none. */
  public static Set<String> leafPaths(Config c) {
    Set<String> out = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      out.add(e.getKey());
    }
    return out;
  }

  static String suggestion(String path, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = levenshtein(path, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    if (best != null && bestDistance <= Math.max(2, path.length() / 4)) {
      return "; did you mean '" + best + "'?";
    }
    List<String> roots = new ArrayList<>();
    for (String k : known) {
      String root = k.contains(".") ? k.substring(0, k.indexOf('.')) : k;
      if (!roots.contains(root)) {
        roots.add(root);
      }
    }
    return "; known sections: " + String.join(", ", roots) + " (bin/sieve <job> --help lists every key)";
  }

  private static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
