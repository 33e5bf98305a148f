package dev.sieve.it.oss;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rewrites {@link OssAdapter} applies to XML documents passing between the OSS SDK and s3proxy. The documents are
 * small and machine-written, so the rewrites work on their text.
 */
final class OssXml {
  private static final Pattern XMLNS = Pattern.compile("\\sxmlns=\"[^\"]*\"");
  private static final Pattern DELETE_ENTRY = Pattern.compile("<Object>.*?</Object>", Pattern.DOTALL);
  private static final Pattern LISTED_OBJECT = Pattern.compile("<Contents>.*?</Contents>", Pattern.DOTALL);
  private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
  private static final Pattern SIZE = Pattern.compile("<Size>\\d+</Size>");
  private static final Pattern FIRST_ENTRY = Pattern.compile("<Contents>|<CommonPrefixes>|</ListBucketResult>");
  private static final Pattern KEY_COUNT = Pattern.compile("<KeyCount>(\\d+)</KeyCount>");
  private static final String EMPTY_ETAG = "\"d41d8cd98f00b204e9800998ecf8427e\"";

  private OssXml() {}

  /** Removes default-namespace declarations, since the OSS SDK finds elements by their local name only. */
  static String withoutNamespace(String xml) {
    return XMLNS.matcher(xml).replaceAll("");
  }

  /**
   * Reorders the {@code <Object>} entries of a multi-delete request so that longer keys come first. A directory
   * marker's key ({@code dir/}) is a prefix of every key below it, so each child precedes its parent markers.
   */
  static byte[] childrenFirst(byte[] deleteRequest) {
    String xml = new String(deleteRequest, StandardCharsets.UTF_8);
    List<String> entries = new ArrayList<>();
    Matcher entry = DELETE_ENTRY.matcher(xml);
    while (entry.find()) {
      entries.add(entry.group());
    }
    entries.sort(Comparator.comparingInt((String e) -> key(e).length()).reversed());
    StringBuilder reordered = new StringBuilder();
    entry.reset();
    for (int i = 0; entry.find(); i++) {
      entry.appendReplacement(reordered, Matcher.quoteReplacement(entries.get(i)));
    }
    entry.appendTail(reordered);
    return reordered.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Gives the directory markers of a listing (keys ending in {@code /}) size 0. s3proxy's filesystem backend stores
   * them as directories and reports the directory's size on disk (4096), which makes hadoop-aliyun take them for
   * files.
   */
  static String withEmptyMarkers(String listing) {
    Matcher object = LISTED_OBJECT.matcher(listing);
    StringBuilder result = new StringBuilder();
    while (object.find()) {
      String entry = object.group();
      if (key(entry).endsWith("/")) {
        entry = SIZE.matcher(entry).replaceFirst("<Size>0</Size>");
      }
      object.appendReplacement(result, Matcher.quoteReplacement(entry));
    }
    object.appendTail(result);
    return result.toString();
  }

  /** Whether a listing has an object entry for {@code key}. */
  static boolean listsKey(String listing, String key) {
    return listing.contains("<Key>" + escape(key) + "</Key>");
  }

  /**
   * Adds the directory marker {@code prefix} as the listing's first object, where OSS lists it (it sorts before
   * every other key that starts with it); s3proxy's filesystem backend leaves it out.
   */
  static String withPrefixMarker(String listing, String prefix, Instant lastModified) {
    String marker = "<Contents><Key>" + escape(prefix) + "</Key><LastModified>"
        + lastModified.truncatedTo(ChronoUnit.SECONDS) + "</LastModified><ETag>" + EMPTY_ETAG
        + "</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>";
    Matcher first = FIRST_ENTRY.matcher(listing);
    if (!first.find()) {
      throw new IllegalArgumentException("not a bucket listing: " + listing);
    }
    String withMarker = listing.substring(0, first.start()) + marker + listing.substring(first.start());
    Matcher count = KEY_COUNT.matcher(withMarker);
    return count.find()
        ? count.replaceFirst("<KeyCount>" + (Long.parseLong(count.group(1)) + 1) + "</KeyCount>")
        : withMarker;
  }

  /** An OSS error document. */
  static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + escape(code) + "</Code><Message>"
        + escape(message) + "</Message></Error>";
  }

  /** Escapes element text the way s3proxy's XML writer does. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String key(String entry) {
    Matcher key = KEY.matcher(entry);
    return key.find() ? key.group(1) : "";
  }
}
