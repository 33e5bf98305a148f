package dev.sieve.transforms.text.quality;

import java.io.Serializable;
import java.util.List;

/** Splits text into word tokens. Implementations are immutable and thread-safe. */
public interface WordTokenizer extends Serializable {
  /** The tokens of {@code text}, stripped, without empty ones. */
  List<String> tokenize(String text);

  /** {@code tokenize(text).size()}; implementations may count without building the tokens. */
  default int countTokens(String text) {
    return tokenize(text).size();
  }
}
