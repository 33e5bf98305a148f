package dev.sieve.jobs.avmanifest;

/**
 * {@code video-manifest}: probes the video objects a video manifest names (MP4, MOV, Matroska, WebM, AVI, Ogg
 * Theora) and rejects missing, corrupt, off-spec, mis-declared and duplicate ones; an object without a video stream
 * is {@code no_video_stream}. See {@link AvManifestJob}.
 */
public final class VideoManifestJob extends AvManifestJob {

  @Override
  public String name() {
    return "video-manifest";
  }

  @Override
  public String summary() {
    return "probe the videos a video manifest names (headers only) and reject missing, corrupt, off-spec, "
        + "mis-declared or duplicate ones";
  }

  @Override
  String kind() {
    return "video";
  }

  @Override
  boolean video() {
    return true;
  }
}
