package dev.sieve.transforms.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stable reason codes written to {@code reject_reason}. Codes never change meaning once released; new checks
 * add new codes. {@link #describe(String)} gives the one-line meaning used in reports and docs.
 */
public final class ReasonCodes {
  private ReasonCodes() {}

  // Reading: the record could not be turned into a document.
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String INVALID_UTF8 = "invalid_utf8";
  public static final String MISSING_ID = "missing_id";
  public static final String MISSING_TEXT = "missing_text";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String RECORD_TOO_LARGE = "record_too_large";
  public static final String EMPTY_TEXT = "empty_text";
  public static final String UNREADABLE_INPUT = "unreadable_input";

  // Dedup.
  public static final String EXACT_DUPLICATE = "exact_duplicate";
  public static final String NEAR_DUPLICATE = "near_duplicate";
  public static final String EMPTY_AFTER_SEGMENT_DEDUP = "empty_after_segment_dedup";

  // Quality.
  public static final String TOO_LONG = "too_long";
  public static final String LANGUAGE_NOT_ALLOWED = "language_not_allowed";
  public static final String LOW_QUALITY_SCORE = "low_quality_score";
  public static final String MISSING_LABEL = "missing_label";
  public static final String INVALID_LABEL = "invalid_label";

  // Media manifests (image-manifest; the audio and video jobs share them).
  public static final String MISSING_URI = "missing_uri";
  public static final String EMPTY_URI = "empty_uri";
  public static final String URI_NOT_ALLOWED = "uri_not_allowed";
  public static final String MISSING_OBJECT = "missing_object";
  public static final String EMPTY_OBJECT = "empty_object";
  public static final String CORRUPT_MEDIA = "corrupt_media";
  public static final String UNSUPPORTED_FORMAT = "unsupported_format";
  public static final String PIXEL_BOMB = "pixel_bomb";
  public static final String PROBE_FAILED = "probe_failed";
  public static final String TOO_SMALL = "too_small";
  public static final String ASPECT_RATIO = "aspect_ratio";
  public static final String BYTES_OUT_OF_RANGE = "bytes_out_of_range";
  public static final String FORMAT_NOT_ALLOWED = "format_not_allowed";
  public static final String DECLARED_MISMATCH = "declared_mismatch";
  public static final String BAD_CAPTION = "bad_caption";

  // audio and video manifests
  public static final String DURATION_OUT_OF_RANGE = "duration_out_of_range";
  public static final String LOW_SAMPLE_RATE = "low_sample_rate";
  public static final String CHANNELS_OUT_OF_RANGE = "channels_out_of_range";
  public static final String RESOLUTION = "resolution";
  public static final String FPS_OUT_OF_RANGE = "fps_out_of_range";
  public static final String BITRATE_OUT_OF_RANGE = "bitrate_out_of_range";
  public static final String CODEC_NOT_ALLOWED = "codec_not_allowed";
  public static final String NO_VIDEO_STREAM = "no_video_stream";
  public static final String NO_AUDIO_STREAM = "no_audio_stream";

  private static final Map<String, String> DESCRIPTIONS;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MALFORMED_JSON, "the input line is not a single well-formed JSON object");
    m.put(INVALID_UTF8, "the record's bytes are not valid UTF-8 (detail gives the byte offset)");
    m.put(MISSING_ID, "the id column is absent or null");
    m.put(MISSING_TEXT, "the text column is absent or null");
    m.put(WRONG_TYPE, "a column has a type the job cannot use (for example text is a number or an object)");
    m.put(RECORD_TOO_LARGE, "the record exceeds input.max_record_bytes");
    m.put(EMPTY_TEXT, "the text is empty or whitespace only");
    m.put(UNREADABLE_INPUT, "the rest of an input file could not be read (a truncated or corrupt compressed stream, "
        + "or a file that vanished after the listing): one row per such file, whose detail says after how many "
        + "lines reading stopped and why");
    m.put(EXACT_DUPLICATE, "the normalized text (for media: the object's SHA-256) equals that of a kept record "
        + "(detail and duplicate_of name it)");
    m.put(NEAR_DUPLICATE, "text: the word/char shingles are at least dedup.threshold Jaccard-similar to a kept "
        + "document's, directly or through its cluster (near_duplicate_of, near_similarity name it); images: the "
        + "perceptual fingerprint (pHash + dHash) within image.dedup.max_distance bits of a cluster member's "
        + "(duplicate_of, hash_distance name the kept image)");
    m.put(EMPTY_AFTER_SEGMENT_DEDUP, "every line or paragraph of the document also occurs in documents that keep it,"
        + " so line/paragraph dedup left it blank");
    m.put(TOO_LONG, "the text is longer than quality.max_chars; no quality filter ran");
    m.put(LANGUAGE_NOT_ALLOWED, "the identified language is not in quality.languages, or its score is below "
        + "quality.language_threshold");
    m.put(LOW_QUALITY_SCORE, "the quality model's probability of the positive class is below quality.model.threshold");
    m.put(MISSING_LABEL, "quality-train: the label column is null");
    m.put(INVALID_LABEL, "quality-train: the label is neither a positive nor a negative value");
    m.put(MISSING_URI, "media manifests: the URI column is absent or null");
    m.put(EMPTY_URI, "media manifests: the URI is empty or whitespace only");
    m.put(URI_NOT_ALLOWED, "the URI is not under media.allowed_prefixes, or is malformed (a '..' or '.' segment, "
        + "an empty segment, a query or fragment, control characters); the object was not touched");
    m.put(MISSING_OBJECT, "no object at the URI (not in the listing of its folder, or gone when it was read)");
    m.put(EMPTY_OBJECT, "the object has 0 bytes");
    m.put(CORRUPT_MEDIA, "the object's header is damaged or contradicts the object (truncated, missing end marker, "
        + "sizes past the end); detail says which");
    m.put(UNSUPPORTED_FORMAT, "the object's magic bytes are not a format the job reads");
    m.put(PIXEL_BOMB, "the header declares more pixels than image.max_pixels; never decoded");
    m.put(PROBE_FAILED, "reading the object failed (I/O error or media.probe_timeout exceeded); detail says which");
    m.put(TOO_SMALL, "the image's shorter side is below image.min_side");
    m.put(ASPECT_RATIO, "images: long side / short side is above image.max_aspect_ratio; video: width / height is "
        + "outside video.min_aspect .. video.max_aspect");
    m.put(BYTES_OUT_OF_RANGE, "the object's size is outside media.min_bytes .. media.max_bytes");
    m.put(FORMAT_NOT_ALLOWED, "the probed format is not in image.allowed_formats (audio/video: the container is not "
        + "in av.allowed_containers)");
    m.put(DECLARED_MISMATCH, "the manifest's declared format, width, height or bytes (audio/video also duration, "
        + "sample rate, channels) differ from the object's (detail lists the fields)");
    m.put(BAD_CAPTION, "the caption is missing, shorter than media.caption.min_chars or has fewer than "
        + "media.caption.min_words words");
    m.put(DURATION_OUT_OF_RANGE, "audio/video: the duration is outside av.min_duration_s .. av.max_duration_s, or "
        + "the object declares none while a limit is set");
    m.put(LOW_SAMPLE_RATE, "audio/video: the first audio stream's sample rate is below av.min_sample_rate");
    m.put(CHANNELS_OUT_OF_RANGE, "audio/video: the first audio stream's channel count is outside av.min_channels .. "
        + "av.max_channels");
    m.put(RESOLUTION, "video: the displayed shorter side is below video.min_side (or the longer side above "
        + "video.max_side)");
    m.put(FPS_OUT_OF_RANGE, "video: the frame rate is outside video.min_fps .. video.max_fps, or unknown while a "
        + "limit is set");
    m.put(BITRATE_OUT_OF_RANGE, "audio/video: the overall bit rate is outside av.min_bitrate .. av.max_bitrate");
    m.put(CODEC_NOT_ALLOWED, "audio/video: the first video or audio stream's codec is not in "
        + "av.allowed_video_codecs / av.allowed_audio_codecs");
    m.put(NO_VIDEO_STREAM, "video: the object has no video stream");
    m.put(NO_AUDIO_STREAM, "audio (and video with av.require_audio): the object has no audio stream");
    DESCRIPTIONS = Collections.unmodifiableMap(m);
  }

  /** The code for a null or absent content column: {@code missing_text}, or {@code missing_uri} for manifests. */
  public static String missingContent(String kind) {
    return "uri".equals(kind) ? MISSING_URI : MISSING_TEXT;
  }

  /** The code for blank content: {@code empty_text}, or {@code empty_uri} for manifests. */
  public static String emptyContent(String kind) {
    return "uri".equals(kind) ? EMPTY_URI : EMPTY_TEXT;
  }

  /** All known codes with their meaning, in documentation order. */
  public static Map<String, String> all() {
    return DESCRIPTIONS;
  }

  public static String describe(String code) {
    return DESCRIPTIONS.getOrDefault(code, "(no description)");
  }
}
