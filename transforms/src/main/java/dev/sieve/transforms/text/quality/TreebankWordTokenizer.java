package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.text.Whitespace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * English word tokenization as NLTK's {@code word_tokenize} does it (what datatrove's Gopher filters use for
 * English): NLTK's improved Treebank tokenizer ({@code NLTKWordTokenizer}), with the tokens stripped and empty ones
 * dropped as datatrove does.
 *
 * <h2>Modes</h2>
 *
 * <ul>
 *   <li>{@link Mode#SINGLE_SENTENCE} (the no-argument constructor): the whole text is one sentence, like
 *       {@code word_tokenize(text, preserve_line=True)}. Only the period at the very end is split off.
 *   <li>{@link Mode#SENTENCES} ({@link #wordTokenize()}): the text is first cut by {@link SentenceSplitter} and each
 *       sentence is tokenized on its own, as {@code word_tokenize} does with Punkt; the final period of every
 *       sentence is then split off ({@code "in New York.  Please"} gives {@code York . Please}).
 * </ul>
 *
 * {@link #tokenizeSentence(String)} and {@link #tokenizeDocument(String)} give either behaviour whatever the mode.
 *
 * <h2>The rules</h2>
 *
 * NLTK applies a list of regular-expression substitutions in order over the whole string, then splits on
 * whitespace. This class applies the same substitutions in the same order, each written as a hand-made scan with
 * the regex's exact semantics: Python's Unicode {@code \s \w \d \b}, leftmost non-overlapping matches (a match
 * consumes the characters it used, so {@code ",,x"} pads only the first comma), {@code $} also matching before a
 * final {@code \n}, and {@code (?i)} matching the four non-ASCII letters Python folds to ASCII. In order:
 *
 * <ol>
 *   <li>starting quotes: {@code « “ ‘ „} and runs of backticks are padded; a {@code "} at the very start becomes
 *       {@code ``}; {@code ``} is padded; a {@code "} or {@code ''} after a space (only U+0020) or {@code ( [ { <}
 *       becomes {@code ``}; an apostrophe opening a word (not after a word character, followed by one, and not
 *       beginning {@code 're 've 'll 'm 't 's 'd 'n} as a whole word) is split from it;
 *   <li>punctuation: the final period of the text (followed only by closing brackets/quotes, spaces and trailing
 *       whitespace) is split off; {@code :} and {@code ,} are split unless a digit follows ({@code 1,000},
 *       {@code 3:30} stay whole); runs of two or more periods; {@code ; @ # $ % &}; figure/en/em dashes and the
 *       horizontal bar; {@code ? !}; an apostrophe before a space; {@code *};
 *   <li>brackets {@code [ ] ( ) { } < >} and double dashes {@code --} become separate tokens;
 *   <li>ending quotes: {@code » ” ’} padded, {@code ''} and {@code "} become {@code ''}; whitespace collapses; the
 *       clitics {@code 's 'm 'd '} and {@code 'll 're 've n't} (in lower or upper case) are split from their word;
 *   <li>contractions: {@code cannot d'ye gimme gonna gotta lemme more'n} and {@code wanna} (before whitespace) are
 *       cut in two ({@code can not}, {@code gon na}, ...), {@code 'tis} / {@code 'twas} after a space likewise.
 * </ol>
 *
 * <h2>Speed</h2>
 *
 * No regular expressions. Every rule's match lies inside one whitespace-separated chunk, looking at most one
 * character beyond it (whether the neighbour is a space, the start or the end of the text), except the final-period
 * rule, which is anchored at the end of the text. So the text is cut into chunks and each is handled with the right
 * context. Most chunks have no quote, no {@code ..} or {@code --} and no contraction word; for those the rules can
 * only pad single characters with spaces, so a one-pass scan marks the characters that become tokens of their own
 * (brackets, {@code ?!;@#$%&*}, curly quotes and guillemets, the U+2012..U+2015 dashes, {@code , :} unless a digit
 * follows, and the final period of the text) and the runs between them are the other tokens. The remaining chunks,
 * and a tail of several chunks after the last word, run through all the substitutions as NLTK orders them, each
 * pass skipped when the segment lacks its trigger characters. The result is token for token what running the
 * substitutions over the whole text gives.
 *
 * <p>One per-thread cache: the last tokenization ({@link #tokenize}), so filters that tokenize the same document one
 * after the other pay once. (A table of recent short tokens, sharing {@code String} instances, measured slower than
 * plain substrings: the lookups cost more than the allocations they saved.)
 *
 * <p>Not implemented, as in NLTK's default: parenthesis conversion ({@code -LRB-}) and the commented-out
 * {@code CONTRACTIONS4} rules. Immutable and thread-safe.
 */
public final class TreebankWordTokenizer implements WordTokenizer {
  private static final long serialVersionUID = 1L;

  /** Whether the text is tokenized as one sentence or sentence by sentence. */
  public enum Mode {
    /** {@code word_tokenize(text, preserve_line=True)}: the whole text is one sentence. */
    SINGLE_SENTENCE,
    /** {@code word_tokenize(text)}: sentences from {@link SentenceSplitter}, each tokenized on its own. */
    SENTENCES
  }

  private final Mode mode;
  private final SentenceSplitter sentences;

  /** Treats the whole text as one sentence. */
  public TreebankWordTokenizer() {
    this(Mode.SINGLE_SENTENCE);
  }

  public TreebankWordTokenizer(Mode mode) {
    this.mode = Preconditions.checkNotNull(mode, "mode");
    this.sentences = new SentenceSplitter();
  }

  /** The tokenizer that behaves like NLTK's {@code word_tokenize}: sentence split first. */
  public static TreebankWordTokenizer wordTokenize() {
    return new TreebankWordTokenizer(Mode.SENTENCES);
  }

  public Mode mode() {
    return mode;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The result of the last call on each thread is remembered (by the identity of {@code text} and the mode), so
   * filters that tokenize the same document one after the other, as the two Gopher filters do, pay once. The list
   * is unmodifiable. This keeps the last document and its tokens reachable from the thread until its next call.
   */
  @Override
  public List<String> tokenize(String text) {
    return mode == Mode.SENTENCES ? tokenizeDocument(text) : tokenizeSentence(text);
  }

  /** The tokens of {@code text} taken as a single sentence. */
  public List<String> tokenizeSentence(String text) {
    Preconditions.checkNotNull(text, "text");
    Last last = LAST.get();
    if (last.text == text && !last.sentences) {
      return last.tokens;
    }
    List<String> out = new ArrayList<>(16 + text.length() / 4);
    new Run(text, out, false).range(0, text.length());
    return last.remember(text, false, Collections.unmodifiableList(out));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs the same rules as {@link #tokenize} but builds no token strings on the common path (a chunk whose tokens
   * are the runs between single split characters), so it costs about half as much. Served from the last
   * tokenization when that was of the same text in the same mode.
   */
  @Override
  public int countTokens(String text) {
    Preconditions.checkNotNull(text, "text");
    boolean bySentence = mode == Mode.SENTENCES;
    Last last = LAST.get();
    if (last.text == text && last.sentences == bySentence) {
      return last.tokens.size();
    }
    List<String> slowPath = new ArrayList<>();
    Run run = new Run(text, slowPath, true);
    if (bySentence) {
      int[] spans = sentences.spans(run.t, text.length());
      for (int k = 0; k < spans.length; k += 2) {
        run.range(spans[k], spans[k + 1]);
      }
    } else {
      run.range(0, text.length());
    }
    return run.counted + slowPath.size();
  }

  /** The tokens of {@code text}, sentence by sentence ({@link SentenceSplitter}). */
  public List<String> tokenizeDocument(String text) {
    Preconditions.checkNotNull(text, "text");
    Last last = LAST.get();
    if (last.text == text && last.sentences) {
      return last.tokens;
    }
    List<String> out = new ArrayList<>(16 + text.length() / 4);
    Run run = new Run(text, out, false);
    int[] spans = sentences.spans(run.t, text.length());
    for (int k = 0; k < spans.length; k += 2) {
      run.range(spans[k], spans[k + 1]);
    }
    return last.remember(text, true, Collections.unmodifiableList(out));
  }

  /** The last tokenization on this thread; the output depends only on the text and the mode. */
  private static final class Last {
    String text;
    boolean sentences;
    List<String> tokens;

    List<String> remember(String text, boolean sentences, List<String> tokens) {
      this.text = text;
      this.sentences = sentences;
      this.tokens = tokens;
      return tokens;
    }
  }

  private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);


  // ---------------------------------------------------------------------------------------------------------------
  // Character classes

  // Character classes of the chunk scanner (ASCII via a table, the rest via classify()).
  private static final byte PLAIN = 0;
  private static final byte SPACE = 1; // Python whitespace: ends a chunk
  private static final byte QUOTE = 2; // ' " ` : only the full pipeline handles these
  private static final byte DOT = 3; // . : a run of two or more is one token; the final one is split off
  private static final byte DASH = 4; // - : "--" is a token
  private static final byte COMMA = 5; // , : : split unless a digit follows
  private static final byte SPLIT = 6; // always its own token: ; @ # $ % & ? ! * ( ) [ ] { } < > « » “ ” ‘ ’ „ ‒ – — ―
  private static final byte CINIT = 7; // a letter a contraction (cannot, gonna, ...) can start with

  private static final byte[] ASCII_CLASS = new byte[128];
  /** Python's {@code \w} for ASCII: letters, digits, underscore. */
  private static final boolean[] ASCII_WORD = new boolean[128];
  /** Single-character tokens, to avoid allocating them. */
  private static final String[] ASCII_STRINGS = new String[128];

  static {
    for (char c : "\t\n\u000b\f\r\u001c\u001d\u001e\u001f ".toCharArray()) {
      ASCII_CLASS[c] = SPACE;
    }
    for (char c : "'\"`".toCharArray()) {
      ASCII_CLASS[c] = QUOTE;
    }
    ASCII_CLASS['.'] = DOT;
    ASCII_CLASS['-'] = DASH;
    ASCII_CLASS[','] = COMMA;
    ASCII_CLASS[':'] = COMMA;
    for (char c : ";@#$%&?!*()[]{}<>".toCharArray()) {
      ASCII_CLASS[c] = SPLIT;
    }
    for (char c : "cCdDgGlLmMwW".toCharArray()) {
      ASCII_CLASS[c] = CINIT;
    }
    for (int c = 0; c < 128; c++) {
      ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      ASCII_STRINGS[c] = String.valueOf((char) c);
    }
  }

  private static byte classify(char c) {
    return c < 128 ? ASCII_CLASS[c] : classifyNonAscii(c);
  }

  private static byte classifyNonAscii(char c) {
    switch (c) {
      case '«': case '»': case '“': case '”': case '‘': case '’': case '„':
      case '\u2012': case '\u2013': case '\u2014': case '\u2015':
        return SPLIT;
      default:
        return Whitespace.isPythonSpace(c) ? SPACE : PLAIN;
    }
  }

  /**
   * Python's {@code \w} on a code point: {@code str.isalnum()} or underscore, i.e. letters (L*) and numbers (Nd, Nl,
   * No). Unlike Java's Unicode {@code \w}, combining marks are not word characters.
   */
  static boolean isWord(int cp) {
    if (cp < 128) {
      return ASCII_WORD[cp];
    }
    if (Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /**
   * {@code (?i)} equality of {@code c} with the lowercase ASCII letter {@code lower}, as Python's {@code re} sees it:
   * besides the two ASCII cases this accepts {@code ſ} for s, {@code K} (Kelvin) for k, and {@code ı}/{@code İ} for
   * i.
   */
  static boolean eqIgnoreCase(char c, char lower) {
    if (c == lower || c == lower - 32) {
      return true;
    }
    if (c < 128) {
      return false;
    }
    return Character.toLowerCase(c) == lower || Character.toUpperCase(c) == lower - 32;
  }

  /** The {@code CONTRACTIONS2} words (lowercase), cut after {@link #CWORD_CUT} characters. */
  private static final String[] CWORDS = {"cannot", "d'ye", "gimme", "gonna", "gotta", "lemme", "more'n", "wanna"};
  private static final int[] CWORD_CUT = {3, 1, 3, 3, 3, 3, 4, 3};

  /**
   * Index into {@link #CWORDS} of the contraction starting at {@code i} in {@code s[.., end)} with a word boundary
   * after it ({@code wanna}: followed by whitespace, which {@code end} counts as), or -1. The caller has checked the
   * boundary before {@code i}.
   */
  private static int contractionAt(char[] s, int i, int end) {
    char first = s[i];
    for (int w = 0; w < CWORDS.length; w++) {
      String word = CWORDS[w];
      int len = word.length();
      if (i + len > end || !eqIgnoreCase(first, word.charAt(0))) {
        continue;
      }
      boolean same = true;
      for (int k = 1; k < len && same; k++) {
        char wc = word.charAt(k);
        char c = s[i + k];
        same = wc == '\'' ? c == '\'' : eqIgnoreCase(c, wc);
      }
      if (!same) {
        continue;
      }
      int after = i + len;
      if (w == 7) { // wanna(?=\s)
        if (after == end || Whitespace.isPythonSpace(s[after])) {
          return w;
        }
      } else if (after == end || !isWord(Character.codePointAt(s, after, end))) {
        return w;
      }
    }
    return -1;
  }

  /** The letters a {@link #CWORDS} entry can start with (any case). */
  private static boolean isContractionInitial(char c) {
    return c < 128 && ASCII_CLASS[c] == CINIT;
  }

  /**
   * A cheap test that rules out most words before {@link #contractionAt}: the second and third characters must fit
   * one of the contraction words (anything non-ASCII is left to the exact test).
   */
  private static boolean mayBeContraction(char[] s, int i, int end) {
    if (end - i < 4) {
      return false;
    }
    char c1 = s[i + 1];
    char c2 = s[i + 2];
    if (c1 >= 128 || c2 >= 128) {
      return true;
    }
    int l1 = c1 | 0x20;
    int l2 = c2 | 0x20;
    switch (s[i] | 0x20) {
      case 'c': return l1 == 'a' && l2 == 'n';
      case 'd': return c1 == '\'';
      case 'g': return (l1 == 'i' && l2 == 'm') || (l1 == 'o' && (l2 == 'n' || l2 == 't'));
      case 'l': return l1 == 'e' && l2 == 'm';
      case 'm': return l1 == 'o' && l2 == 'r';
      case 'w': return l1 == 'a' && l2 == 'n';
      default: return false;
    }
  }

  /** P1's class: what may follow the final period ({@code ] ) } > " ' » ” ’} and space). */
  private static boolean isFinalPeriodCloser(char c) {
    switch (c) {
      case ']': case ')': case '}': case '>': case '"': case '\'': case '»': case '”': case '’': case ' ':
        return true;
      default:
        return false;
    }
  }

  /** The second final-period rule's class: {@code ] ) } > " '}. */
  private static boolean isFinalPeriodCloserAscii(char c) {
    switch (c) {
      case ']': case ')': case '}': case '>': case '"': case '\'':
        return true;
      default:
        return false;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Chunking

  /** One tokenization call: the text's characters, the output, and scratch space. */
  private static final class Run {
    private final String text;
    private final char[] t;
    private final List<String> out;
    /**
     * Counting only: the fast path adds to {@link #counted} instead of emitting tokens; chunks that take the full
     * pipeline still go to {@link #out}.
     */
    private final boolean countOnly;
    private int counted;
    private Pipeline pipeline;
    /** Positions of the characters of the current chunk that are tokens of their own (fast path). */
    private int[] cuts = new int[16];

    Run(String text, List<String> out, boolean countOnly) {
      this.text = text;
      this.t = text.toCharArray();
      this.out = out;
      this.countOnly = countOnly;
    }

    /** The token {@code text[s, e)}. */
    private String token(int s, int e) {
      return text.substring(s, e);
    }

    /** Tokenizes {@code text[from, to)} as if it were the whole input string. */
    void range(int from, int to) {
      char[] t = this.t;
      int contentEnd = to;
      while (contentEnd > from && classify(t[contentEnd - 1]) == SPACE) {
        contentEnd--;
      }
      if (contentEnd == from) {
        return;
      }
      int tailStart = tailStart(from, contentEnd);
      int i = from;
      while (i < tailStart) {
        char c = t[i];
        if (c == ' ' || classify(c) == SPACE) {
          i++;
        } else {
          i = chunk(i, tailStart, from, to, false);
        }
      }
      // The tail keeps its inner and trailing whitespace: the final-period rule and $ look at it.
      chunk(tailStart, contentEnd, from, to, true);
    }

    private Pipeline pipeline() {
      if (pipeline == null) {
        pipeline = new Pipeline();
      }
      return pipeline;
    }

    /**
     * Start of the tail: the last chunk that has a character other than the final period's closers, and every chunk
     * after it. A final period followed only by closers, spaces and whitespace must lie in that chunk; with no such
     * chunk, the last chunk.
     */
    private int tailStart(int from, int contentEnd) {
      int end = contentEnd;
      int lastChunkStart = -1;
      while (end > from) {
        int start = end;
        boolean onlyClosers = true;
        while (start > from && classify(t[start - 1]) != SPACE) {
          start--;
          if (!isFinalPeriodCloser(t[start])) {
            onlyClosers = false;
          }
        }
        if (lastChunkStart < 0) {
          lastChunkStart = start;
        }
        if (!onlyClosers) {
          return start;
        }
        end = start;
        while (end > from && classify(t[end - 1]) == SPACE) {
          end--;
        }
      }
      return lastChunkStart;
    }

    /**
     * Tokenizes the chunk starting at {@code s} (ending at whitespace or {@code limit}); for the tail, everything
     * from {@code s} to {@code to}. Returns the end of the chunk.
     *
     * <p>Fast path, for a chunk without quotes, {@code ..}, {@code --} or adjacent {@code , :}: there the rules only
     * pad single characters with spaces, so the tokens are the runs between those characters and the characters
     * themselves. Padded are the always-padded punctuation ({@link #SPLIT}), {@code , :} unless a digit follows (at
     * the chunk's end the next character is whitespace or the end), and, in the tail, the final period (the last
     * one, not after another period, followed only by closing brackets and quotes). A run that holds a contraction
     * word, and any other chunk, goes through the full {@link Pipeline}.
     */
    private int chunk(int s, int limit, int from, int to, boolean tail) {
      char[] t = this.t;
      boolean ok = true;
      boolean maybeContraction = false;
      int[] cut = cuts;
      int cuts = 0;
      int i = s;
      for (; i < limit; i++) {
        char c = t[i];
        byte k = c < 128 ? ASCII_CLASS[c] : classifyNonAscii(c);
        if (k == PLAIN) {
          continue;
        }
        if (k == SPACE) {
          break;
        }
        boolean isCut = false;
        switch (k) {
          case CINIT:
            // at a word start only (cheap, and false inside most words), then the letters that follow
            if (!maybeContraction && (i == s || !isWord(Character.codePointBefore(t, i)))
                && mayBeContraction(t, i, limit)) {
              maybeContraction = true;
            }
            break;
          case SPLIT:
            isCut = true;
            break;
          case COMMA:
            if (i + 1 < limit) {
              char d = t[i + 1];
              if (d == ',' || d == ':') {
                ok = false;
              }
              isCut = d < 128 ? d < '0' || d > '9' : !Character.isDigit(Character.codePointAt(t, i + 1, limit));
            } else {
              isCut = true;
            }
            break;
          case DOT:
          case DASH:
            if (i + 1 < limit && t[i + 1] == c) {
              ok = false;
            }
            break;
          default: // QUOTE
            ok = false;
            break;
        }
        if (isCut) {
          if (cuts == cut.length) {
            cut = this.cuts = java.util.Arrays.copyOf(cut, cuts * 2);
          }
          cut[cuts++] = i;
        }
      }
      int e = i;
      if (tail && e != limit) {
        ok = false; // several chunks in the tail: the final-period rule may span them
      }
      if (ok && tail) {
        int k = e - 1;
        while (k >= s && isFinalPeriodCloser(t[k])) {
          k--;
        }
        if (k >= s && t[k] == '.' && (k > s ? t[k - 1] != '.' : s > from)) {
          // the final period: insert its position among the (sorted) cuts
          if (cuts == cut.length) {
            cut = this.cuts = java.util.Arrays.copyOf(cut, cuts * 2);
          }
          int at = cuts;
          while (at > 0 && cut[at - 1] > k) {
            cut[at] = cut[at - 1];
            at--;
          }
          cut[at] = k;
          cuts++;
        }
      }
      if (ok && maybeContraction && hasContraction(s, e, cut, cuts)) {
        ok = false;
      }
      if (!ok) {
        pipeline().run(t, s, tail ? to : e, from, to, tail, out);
        return e;
      }
      int runStart = s;
      if (countOnly) {
        int tokens = cuts;
        for (int q = 0; q < cuts; q++) {
          if (cut[q] > runStart) {
            tokens++;
          }
          runStart = cut[q] + 1;
        }
        counted += e > runStart ? tokens + 1 : tokens;
        return e;
      }
      for (int q = 0; q < cuts; q++) {
        int p = cut[q];
        if (p > runStart) {
          out.add(token(runStart, p));
        }
        char c = t[p];
        out.add(c < 128 ? ASCII_STRINGS[c] : String.valueOf(c));
        runStart = p + 1;
      }
      if (e > runStart) {
        out.add(token(runStart, e));
      }
      return e;
    }

    /**
     * Whether a run between the cut characters ({@code cut[0..cuts)}, ascending) of {@code t[s, e)} holds a
     * contraction word.
     */
    private boolean hasContraction(int s, int e, int[] cut, int cuts) {
      int runStart = s;
      for (int q = 0; q <= cuts; q++) {
        int runEnd = q < cuts ? cut[q] : e;
        // Each run with its own end: a padded neighbour counts as a word boundary and as whitespace.
        for (int p = runStart; p < runEnd; p++) {
          if (isContractionInitial(t[p]) && mayBeContraction(t, p, runEnd)
              && (p == runStart || !isWord(Character.codePointBefore(t, p))) && contractionAt(t, p, runEnd) >= 0) {
            return true;
          }
        }
        runStart = runEnd + 1;
      }
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The substitutions

  // Kinds of characters the pipeline's passes look for.
  private static final int B_OPEN_QUOTE = 1; // « “ ‘ „
  private static final int B_BACKTICK = 1 << 1;
  private static final int B_DQUOTE = 1 << 2;
  private static final int B_APOS = 1 << 3;
  private static final int B_DOT = 1 << 4;
  private static final int B_COMMA = 1 << 5; // , :
  private static final int B_SYMBOL = 1 << 6; // ; @ # $ % &
  private static final int B_DASHES = 1 << 7; // U+2012..U+2015
  private static final int B_QUESTION = 1 << 8; // ? !
  private static final int B_STAR = 1 << 9;
  private static final int B_BRACKET = 1 << 10; // ( ) [ ] { } < >
  private static final int B_HYPHEN = 1 << 11;
  private static final int B_CINIT = 1 << 12;
  private static final int[] ASCII_BITS = new int[128];

  static {
    ASCII_BITS['`'] = B_BACKTICK;
    ASCII_BITS['"'] = B_DQUOTE;
    ASCII_BITS['\''] = B_APOS;
    ASCII_BITS['.'] = B_DOT;
    ASCII_BITS[','] = B_COMMA;
    ASCII_BITS[':'] = B_COMMA;
    for (char c : ";@#$%&".toCharArray()) {
      ASCII_BITS[c] = B_SYMBOL;
    }
    ASCII_BITS['?'] = B_QUESTION;
    ASCII_BITS['!'] = B_QUESTION;
    ASCII_BITS['*'] = B_STAR;
    for (char c : "()[]{}<>".toCharArray()) {
      ASCII_BITS[c] = B_BRACKET;
    }
    ASCII_BITS['-'] = B_HYPHEN;
    for (char c : "cCdDgGlLmMwW".toCharArray()) {
      ASCII_BITS[c] = B_CINIT;
    }
  }

  private static int nonAsciiBits(char c) {
    switch (c) {
      case '«': case '“': case '‘': case '„':
        return B_OPEN_QUOTE;
      case '\u2012': case '\u2013': case '\u2014': case '\u2015':
        return B_DASHES;
      default:
        return 0;
    }
  }

  /**
   * NLTK's substitutions over a segment of the text, in NLTK's order, each pass copying buffer {@code a} (length
   * {@code n}) into {@code b} and swapping. The segment's surroundings in the (sentence) string are given as flags.
   */
  private static final class Pipeline {
    private char[] a = new char[256];
    private char[] b = new char[256];
    private int n;
    private int w;

    // context of the segment
    private boolean atStart; // segment starts the string: ^ matches at 0
    private boolean prevIsSpace; // the character before the segment is U+0020
    private boolean hasPrev; // some character precedes the segment
    private boolean atEnd; // segment ends the string: $ and the final-period rules apply
    private boolean nextIsSpace; // the character after the segment is U+0020

    void run(char[] text, int s, int e, int from, int to, boolean tail, List<String> out) {
      atStart = s == from;
      hasPrev = s > from;
      prevIsSpace = hasPrev && text[s - 1] == ' ';
      atEnd = tail;
      nextIsSpace = !tail && e < to && text[e] == ' ';
      n = e - s;
      if (a.length < n + 16) {
        a = new char[n + 16];
      }
      System.arraycopy(text, s, a, 0, n);
      present = 0;
      for (int i = 0; i < n; i++) {
        char c = a[i];
        present |= c < 128 ? ASCII_BITS[c] : nonAsciiBits(c);
      }

      startingQuotes();
      punctuation();
      parensAndDashes();
      endingQuotes();
      contractions();
      split(out);
    }

    /**
     * Which kinds of characters the segment has ({@code B_*} bits), so that passes with nothing to match are
     * skipped. Passes only insert spaces or turn {@code "} into {@code ``} / {@code ''}, which the bits allow for.
     */
    private int present;

    // -- buffer plumbing

    private void begin(int growth) {
      int need = n * growth + 16;
      if (b.length < need) {
        b = new char[need];
      }
      w = 0;
    }

    private void end() {
      char[] t = a;
      a = b;
      b = t;
      n = w;
    }

    private void put(char c) {
      b[w++] = c;
    }

    private void pad(char c) {
      b[w++] = ' ';
      b[w++] = c;
      b[w++] = ' ';
    }

    private int cpAt(int i) {
      return Character.codePointAt(a, i, n);
    }

    /** Pads every character of kind {@code bit} ({@code B_SYMBOL}, {@code B_DASHES}, ...) with spaces. */
    private void padKind(int bit) {
      if ((present & bit) == 0) {
        return;
      }
      begin(3);
      for (int i = 0; i < n; i++) {
        char c = a[i];
        if ((c < 128 ? ASCII_BITS[c] : nonAsciiBits(c)) == bit) {
          pad(c);
        } else {
          put(c);
        }
      }
      end();
    }

    // -- STARTING_QUOTES

    private void startingQuotes() {
      if ((present & (B_OPEN_QUOTE | B_BACKTICK | B_DQUOTE | B_APOS)) == 0) {
        return;
      }
      // ([«“‘„]|[`]+) -> " \1 "
      if ((present & (B_OPEN_QUOTE | B_BACKTICK)) != 0) {
        s1();
      }

      // ^" -> ``   (only at the very start of the string: no MULTILINE)
      if (atStart && n > 0 && a[0] == '"') {
        begin(1);
        put('`');
        put('`');
        System.arraycopy(a, 1, b, w, n - 1);
        w += n - 1;
        end();
        present |= B_BACKTICK;
      }

      // (``) -> " \1 "
      if ((present & B_BACKTICK) != 0) {
        s3();
      }
      if ((present & (B_DQUOTE | B_APOS)) != 0) {
        s4();
      }
      if ((present & B_APOS) != 0) {
        s5();
      }
    }

    private void s1() {
      begin(3);
      for (int i = 0; i < n; ) {
        char c = a[i];
        if (c == '«' || c == '“' || c == '‘' || c == '„') {
          pad(c);
          i++;
        } else if (c == '`') {
          put(' ');
          while (i < n && a[i] == '`') {
            put(a[i++]);
          }
          put(' ');
        } else {
          put(c);
          i++;
        }
      }
      end();
    }

    private void s3() {
      begin(2);
      for (int i = 0; i < n; ) {
        if (a[i] == '`' && i + 1 < n && a[i + 1] == '`') {
          put(' ');
          put('`');
          put('`');
          put(' ');
          i += 2;
        } else {
          put(a[i++]);
        }
      }
      end();
    }

    /** ([ \(\[{<])(\"|\'{2}) -> "\1 `` "   (a literal space only, not a newline or tab). */
    private void s4() {
      begin(3);
      int i = 0;
      if (prevIsSpace && n > 0) {
        if (a[0] == '"') {
          putOpenQuote();
          i = 1;
        } else if (n > 1 && a[0] == '\'' && a[1] == '\'') {
          putOpenQuote();
          i = 2;
        }
      }
      while (i < n) {
        char c = a[i];
        if ((c == ' ' || c == '(' || c == '[' || c == '{' || c == '<') && i + 1 < n) {
          if (a[i + 1] == '"') {
            put(c);
            putOpenQuote();
            i += 2;
            continue;
          }
          if (a[i + 1] == '\'' && i + 2 < n && a[i + 2] == '\'') {
            put(c);
            putOpenQuote();
            i += 3;
            continue;
          }
        }
        put(c);
        i++;
      }
      end();
    }

    /** (?i)(?<!\w)(\')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w) -> "\1 ". */
    private void s5() {
      begin(2);
      for (int i = 0; i < n; i++) {
        char c = a[i];
        put(c);
        if (c == '\''
            && (i == 0 || !isWord(Character.codePointBefore(a, i)))
            && i + 1 < n && isWord(cpAt(i + 1))
            && !cliticWordAt(i + 1)) {
          put(' ');
        }
      }
      end();
    }

    private void putOpenQuote() {
      put(' ');
      put('`');
      put('`');
      put(' ');
    }

    /** {@code (?i)(?:re|ve|ll|m|t|s|d|n)\b} at {@code j}. */
    private boolean cliticWordAt(int j) {
      char c = a[j];
      int len;
      if (eqIgnoreCase(c, 'r') || eqIgnoreCase(c, 'v')) {
        len = j + 1 < n && eqIgnoreCase(a[j + 1], 'e') ? 2 : 0;
      } else if (eqIgnoreCase(c, 'l')) {
        len = j + 1 < n && eqIgnoreCase(a[j + 1], 'l') ? 2 : 0;
      } else if (eqIgnoreCase(c, 'm') || eqIgnoreCase(c, 't') || eqIgnoreCase(c, 's') || eqIgnoreCase(c, 'd')
          || eqIgnoreCase(c, 'n')) {
        len = 1;
      } else {
        len = 0;
      }
      if (len == 0) {
        return false;
      }
      int after = j + len;
      return after >= n || !isWord(cpAt(after));
    }

    // -- PUNCTUATION

    private void punctuation() {
      // ([^\.])(\.)([\]\)}>"\'»”’ ]*)\s*$ -> "\1 \2 \3 "
      if (atEnd && (present & B_DOT) != 0) {
        finalPeriod(true);
      }
      if ((present & B_COMMA) != 0) {
        commas();
      }
      if ((present & B_DOT) != 0) {
        dots();
      }

      // [;@#$%&] and [\u2012-\u2015] -> " \g<0> "
      padKind(B_SYMBOL);
      padKind(B_DASHES);

      // ([^\.])(\.)([\]\)}>"\']*)\s*$ -> "\1 \2\3 "
      if (atEnd && (present & B_DOT) != 0) {
        finalPeriod(false);
      }

      // [?!] -> " \g<0> "
      padKind(B_QUESTION);

      if ((present & B_APOS) != 0) {
        apostropheBeforeSpace();
      }

      // [*] -> " \g<0> "
      padKind(B_STAR);
    }

    /** ([:,])([^\d]) -> " \1 \2"; then ([:,])$ -> " \1 ". */
    private void commas() {
      begin(3);
      for (int i = 0; i < n; ) {
        char c = a[i];
        if (c == ':' || c == ',') {
          if (i + 1 < n) {
            int cp = cpAt(i + 1);
            if (!Character.isDigit(cp)) {
              pad(c);
              int len = Character.charCount(cp);
              for (int k = 1; k <= len; k++) {
                put(a[i + k]);
              }
              i += 1 + len;
              continue;
            }
          } else if (!atEnd) {
            pad(c); // the whitespace after the segment is the \2
            i++;
            continue;
          }
        }
        put(c);
        i++;
      }
      end();
      if (atEnd && n > 0) {
        int at = -1;
        if (a[n - 1] == ':' || a[n - 1] == ',') {
          at = n - 1;
        } else if (n > 1 && a[n - 1] == '\n' && (a[n - 2] == ':' || a[n - 2] == ',')) {
          at = n - 2;
        }
        if (at >= 0) {
          begin(1);
          System.arraycopy(a, 0, b, 0, at);
          w = at;
          pad(a[at]);
          for (int k = at + 1; k < n; k++) {
            put(a[k]);
          }
          end();
        }
      }
    }

    /** \.{2,} -> " \g<0> ". */
    private void dots() {
      boolean dots = false;
      for (int i = 0; i + 1 < n && !dots; i++) {
        dots = a[i] == '.' && a[i + 1] == '.';
      }
      if (dots) {
        begin(2);
        for (int i = 0; i < n; ) {
          if (a[i] == '.' && i + 1 < n && a[i + 1] == '.') {
            put(' ');
            while (i < n && a[i] == '.') {
              put(a[i++]);
            }
            put(' ');
          } else {
            put(a[i++]);
          }
        }
        end();
      }
    }

    /** ([^'])' -> "\1 ' "   (a literal space after the apostrophe). */
    private void apostropheBeforeSpace() {
      begin(2);
      for (int i = 0; i < n; ) {
        char c = a[i];
        if (c != '\'' && i + 1 < n && a[i + 1] == '\'') {
          if (i + 2 < n ? a[i + 2] == ' ' : nextIsSpace) {
            put(c);
            put(' ');
            put('\'');
            put(' ');
            i += i + 2 < n ? 3 : 2;
            continue;
          }
        }
        put(c);
        i++;
      }
      end();
    }

    /**
     * The final-period rules. The period must be followed only by closers (and, for the first rule, spaces), then
     * whitespace to the end; since a period is neither, only the last period can match, and it must not follow
     * another period. The matched trailing whitespace is dropped (it only separates tokens).
     */
    private void finalPeriod(boolean first) {
      int k = n - 1;
      while (k >= 0 && a[k] != '.') {
        k--;
      }
      if (k < 0 || (k == 0 ? !hasPrev : a[k - 1] == '.')) {
        return;
      }
      int q = k + 1;
      while (q < n && (first ? isFinalPeriodCloser(a[q]) : isFinalPeriodCloserAscii(a[q]))) {
        q++;
      }
      int closersEnd = q;
      while (q < n && Whitespace.isPythonSpace(a[q])) {
        q++;
      }
      if (q != n) {
        return;
      }
      begin(1);
      System.arraycopy(a, 0, b, 0, k);
      w = k;
      put(' ');
      put('.');
      if (first) {
        put(' ');
      }
      for (int i = k + 1; i < closersEnd; i++) {
        put(a[i]);
      }
      put(' ');
      end();
    }

    // -- PARENS_BRACKETS, DOUBLE_DASHES

    private void parensAndDashes() {
      padKind(B_BRACKET);
      if ((present & B_HYPHEN) == 0) {
        return;
      }
      // -- -> " -- "
      begin(2);
      for (int i = 0; i < n; ) {
        if (a[i] == '-' && i + 1 < n && a[i + 1] == '-') {
          put(' ');
          put('-');
          put('-');
          put(' ');
          i += 2;
        } else {
          put(a[i++]);
        }
      }
      end();
    }

    // -- ENDING_QUOTES

    private void endingQuotes() {
      // text = " " + text + " "; ([»”’]) -> " \1 "; '' -> " '' "; " -> " '' "; \s+ -> " ".
      // One scan does all four: the padding and the quote rules only insert spaces or rewrite quotes, none of them
      // can create or destroy another's match, and collapsing the output as it is written is \s+ -> " " on it.
      begin(4);
      lastSpace = false;
      space();
      for (int i = 0; i < n; ) {
        char c = a[i];
        if (c == '»' || c == '”' || c == '’') {
          space();
          word(c);
          space();
          i++;
        } else if (c == '"' || (c == '\'' && i + 1 < n && a[i + 1] == '\'')) {
          space();
          word('\'');
          word('\'');
          space();
          i += c == '"' ? 1 : 2;
        } else {
          if (Whitespace.isPythonSpace(c)) {
            space();
          } else {
            word(c);
          }
          i++;
        }
      }
      space();
      end();
      if ((present & B_APOS) == 0) {
        return;
      }

      // ([^' ])('[sS]|'[mM]|'[dD]|') -> "\1 \2 "
      begin(2);
      for (int i = 0; i < n; ) {
        char c = a[i];
        if (c != '\'' && c != ' ' && i + 2 < n && a[i + 1] == '\'') {
          char d = a[i + 2];
          int len = 0;
          if ((d == 's' || d == 'S' || d == 'm' || d == 'M' || d == 'd' || d == 'D') && i + 3 < n && a[i + 3] == ' ') {
            len = 2;
          } else if (d == ' ') {
            len = 1;
          }
          if (len > 0) {
            put(c);
            put(' ');
            for (int k = 1; k <= len; k++) {
              put(a[i + k]);
            }
            put(' ');
            i += len + 2;
            continue;
          }
        }
        put(c);
        i++;
      }
      end();

      // ([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) -> "\1 \2 "
      begin(2);
      for (int i = 0; i < n; ) {
        char c = a[i];
        if (c != '\'' && c != ' ' && i + 4 < n && a[i + 4] == ' ' && isCliticSuffix(a[i + 1], a[i + 2], a[i + 3])) {
          put(c);
          put(' ');
          put(a[i + 1]);
          put(a[i + 2]);
          put(a[i + 3]);
          put(' ');
          i += 5;
          continue;
        }
        put(c);
        i++;
      }
      end();
    }

    private boolean lastSpace;

    /** Writes a space unless the output already ends with one (whitespace runs collapse to one space). */
    private void space() {
      if (!lastSpace) {
        put(' ');
        lastSpace = true;
      }
    }

    private void word(char c) {
      put(c);
      lastSpace = false;
    }

    private static boolean isCliticSuffix(char x, char y, char z) {
      if (x == '\'') {
        return (y == 'l' && z == 'l') || (y == 'L' && z == 'L') || (y == 'r' && z == 'e') || (y == 'R' && z == 'E')
            || (y == 'v' && z == 'e') || (y == 'V' && z == 'E');
      }
      return (x == 'n' && y == '\'' && z == 't') || (x == 'N' && y == '\'' && z == 'T');
    }

    // -- CONTRACTIONS2, CONTRACTIONS3

    private void contractions() {
      // (?i)\b(can)(not)\b, \b(d)('ye)\b, \b(gim)(me)\b, \b(gon)(na)\b, \b(got)(ta)\b, \b(lem)(me)\b,
      // \b(more)('n)\b, \b(wan)(na)(?=\s) -> " \1 \2 ". NLTK runs them one after the other; they cannot overlap
      // or create each other's matches, so one scan does.
      if ((present & B_CINIT) != 0) {
        begin(2);
        for (int i = 0; i < n; ) {
          char c = a[i];
          if (isContractionInitial(c) && (i == 0 || !isWord(Character.codePointBefore(a, i)))
              && mayBeContraction(a, i, n)) {
            int word = contractionAt(a, i, n);
            if (word >= 0) {
              int cut = CWORD_CUT[word];
              int len = CWORDS[word].length();
              put(' ');
              for (int k = 0; k < cut; k++) {
                put(a[i + k]);
              }
              put(' ');
              for (int k = cut; k < len; k++) {
                put(a[i + k]);
              }
              put(' ');
              i += len;
              continue;
            }
          }
          put(c);
          i++;
        }
        end();
      }

      // (?i) ('t)(is)\b -> " \1 \2 ", then (?i) ('t)(was)\b -> " \1 \2 ": two substitutions, so a space the first
      // one writes can start a match of the second ("'tis'twas").
      if ((present & B_APOS) == 0) {
        return;
      }
      tisTwas(false);
      tisTwas(true);
    }

    private void tisTwas(boolean was) {
      begin(2);
      for (int i = 0; i < n; ) {
        char c = a[i];
        if (c == ' ' && i + 3 < n && a[i + 1] == '\'' && eqIgnoreCase(a[i + 2], 't')) {
          int rest = tisTwasAt(i + 3, was);
          if (rest > 0) {
            put(' ');
            put(a[i + 1]);
            put(a[i + 2]);
            put(' ');
            for (int k = 0; k < rest; k++) {
              put(a[i + 3 + k]);
            }
            put(' ');
            i += 3 + rest;
            continue;
          }
        }
        put(c);
        i++;
      }
      end();
    }

    /** Length of {@code (?i)is\b} (or, with {@code was}, {@code (?i)was\b}) at {@code j}, or 0. */
    private int tisTwasAt(int j, boolean was) {
      int len = 0;
      if (!was && j + 1 < n && eqIgnoreCase(a[j], 'i') && eqIgnoreCase(a[j + 1], 's')) {
        len = 2;
      } else if (was && j + 2 < n && eqIgnoreCase(a[j], 'w') && eqIgnoreCase(a[j + 1], 'a')
          && eqIgnoreCase(a[j + 2], 's')) {
        len = 3;
      }
      if (len == 0) {
        return 0;
      }
      int after = j + len;
      return after >= n || !isWord(cpAt(after)) ? len : 0;
    }

    // -- text.split()

    private void split(List<String> out) {
      int i = 0;
      while (i < n) {
        while (i < n && a[i] == ' ') {
          i++;
        }
        int s = i;
        while (i < n && a[i] != ' ') {
          i++;
        }
        if (i > s) {
          out.add(new String(a, s, i - s));
        }
      }
    }
  }
}
