import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.text.quality.C4Filter;
import dev.sieve.transforms.text.quality.FineWebFilter;
import dev.sieve.transforms.text.quality.GopherQualityFilter;
import dev.sieve.transforms.text.quality.GopherRepetitionFilter;
import dev.sieve.transforms.text.quality.SentenceSplitter;
import dev.sieve.transforms.text.quality.TreebankWordTokenizer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Sieve's four quality filters over a JSONL corpus ({@code {"id", "text", ...}} per line) and writes, per
 * document, the verdicts and signals ({@code OUT}) and the material {@code compare.py} needs to diagnose a
 * disagreement ({@code DETAIL}: the word tokens, the sentence spans in code points, and the C4 output texts).
 *
 * <pre>java -cp CLASSES:. Parity CORPUS.jsonl OUT.jsonl DETAIL.jsonl</pre>
 *
 * The filters run with their defaults, which are datatrove's: {@code GopherQualityFilter()},
 * {@code GopherRepetitionFilter()}, {@code C4Filter()} and C4 with {@code filterNoTerminalPunct = false} (FineWeb's
 * setting), {@code FineWebFilter(TreebankWordTokenizer.wordTokenize())}.
 */
public final class Parity {
  private Parity() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: Parity CORPUS.jsonl OUT.jsonl DETAIL.jsonl");
      System.exit(2);
    }
    TreebankWordTokenizer tokenizer = TreebankWordTokenizer.wordTokenize();
    SentenceSplitter splitter = new SentenceSplitter();
    C4Filter.Settings d = C4Filter.Settings.defaults();
    C4Filter.Settings fineWebC4 = new C4Filter.Settings(d.splitParagraph(), d.removeCitations(), false,
        d.minNumSentences(), d.minWordsPerLine(), d.maxWordLength(), d.filterLoremIpsum(), d.filterJavascript(),
        d.filterCurlyBracket(), d.filterPolicy());
    Map<String, DocFilter> filters = new LinkedHashMap<>();
    filters.put("gopher_quality", new GopherQualityFilter());
    filters.put("gopher_repetition", new GopherRepetitionFilter());
    filters.put("c4", new C4Filter());
    filters.put("c4_fineweb", new C4Filter(fineWebC4));
    filters.put("fineweb", new FineWebFilter(TreebankWordTokenizer.wordTokenize()));

    long docs = 0;
    long start = System.nanoTime();
    try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8);
        BufferedWriter detail = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> doc = Json.parseObject(line);
        String id = (String) doc.get("id");
        String text = (String) doc.get("text");
        if (id == null || text == null) {
          throw new IllegalArgumentException("line " + (docs + 1) + ": no id or text");
        }
        List<String> tokens = tokenizer.tokenize(text);

        StringBuilder o = new StringBuilder(1024);
        o.append("{\"id\":");
        Json.string(o, id);
        o.append(",\"token_count\":").append(tokens.size());
        o.append(",\"tokens_sha1\":\"").append(tokensSha1(tokens)).append('"');
        o.append(",\"filters\":{");
        Map<String, String> outputs = new LinkedHashMap<>();
        boolean first = true;
        for (Map.Entry<String, DocFilter> e : filters.entrySet()) {
          FilterResult r = e.getValue().apply(text);
          if (!first) {
            o.append(',');
          }
          first = false;
          Json.string(o, e.getKey());
          o.append(":{\"verdict\":");
          Json.string(o, r.verdict().kept() ? "keep" : r.verdict().reason());
          o.append(",\"signals\":{");
          boolean firstSignal = true;
          for (Map.Entry<String, Double> s : r.signals().entrySet()) {
            if (!firstSignal) {
              o.append(',');
            }
            firstSignal = false;
            Json.string(o, s.getKey());
            o.append(':');
            Json.number(o, s.getValue());
          }
          o.append('}');
          if (e.getValue() instanceof C4Filter && r.verdict().kept()) {
            String cleaned = r.text() == null ? text : r.text();
            outputs.put(e.getKey(), cleaned);
            o.append(",\"text_sha1\":\"").append(sha1(cleaned)).append('"');
          }
          o.append('}');
        }
        o.append("}}\n");
        out.write(o.toString());

        StringBuilder t = new StringBuilder(text.length() * 2 + 64);
        t.append("{\"id\":");
        Json.string(t, id);
        t.append(",\"tokens\":[");
        for (int k = 0; k < tokens.size(); k++) {
          if (k > 0) {
            t.append(',');
          }
          Json.string(t, tokens.get(k));
        }
        t.append("],\"sentences\":[");
        int[] spans = splitter.spans(text);
        for (int k = 0; k < spans.length; k += 2) {
          if (k > 0) {
            t.append(',');
          }
          // code-point offsets, as Python indexes strings
          t.append('[').append(text.codePointCount(0, spans[k])).append(',')
              .append(text.codePointCount(0, spans[k + 1])).append(']');
        }
        t.append(']');
        for (Map.Entry<String, String> e : outputs.entrySet()) {
          t.append(",\"").append(e.getKey()).append("_text\":");
          Json.string(t, e.getValue());
        }
        t.append("}\n");
        detail.write(t.toString());
        docs++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.err.printf("Parity: %d documents in %.1f s%n", docs, seconds);
  }

  /** SHA-1 over each token's UTF-8 bytes preceded by their count as a 4-byte big-endian integer. */
  static String tokensSha1(List<String> tokens) throws NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-1");
    for (String tok : tokens) {
      byte[] b = tok.getBytes(StandardCharsets.UTF_8);
      md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
          (byte) b.length});
      md.update(b);
    }
    return hex(md.digest());
  }

  static String sha1(String s) throws NoSuchAlgorithmException {
    return hex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  /** Just enough JSON for one flat object per line, and for writing strings and numbers. */
  static final class Json {
    private final String s;
    private int i;

    private Json(String s) {
      this.s = s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String line) {
      Json p = new Json(line);
      Object v = p.value();
      p.ws();
      if (!(v instanceof Map) || p.i != p.s.length()) {
        throw new IllegalArgumentException("not a JSON object line");
      }
      return (Map<String, Object>) v;
    }

    private void ws() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r'
          || s.charAt(i) == '\n')) {
        i++;
      }
    }

    private Object value() {
      ws();
      char c = s.charAt(i);
      switch (c) {
        case '{': {
          Map<String, Object> m = new LinkedHashMap<>();
          i++;
          ws();
          if (s.charAt(i) == '}') {
            i++;
            return m;
          }
          while (true) {
            ws();
            String key = str();
            ws();
            expect(':');
            m.put(key, value());
            ws();
            if (s.charAt(i) == ',') {
              i++;
            } else {
              expect('}');
              return m;
            }
          }
        }
        case '[': {
          List<Object> l = new ArrayList<>();
          i++;
          ws();
          if (s.charAt(i) == ']') {
            i++;
            return l;
          }
          while (true) {
            l.add(value());
            ws();
            if (s.charAt(i) == ',') {
              i++;
            } else {
              expect(']');
              return l;
            }
          }
        }
        case '"':
          return str();
        case 't':
          i += 4;
          return Boolean.TRUE;
        case 'f':
          i += 5;
          return Boolean.FALSE;
        case 'n':
          i += 4;
          return null;
        default: {
          int from = i;
          while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
          }
          return Double.parseDouble(s.substring(from, i));
        }
      }
    }

    private void expect(char c) {
      if (s.charAt(i) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + i);
      }
      i++;
    }

    private String str() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n': sb.append('\n'); break;
          case 't': sb.append('\t'); break;
          case 'r': sb.append('\r'); break;
          case 'b': sb.append('\b'); break;
          case 'f': sb.append('\f'); break;
          case 'u':
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
            break;
          default: sb.append(e); // " \ /
        }
      }
    }

    static void string(StringBuilder out, String v) {
      out.append('"');
      for (int k = 0; k < v.length(); k++) {
        char c = v.charAt(k);
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20 || (Character.isSurrogate(c) && !pairedAt(v, k))) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      out.append('"');
    }

    /** True when the surrogate at {@code k} is half of a well-formed pair. */
    private static boolean pairedAt(String v, int k) {
      char c = v.charAt(k);
      if (Character.isHighSurrogate(c)) {
        return k + 1 < v.length() && Character.isLowSurrogate(v.charAt(k + 1));
      }
      return k > 0 && Character.isHighSurrogate(v.charAt(k - 1));
    }

    static void number(StringBuilder out, Double v) {
      if (v == null || v.isNaN() || v.isInfinite()) {
        out.append("null");
      } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        out.append(v.longValue());
      } else {
        out.append(v.toString());
      }
    }
  }
}
