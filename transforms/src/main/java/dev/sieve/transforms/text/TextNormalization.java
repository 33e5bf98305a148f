package dev.sieve.transforms.text;

import java.util.Locale;

/**
 * How text is normalized before it is compared or hashed.
 *
 * <ul>
 *   <li>{@code NONE}: the text as it is.
 *   <li>{@code WHITESPACE}: every run of Unicode whitespace becomes one space; leading and trailing whitespace go.
 *   <li>{@code SIMPLIFY}: datatrove's {@code simplify_text} ({@link SimplifyText}).
 * </ul>
 */
public enum TextNormalization {
  NONE {
    @Override
    public String apply(String text) {
      return text;
    }
  },
  WHITESPACE {
    @Override
    public String apply(String text) {
      return Whitespace.collapse(text);
    }
  },
  SIMPLIFY {
    @Override
    public String apply(String text) {
      return SimplifyText.apply(text);
    }
  };

  public abstract String apply(String text);

  /** The configuration spelling: {@code none}, {@code whitespace}, {@code simplify}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
