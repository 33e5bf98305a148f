package dev.sieve.transforms.media;

import dev.sieve.transforms.core.Preconditions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which objects a manifest job may read. A manifest row names an object we do not control, so its URI is untrusted:
 * it is resolved, normalized and checked here, as a string, before anything touches storage. A URI is allowed only
 * when it lies under one of the allowed prefixes ({@code media.allowed_prefixes}); relative URIs resolve against the
 * base URI ({@code media.base_uri}).
 *
 * <p>Refused outright, whatever the prefixes: control characters and backslashes; a query ({@code ?}) or fragment
 * ({@code #}); a {@code .} or {@code ..} path segment, also percent-encoded ({@code %2e%2e}) — no escaping the prefix
 * by normalization; an empty path segment ({@code a//b}, which stores and filesystems resolve differently); a URI
 * without an authority part ({@code oss:key}); a relative URI when there is no base. {@code file:/p} (Hadoop's
 * qualified form) is read as {@code file:///p}. Schemes compare case-insensitively, buckets and keys exactly.
 * Immutable and thread-safe.
 */
public final class UriPolicy implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  /** The outcome for one URI: the normalized URI when allowed, else why not. */
  public record Decision(String uri, String detail) {
    public boolean allowed() {
      return uri != null;
    }

    static Decision refuse(String detail) {
      return new Decision(null, detail);
    }
  }

  private final List<String> prefixes;
  private final String base;

  /**
   * @param allowedPrefixes absolute URIs (folders; a trailing {@code /} is implied); at least one
   * @param baseUri the folder relative URIs resolve against, or null/empty for none
   */
  public UriPolicy(List<String> allowedPrefixes, String baseUri) {
    Preconditions.checkArgument(allowedPrefixes != null && !allowedPrefixes.isEmpty(),
        "at least one allowed prefix is needed, got %s", allowedPrefixes);
    List<String> p = new ArrayList<>();
    for (String prefix : allowedPrefixes) {
      String n = normalizeAbsolute(prefix);
      Preconditions.checkArgument(n != null, "allowed prefix '%s' is not an absolute URI such as oss://bucket/dir/ "
          + "(or has '.', '..', empty segments, a query or a fragment)", prefix);
      p.add(n.endsWith("/") ? n : n + "/");
    }
    this.prefixes = List.copyOf(p);
    if (baseUri == null || baseUri.isEmpty()) {
      this.base = null;
    } else {
      String n = normalizeAbsolute(baseUri);
      Preconditions.checkArgument(n != null, "base URI '%s' is not an absolute URI such as oss://bucket/dir/", baseUri);
      this.base = n.endsWith("/") ? n : n + "/";
    }
  }

  public List<String> prefixes() {
    return prefixes;
  }

  /** Resolves and checks one URI from a manifest. */
  public Decision check(String raw) {
    if (raw == null || raw.isBlank()) {
      return Decision.refuse("empty URI");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return Decision.refuse("control character at " + i);
      }
      if (c == '\\') {
        return Decision.refuse("backslash at " + i);
      }
    }
    String absolute;
    if (hasScheme(raw)) {
      absolute = raw;
    } else if (base == null) {
      return Decision.refuse("relative URI and no media.base_uri");
    } else if (raw.startsWith("/")) {
      // an absolute path on the base's store: keep the base's scheme and authority
      int pathStart = base.indexOf('/', base.indexOf("://") + 3);
      absolute = base.substring(0, pathStart) + raw;
    } else {
      absolute = base + raw;
    }
    String normalized = normalizeAbsolute(absolute);
    if (normalized == null) {
      return Decision.refuse(why(absolute));
    }
    for (String prefix : prefixes) {
      if (normalized.startsWith(prefix) && normalized.length() > prefix.length()) {
        return new Decision(normalized, null);
      }
    }
    return Decision.refuse("not under media.allowed_prefixes");
  }

  private static boolean hasScheme(String s) {
    int colon = s.indexOf(':');
    int slash = s.indexOf('/');
    return colon > 0 && (slash < 0 || colon < slash) && SCHEME.matcher(s.substring(0, colon)).matches();
  }

  /**
   * {@code scheme://authority/path} with the scheme lowercased, or null when the URI breaks a rule. {@code file:/p}
   * and {@code file:p}-less forms are accepted for the file scheme only.
   */
  static String normalizeAbsolute(String uri) {
    if (uri == null || !hasScheme(uri) || uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
      return null;
    }
    int colon = uri.indexOf(':');
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = uri.substring(colon + 1);
    String authority;
    String path;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      path = slash < 0 ? "/" : rest.substring(slash);
    } else if (scheme.equals("file") && rest.startsWith("/")) {
      authority = "";
      path = rest;
    } else {
      return null;
    }
    if (authority.isEmpty() && !scheme.equals("file")) {
      return null;
    }
    // every segment after the leading '/': no '.', no '..' (also percent-encoded), no empty one except a final '/'
    String[] segments = path.substring(1).split("/", -1);
    for (int k = 0; k < segments.length; k++) {
      String seg = segments[k];
      if (seg.isEmpty()) {
        if (k == segments.length - 1) {
          continue; // a trailing slash (a folder)
        }
        return null;
      }
      String decoded = percentDecode(seg);
      if (decoded == null || decoded.equals(".") || decoded.equals("..") || decoded.indexOf('/') >= 0
          || decoded.indexOf('\\') >= 0) {
        return null;
      }
    }
    return scheme + "://" + authority + path;
  }

  /** A human reason for a URI {@link #normalizeAbsolute} refused. */
  private static String why(String uri) {
    if (uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
      return "query or fragment in URI";
    }
    int scheme = uri.indexOf("://");
    if (uri.indexOf("//", scheme < 0 ? 0 : scheme + 3) >= 0) {
      return "empty path segment";
    }
    for (String seg : uri.split("/")) {
      String d = percentDecode(seg);
      if (d == null) {
        return "bad percent-encoding";
      }
      if (d.equals("..") || d.equals(".")) {
        return "'" + seg + "' path segment";
      }
      if (d.indexOf('/') >= 0 || d.indexOf('\\') >= 0) {
        return "encoded path separator";
      }
    }
    return "not an absolute URI with an authority (e.g. oss://bucket/key)";
  }

  /** Decodes {@code %XX} escapes (as bytes of UTF-8); null when an escape is malformed. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
