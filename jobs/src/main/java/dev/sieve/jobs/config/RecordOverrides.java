package dev.sieve.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Overrides the components of a settings record from configuration: component {@code minDocWords} is key {@code
 * <prefix>.min_doc_words}. A key that is absent or null keeps the given record's value, so a preset supplies the
 * defaults and the user changes only what they set. Supported component types: int, long, double, boolean,
 * String, {@code List<String>}, {@code Set<String>}, and any other type through a converter the caller passes.
 * Bad values fail with a {@link ConfigError} naming the key; the record's own checks run on the result.
 */
public final class RecordOverrides {
  private RecordOverrides() {}

  /** A converter for one component type the generic rules do not cover: (config, key) → value. */
  public interface Converter extends BiFunction<Config, String, Object> {}

  /** The snake_case key of a camelCase component name: {@code topNGrams} → {@code top_n_grams}. */
  public static String key(String component) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Every key {@link #apply} reads for {@code type} under {@code prefix}. */
  public static List<String> keys(Class<? extends Record> type, String prefix) {
    return java.util.Arrays.stream(type.getRecordComponents()).map(c -> prefix + "." + key(c.getName())).toList();
  }

  public static <R extends Record> R apply(R base, Config config, String prefix) {
    return apply(base, config, prefix, Map.of());
  }

  /**
   * {@code base} with every component whose key is set in {@code config} replaced.
   *
   * @param converters by component name, for component types beyond the generic ones
   */
  @SuppressWarnings("unchecked")
  public static <R extends Record> R apply(R base, Config config, String prefix, Map<String, Converter> converters) {
    RecordComponent[] components = base.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean changed = false;
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      String key = prefix + "." + key(c.getName());
      try {
        values[i] = c.getAccessor().invoke(base);
        if (!config.hasPath(key)) {
          continue;
        }
        values[i] = read(config, key, c, converters.get(c.getName()));
        changed = true;
      } catch (ConfigException e) {
        throw new ConfigError(key + ": " + e.getMessage(), e);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c, e);
      }
    }
    if (!changed) {
      return base;
    }
    try {
      return (R) base.getClass().getDeclaredConstructor(types).newInstance(values);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
        throw new ConfigError(prefix + ": " + cause.getMessage(), cause);
      }
      throw new IllegalStateException("cannot build " + base.getClass().getSimpleName(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + base.getClass().getSimpleName(), e);
    }
  }

  private static Object read(Config config, String key, RecordComponent c, Converter converter) {
    if (converter != null) {
      return converter.apply(config, key);
    }
    Class<?> t = c.getType();
    if (t == int.class) {
      return config.getInt(key);
    } else if (t == long.class) {
      return config.getLong(key);
    } else if (t == double.class) {
      return config.getDouble(key);
    } else if (t == boolean.class) {
      return config.getBoolean(key);
    } else if (t == String.class) {
      return config.getString(key);
    } else if ((t == List.class || t == Set.class) && isOfStrings(c.getGenericType())) {
      List<String> list = config.getStringList(key);
      return t == List.class ? List.copyOf(list) : Set.copyOf(new LinkedHashSet<>(list));
    }
    throw new IllegalStateException("no converter for " + key + " of type " + c.getGenericType());
  }

  private static boolean isOfStrings(Type type) {
    return type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
        && p.getActualTypeArguments()[0] == String.class;
  }
}
