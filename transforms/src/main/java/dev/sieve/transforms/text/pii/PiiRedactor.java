package dev.sieve.transforms.text.pii;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.text.Whitespace;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Replaces email addresses, public IPv4 addresses and US-style phone numbers with fixed tokens and counts each kind.
 * Three scanners read the original text, in this order:
 *
 * <ol>
 *   <li><b>Emails</b>, after the RFC 5322-style pattern of datatrove's {@code PIIFormatter}: a local part of atoms
 *       of {@code [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]} joined by single dots, {@code @}, then either two or more
 *       hostname labels joined by single dots (a label is {@code [A-Za-z0-9]}, optionally followed by
 *       {@code [A-Za-z0-9-]*} and ending in a letter or digit) or a bracketed dotted quad such as
 *       {@code [192.0.2.1]} (octets of one to three digits, at most 255). As in that pattern, the match must start
 *       at a word boundary in the sense of Python's Unicode {@code \b} (word characters are {@code _} and what
 *       {@code str.isalnum()} accepts, approximated by Unicode letters and numbers) and has no boundary at its end.
 *       Among candidate matches the leftmost is taken, and scanning resumes after it, as {@code re.sub} does.
 *       Two deliberate differences: letters match in either ASCII case (datatrove's pattern is compiled without
 *       {@code IGNORECASE}, so {@code John@Example.com} escapes it and {@code JOHN.smith@x.org} loses only
 *       {@code smith@x.org}), and the bracketed literal's {@code tag:} branch, which datatrove's pattern keeps from
 *       RFC 5322's address-literal grammar in truncated form, is not matched.
 *   <li><b>IPv4</b>: four dot-separated decimal octets, each {@code 0..255} with no leading zero (CPython's
 *       {@code ipaddress} has refused leading zeros since 3.9.5, and datatrove's validator then leaves the text
 *       alone), standing alone: the maximal run of {@code [A-Za-z0-9_.]} around it, with leading and trailing dots
 *       removed, must be exactly the quad. So {@code 1.2.3.4.5}, {@code 10.0.0.1234}, {@code v1.2.3.4} and
 *       {@code 1.2.3.4a} are not addresses, while {@code (8.8.8.8)}, {@code 8.8.8.8:53}, {@code 8.8.8.8/24} and a
 *       sentence-final {@code 8.8.8.8.} are. Only addresses for which {@code ipaddress.IPv4Address.is_global} is
 *       true in CPython 3.13 are replaced: not in {@code 100.64.0.0/10} (shared address space) and not in any of
 *       {@code 0.0.0.0/8, 10.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24, 192.0.0.170/31,
 *       192.0.2.0/24, 192.168.0.0/16, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24, 240.0.0.0/4,
 *       255.255.255.255/32}, except that {@code 192.0.0.9} and {@code 192.0.0.10} inside {@code 192.0.0.0/24} are
 *       global. That list (IANA's special-purpose registry, gh-113171) is the one in 3.13 and later, 3.12.4 and
 *       later, and the security releases of older branches; earlier releases listed {@code 192.0.0.0/29} and had
 *       no exceptions. Multicast {@code 224.0.0.0/4} is not on the list, so {@code is_global} is true for it and
 *       multicast addresses are replaced. Datatrove's own pattern has no boundaries and would find
 *       {@code 1.2.3.4} inside {@code 1.2.3.4.5}; the stand-alone rule above replaces that.
 *   <li><b>Phones</b>, Dolma's {@code \s+\(?(\d{3})\)?[-\. ]*(\d{3})[-. ]?(\d{4})} with its leftmost-first
 *       semantics: after one or more whitespace characters (Python's {@code str.isspace()} set), an optional
 *       {@code (}, three digits, an optional {@code )}, any run of {@code -}, {@code .} or space, three digits, at
 *       most one of those separators, four digits. Digits are ASCII {@code 0-9} (Python's {@code re} would also
 *       take other Unicode decimal digits). Limits, all inherited from the pattern: only the ten-digit US shape;
 *       no country code ({@code +1 555 123 4567} keeps its {@code +1}); no match at the start of the text or
 *       after punctuation ({@code tel:555-123-4567}); no boundary at the end, so any whitespace-preceded run of ten
 *       or more digits (timestamps, order numbers, ISBNs) loses its first ten; unbalanced parentheses
 *       ({@code 555) 123-4567}) are accepted. Dolma's tagger also drops spans near {@code isbn}, {@code doi} or
 *       {@code #} and in documents containing a URL; that post-filter is not applied here.
 * </ol>
 *
 * <p>A match that overlaps a span already taken by an earlier kind is dropped and not counted (an IP literal inside
 * an email stays part of the email). Disabled kinds take no spans. All replacements are applied in one pass, so a
 * replacement token is never scanned again.
 *
 * <p><b>Replacements and whitespace.</b> A replaced span is the PII itself and never the text around it: the
 * whitespace that Dolma's phone pattern requires before the number is kept, and nothing is added. The defaults are
 * therefore Dolma's tokens without their padding, {@value #DEFAULT_EMAIL_REPLACEMENT},
 * {@value #DEFAULT_IP_REPLACEMENT} and {@value #DEFAULT_PHONE_REPLACEMENT}. Dolma pads them to
 * {@code " |||EMAIL_ADDRESS||| "} because its spans swallow the neighbouring whitespace and punctuation; padding
 * spans that do not would double the spaces, and swallowing whitespace would join lines. Custom tokens are inserted
 * verbatim, so Dolma's padded tokens can be passed in {@link Settings}.
 *
 * <p><b>Cost.</b> {@code O(n)} time in the text length with no regular expressions and no backtracking: the email
 * scanner reads each character a bounded number of times (forward over domains, backward over local parts, which
 * are separated by {@code @}), the IPv4 scanner reads each {@code [A-Za-z0-9_.]} run once, and each phone
 * candidate's separator run is read once. Extra memory is the output and two ints per match. Immutable and
 * thread-safe.
 */
public final class PiiRedactor implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_EMAIL_REPLACEMENT = "|||EMAIL_ADDRESS|||";
  public static final String DEFAULT_IP_REPLACEMENT = "|||IP_ADDRESS|||";
  public static final String DEFAULT_PHONE_REPLACEMENT = "|||PHONE_NUMBER|||";

  /** Which kinds to replace and with what; a replacement may be empty (deletion) but not null. */
  public record Settings(
      boolean emails,
      boolean ipv4,
      boolean phones,
      String emailReplacement,
      String ipReplacement,
      String phoneReplacement) implements Serializable {
    public Settings {
      Preconditions.checkNotNull(emailReplacement, "emailReplacement");
      Preconditions.checkNotNull(ipReplacement, "ipReplacement");
      Preconditions.checkNotNull(phoneReplacement, "phoneReplacement");
    }

    /** All three kinds, replaced by the unpadded Dolma tokens. */
    public static Settings defaults() {
      return new Settings(true, true, true, DEFAULT_EMAIL_REPLACEMENT, DEFAULT_IP_REPLACEMENT,
          DEFAULT_PHONE_REPLACEMENT);
    }

    public Settings withEmails(boolean v) {
      return new Settings(v, ipv4, phones, emailReplacement, ipReplacement, phoneReplacement);
    }

    public Settings withIpv4(boolean v) {
      return new Settings(emails, v, phones, emailReplacement, ipReplacement, phoneReplacement);
    }

    public Settings withPhones(boolean v) {
      return new Settings(emails, ipv4, v, emailReplacement, ipReplacement, phoneReplacement);
    }

    public Settings withReplacements(String email, String ip, String phone) {
      return new Settings(emails, ipv4, phones, email, ip, phone);
    }
  }

  /**
   * The redacted text and how many spans of each kind were replaced. {@code text} is the input instance itself when
   * all counts are 0.
   */
  public record Result(String text, int emails, int ipv4, int phones) {
    public Result {
      Preconditions.checkNotNull(text, "text");
      Preconditions.checkArgument(emails >= 0 && ipv4 >= 0 && phones >= 0,
          "counts must be >= 0, got emails=%s ipv4=%s phones=%s", emails, ipv4, phones);
    }

    public int total() {
      return emails + ipv4 + phones;
    }
  }

  private final Settings settings;

  public PiiRedactor() {
    this(Settings.defaults());
  }

  public PiiRedactor(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  public Result redact(String text) {
    Preconditions.checkNotNull(text, "text");
    Settings s = settings;
    Spans emails = s.emails() ? emailSpans(text) : Spans.EMPTY;
    Spans ips = s.ipv4() ? dropOverlapping(publicIpv4Spans(text), emails, Spans.EMPTY) : Spans.EMPTY;
    Spans phones = s.phones() ? dropOverlapping(phoneSpans(text), emails, ips) : Spans.EMPTY;
    if (emails.size() + ips.size() + phones.size() == 0) {
      return new Result(text, 0, 0, 0);
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int pos = 0;
    int e = 0;
    int i = 0;
    int p = 0;
    while (e < emails.size() || i < ips.size() || p < phones.size()) {
      int es = e < emails.size() ? emails.start(e) : Integer.MAX_VALUE;
      int is = i < ips.size() ? ips.start(i) : Integer.MAX_VALUE;
      int ps = p < phones.size() ? phones.start(p) : Integer.MAX_VALUE;
      int start;
      int end;
      String token;
      if (es <= is && es <= ps) {
        start = es;
        end = emails.end(e++);
        token = s.emailReplacement();
      } else if (is <= ps) {
        start = is;
        end = ips.end(i++);
        token = s.ipReplacement();
      } else {
        start = ps;
        end = phones.end(p++);
        token = s.phoneReplacement();
      }
      out.append(text, pos, start).append(token);
      pos = end;
    }
    out.append(text, pos, text.length());
    return new Result(out.toString(), emails.size(), ips.size(), phones.size());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Emails

  /** Email spans in order, as {@code re.sub} would find them with the pattern described in the class comment. */
  static Spans emailSpans(String text) {
    Spans out = new Spans();
    int floor = 0; // a match may not start before the end of the previous one
    int at = text.indexOf('@');
    while (at >= 0) {
      int end = domainEnd(text, at + 1);
      if (end >= 0) {
        int start = localStart(text, at, floor);
        if (start >= 0) {
          out.add(start, end);
          floor = end;
          at = text.indexOf('@', end);
          continue;
        }
      }
      at = text.indexOf('@', at + 1);
    }
    return out;
  }

  /**
   * The leftmost start {@code s >= floor} such that {@code [s, at)} is a dot-atom local part with a word boundary
   * at {@code s}, or -1.
   */
  private static int localStart(String t, int at, int floor) {
    if (at - 1 < floor || !isAtomChar(t.charAt(at - 1))) {
      return -1; // empty local part, or one ending in a dot or a foreign character
    }
    // Walk back over atom characters and single dots; a ".." ends the run (no local part can span it).
    int low = at - 1;
    while (low > floor) {
      char c = t.charAt(low - 1);
      if (isAtomChar(c) || (c == '.' && t.charAt(low) != '.')) {
        low--;
      } else {
        break;
      }
    }
    for (int s = low; s < at; s++) {
      char c = t.charAt(s);
      if (c == '.') {
        continue;
      }
      boolean prevWord = s > 0 && isPythonWord(Character.codePointBefore(t, s));
      if (prevWord != isAsciiWord(c)) {
        return s;
      }
    }
    return -1;
  }

  /** End of the domain starting at {@code p} (labels or a bracketed dotted quad), or -1. */
  private static int domainEnd(String t, int p) {
    int n = t.length();
    if (p < n && t.charAt(p) == '[') {
      return addressLiteralEnd(t, p);
    }
    int labels = 0;
    int end = -1;
    int q = p;
    while (q < n && isAsciiAlnum(t.charAt(q))) {
      int r = q;
      int lastAlnum = q;
      while (r < n && (isAsciiAlnum(t.charAt(r)) || t.charAt(r) == '-')) {
        if (t.charAt(r) != '-') {
          lastAlnum = r;
        }
        r++;
      }
      labels++;
      end = lastAlnum + 1;
      // Another label follows only when this one ends in a letter or digit and is followed by "." and one.
      if (lastAlnum == r - 1 && r + 1 < n && t.charAt(r) == '.' && isAsciiAlnum(t.charAt(r + 1))) {
        q = r + 1;
      } else {
        break;
      }
    }
    return labels >= 2 ? end : -1;
  }

  /** {@code [a.b.c.d]} with octets of 1..3 digits and value at most 255 (leading zeros allowed), or -1. */
  private static int addressLiteralEnd(String t, int p) {
    int n = t.length();
    int q = p + 1;
    for (int k = 0; k < 4; k++) {
      int value = 0;
      int digits = 0;
      while (q < n && digits < 4 && isAsciiDigit(t.charAt(q))) {
        value = value * 10 + (t.charAt(q) - '0');
        digits++;
        q++;
      }
      if (digits == 0 || digits > 3 || value > 255 || q >= n || t.charAt(q) != (k < 3 ? '.' : ']')) {
        return -1;
      }
      q++;
    }
    return q;
  }

  private static boolean isAtomChar(char c) {
    return c < 128 && ATOM[c];
  }

  private static final boolean[] ATOM = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      ATOM[c] = isAsciiAlnum((char) c);
    }
    for (char c : "!#$%&'*+/=?^_`{|}~-".toCharArray()) {
      ATOM[c] = true;
    }
  }

  /** Python's {@code \w} for str patterns: {@code _} or {@code str.isalnum()} (letters and numbers). */
  static boolean isPythonWord(int cp) {
    if (cp < 128) {
      return isAsciiWord((char) cp);
    }
    if (Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  private static boolean isAsciiWord(char c) {
    return isAsciiAlnum(c) || c == '_';
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ---------------------------------------------------------------------------------------------------------------
  // IPv4

  /** Spans of stand-alone dotted quads whose address is global. */
  static Spans publicIpv4Spans(String text) {
    Spans out = new Spans();
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isIpRunChar(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isIpRunChar(text.charAt(i))) {
        i++;
      }
      int end = i;
      while (start < end && text.charAt(start) == '.') {
        start++;
      }
      while (end > start && text.charAt(end - 1) == '.') {
        end--;
      }
      long address = parseDottedQuad(text, start, end);
      if (address >= 0 && isGlobal(address)) {
        out.add(start, end);
      }
    }
    return out;
  }

  private static boolean isIpRunChar(char c) {
    return isAsciiWord(c) || c == '.';
  }

  /**
   * The address when {@code text[start, end)} is exactly four dot-separated octets of 1..3 ASCII digits, each at
   * most 255 and without a leading zero (as CPython's {@code ipaddress} parses them); otherwise -1. Reads at most
   * 16 characters.
   */
  static long parseDottedQuad(CharSequence text, int start, int end) {
    if (end - start < 7 || end - start > 15) {
      return -1;
    }
    long address = 0;
    int q = start;
    for (int k = 0; k < 4; k++) {
      int first = q;
      int value = 0;
      while (q < end && q - first < 4 && isAsciiDigit(text.charAt(q))) {
        value = value * 10 + (text.charAt(q) - '0');
        q++;
      }
      int digits = q - first;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(first) == '0')) {
        return -1;
      }
      address = (address << 8) | value;
      if (k < 3) {
        if (q >= end || text.charAt(q) != '.') {
          return -1;
        }
        q++;
      }
    }
    return q == end ? address : -1;
  }

  /** CPython 3.13's {@code _IPv4Constants._private_networks}, as {network, prefix length} pairs. */
  private static final long[][] NOT_GLOBAL = {
    {quad(0, 0, 0, 0), 8},
    {quad(10, 0, 0, 0), 8},
    {quad(127, 0, 0, 0), 8},
    {quad(169, 254, 0, 0), 16},
    {quad(172, 16, 0, 0), 12},
    {quad(192, 0, 0, 0), 24},
    {quad(192, 0, 0, 170), 31},
    {quad(192, 0, 2, 0), 24},
    {quad(192, 168, 0, 0), 16},
    {quad(198, 18, 0, 0), 15},
    {quad(198, 51, 100, 0), 24},
    {quad(203, 0, 113, 0), 24},
    {quad(240, 0, 0, 0), 4},
    {quad(255, 255, 255, 255), 32},
  };

  /** {@code _private_networks_exceptions}: global although inside {@code 192.0.0.0/24}. */
  private static final long[] GLOBAL_EXCEPTIONS = {quad(192, 0, 0, 9), quad(192, 0, 0, 10)};

  /** {@code _public_network} (despite the name, shared address space, which is neither private nor global). */
  private static final long[] SHARED = {quad(100, 64, 0, 0), 10};

  /** {@code ipaddress.IPv4Address(address).is_global} in CPython 3.13. */
  static boolean isGlobal(long address) {
    Preconditions.checkArgument(address >= 0 && address <= 0xFFFF_FFFFL, "address must be a 32-bit value, got %s",
        address);
    if (inNetwork(address, SHARED[0], (int) SHARED[1])) {
      return false;
    }
    for (long exception : GLOBAL_EXCEPTIONS) {
      if (address == exception) {
        return true;
      }
    }
    for (long[] net : NOT_GLOBAL) {
      if (inNetwork(address, net[0], (int) net[1])) {
        return false;
      }
    }
    return true;
  }

  private static boolean inNetwork(long address, long network, int prefix) {
    long mask = (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    return (address & mask) == network;
  }

  static long quad(int a, int b, int c, int d) {
    return ((long) a << 24) | ((long) b << 16) | ((long) c << 8) | d;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Phones

  /**
   * Spans of Dolma's phone pattern, leftmost first and non-overlapping as {@code finditer} returns them, but starting
   * at the {@code (} or first digit: the whitespace the pattern requires in front is not part of the span.
   */
  static Spans phoneSpans(String text) {
    Spans out = new Spans();
    int n = text.length();
    int floor = 0; // the required whitespace must lie at or after the end of the previous match
    for (int p = 1; p < n; p++) {
      char c = text.charAt(p);
      if ((c != '(' && !isAsciiDigit(c)) || p - 1 < floor || !Whitespace.isPythonSpace(text.charAt(p - 1))) {
        continue;
      }
      int end = phoneEnd(text, p);
      if (end > 0) {
        out.add(p, end);
        floor = end;
        p = end - 1;
      }
    }
    return out;
  }

  /**
   * End of {@code \(?\d{3}\)?[-. ]*\d{3}[-. ]?\d{4}} at {@code p}, or -1. Each optional part can be taken greedily:
   * giving one back leaves a non-digit where a digit is required, so the pattern cannot backtrack into a match.
   */
  private static int phoneEnd(String t, int p) {
    int n = t.length();
    int q = p;
    if (t.charAt(q) == '(') {
      q++;
    }
    if (!digitsAt(t, q, 3)) {
      return -1;
    }
    q += 3;
    if (q < n && t.charAt(q) == ')') {
      q++;
    }
    while (q < n && isPhoneSeparator(t.charAt(q))) {
      q++;
    }
    if (!digitsAt(t, q, 3)) {
      return -1;
    }
    q += 3;
    if (q < n && isPhoneSeparator(t.charAt(q))) {
      q++;
    }
    return digitsAt(t, q, 4) ? q + 4 : -1;
  }

  private static boolean isPhoneSeparator(char c) {
    return c == '-' || c == '.' || c == ' ';
  }

  private static boolean digitsAt(String t, int q, int count) {
    if (q + count > t.length()) {
      return false;
    }
    for (int k = 0; k < count; k++) {
      if (!isAsciiDigit(t.charAt(q + k))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Spans

  /** The candidates that overlap none of {@code a} or {@code b}; all three are sorted and non-overlapping. */
  private static Spans dropOverlapping(Spans candidates, Spans a, Spans b) {
    if (a.size() == 0 && b.size() == 0) {
      return candidates;
    }
    Spans out = new Spans();
    int ia = 0;
    int ib = 0;
    for (int k = 0; k < candidates.size(); k++) {
      int start = candidates.start(k);
      int end = candidates.end(k);
      while (ia < a.size() && a.end(ia) <= start) {
        ia++;
      }
      while (ib < b.size() && b.end(ib) <= start) {
        ib++;
      }
      boolean overlaps = (ia < a.size() && a.start(ia) < end) || (ib < b.size() && b.start(ib) < end);
      if (!overlaps) {
        out.add(start, end);
      }
    }
    return out;
  }

  /** Half-open {@code [start, end)} spans in increasing order, as a flat growable int array. */
  static final class Spans {
    static final Spans EMPTY = new Spans();

    private int[] data = new int[8];
    private int length;

    void add(int start, int end) {
      if (length + 2 > data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[length++] = start;
      data[length++] = end;
    }

    int size() {
      return length / 2;
    }

    int start(int k) {
      return data[2 * k];
    }

    int end(int k) {
      return data[2 * k + 1];
    }
  }
}
