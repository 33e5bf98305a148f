package dev.sieve.transforms.media;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.media.image.ImageProbe;
import java.io.IOException;
import java.util.List;

/** The image {@link MediaProber}: {@link ImageProbe} with a pixel cap. */
public final class ImageProber implements MediaProber {
  private static final long serialVersionUID = 1L;

  /** The formats {@link ImageProbe} recognizes. */
  public static final List<String> FORMATS = List.of("jpeg", "png", "gif", "bmp", "webp", "avif", "heif");

  private final long maxPixels;

  public ImageProber(long maxPixels) {
    Preconditions.checkArgument(maxPixels >= 1, "max pixels must be >= 1, got %s", maxPixels);
    this.maxPixels = maxPixels;
  }

  @Override
  public Result probe(RangeSource source, byte[] head) throws IOException {
    ImageProbe.Result r = ImageProbe.probe(source, head, maxPixels);
    return new Result(r.format(), r.width(), r.height(), r.reason(), r.detail());
  }
}
