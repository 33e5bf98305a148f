package dev.sieve.jobs;

import dev.sieve.jobs.avmanifest.AudioManifestJob;
import dev.sieve.jobs.avmanifest.VideoManifestJob;
import dev.sieve.jobs.imagemanifest.ImageManifestJob;
import dev.sieve.jobs.qualitytrain.QualityTrainJob;
import dev.sieve.jobs.textdedup.TextDedupJob;
import dev.sieve.jobs.textquality.TextQualityJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every job Sieve runs, by CLI name. */
public final class JobCatalog {
  private static final Map<String, SieveJob> JOBS = new LinkedHashMap<>();

  static {
    register(new TextDedupJob());
    register(new TextQualityJob());
    register(new QualityTrainJob());
    register(new ImageManifestJob());
    register(new AudioManifestJob());
    register(new VideoManifestJob());
  }

  private JobCatalog() {}

  private static void register(SieveJob job) {
    JOBS.put(job.name(), job);
  }

  public static Optional<SieveJob> find(String name) {
    return Optional.ofNullable(JOBS.get(name));
  }

  public static Map<String, SieveJob> all() {
    return JOBS;
  }
}
