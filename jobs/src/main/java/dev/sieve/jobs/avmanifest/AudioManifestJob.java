package dev.sieve.jobs.avmanifest;

/**
 * {@code audio-manifest}: probes the audio objects an audio manifest names (WAV, AIFF, FLAC, MP3, Ogg Vorbis/Opus,
 * M4A; video containers with an audio stream are read too) and rejects missing, corrupt, off-spec, mis-declared and
 * duplicate ones. See {@link AvManifestJob}.
 */
public final class AudioManifestJob extends AvManifestJob {

  @Override
  public String name() {
    return "audio-manifest";
  }

  @Override
  public String summary() {
    return "probe the audio an audio manifest names (headers only) and reject missing, corrupt, off-spec, "
        + "mis-declared or duplicate ones";
  }

  @Override
  String kind() {
    return "audio";
  }

  @Override
  boolean video() {
    return false;
  }
}
