package dev.sieve.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed reads from a resolved config; every failure is a {@link ConfigError} naming the key and its source. */
public final class Conf {
  private final Config config;

  public Conf(Config config) {
    this.config = config;
  }

  public Config raw() {
    return config;
  }

  public String string(String key) {
    try {
      return config.getString(key).trim();
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
  }

  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
  }

  /** A list of strings; a single string is a list of one. */
  public java.util.List<String> stringList(String key) {
    try {
      if (config.getValue(key).valueType() == com.typesafe.config.ConfigValueType.STRING) {
        String v = config.getString(key).trim();
        return v.isEmpty() ? java.util.List.of() : java.util.List.of(v);
      }
      return config.getStringList(key);
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
  }

  public double number(String key) {
    try {
      return config.getDouble(key);
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
  }

  public int integer(String key) {
    try {
      return config.getInt(key);
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
  }

  public long longValue(String key) {
    try {
      return config.getLong(key);
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
  }

  public long positiveLong(String key) {
    long v;
    try {
      v = config.getBytes(key);
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
    if (v <= 0) {
      throw new ConfigError(key + " must be positive, got " + v + origin(key));
    }
    return v;
  }

  public double fraction(String key) {
    double v;
    try {
      v = config.getDouble(key);
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
    if (!(v > 0 && v <= 1)) {
      throw new ConfigError(key + " must be in (0, 1], got " + v + origin(key));
    }
    return v;
  }

  /** An enum setting, spelled in lower case with '+' and '-' allowed, e.g. {@code exact+near}. */
  public <E extends Enum<E>> E choice(String key, Class<E> type) {
    String v = string(key);
    for (E e : type.getEnumConstants()) {
      if (spell(e).equals(v.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(spell(e));
    }
    throw new ConfigError(key + " must be one of " + String.join(" | ", allowed) + ", got '" + v + "'" + origin(key));
  }

  /** The configuration spelling of an enum constant: lower case, '_PLUS_' as '+'. */
  public static String spell(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace("_plus_", "+");
  }

  /** A free-form map of dotted keys to string values, e.g. spark.conf. */
  public Map<String, String> flatMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!config.hasPath(key)) {
      return out;
    }
    Config sub;
    try {
      sub = config.getConfig(key);
    } catch (ConfigException e) {
      throw new ConfigError(message(key, e));
    }
    for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
      String name = String.join(".", ConfigUtil.splitPath(e.getKey()));
      Object v = e.getValue().unwrapped();
      out.put(name, String.valueOf(v));
    }
    return out;
  }

  private String origin(String key) {
    if (!config.hasPath(key)) {
      return "";
    }
    String d = config.getValue(key).origin().description();
    return d == null ? "" : " (" + d + ")";
  }

  private static String message(String key, ConfigException e) {
    return key + ": " + e.getMessage();
  }
}
