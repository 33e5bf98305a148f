package dev.sieve.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Hides secrets whenever configuration is printed, logged or written to a report. */
public final class Redaction {
  public static final String REDACTED = "*****";
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(secret|password|passwd|token|credential(?!s\\.provider)|access[._-]?key|private[._-]?key|signature"
          + "|account\\.key|encryption[._-]?key|(^|[._-])sk$|(^|[._])key$).*");

  private Redaction() {}

  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /** The effective configuration as a flat, sorted map of key → value, secrets redacted. */
  public static Map<String, Object> flatten(Config config) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue().unwrapped();
      out.put(key, isSecretKey(key) ? REDACTED : v instanceof String ? stripUserInfo((String) v) : v);
    }
    return out;
  }

  /** Removes credentials written into a URI ({@code scheme://user:secret@host/...}). */
  public static String stripUserInfo(String value) {
    return value.replaceAll("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@", "$1" + REDACTED + "@");
  }

  /** HOCON rendering with secrets redacted, for --print-config. */
  public static String render(Config config) {
    Config c = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (isSecretKey(e.getKey())) {
        c = c.withValue(e.getKey(), com.typesafe.config.ConfigValueFactory.fromAnyRef(REDACTED));
      }
    }
    return c.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
  }
}
