package dev.sieve.transforms.media;

import dev.sieve.transforms.media.av.AvProbe;
import java.io.IOException;

/** The audio and video {@link MediaProber}: {@link AvProbe}; results carry the streams. */
public final class AvProber implements MediaProber {
  private static final long serialVersionUID = 1L;

  @Override
  public Result probe(RangeSource source, byte[] head) throws IOException {
    AvProbe.Result r = AvProbe.probe(source, head);
    if (!r.ok()) {
      return new Result(r.container(), 0, 0, r.reason(), r.detail(), null);
    }
    return new Result(r.container(), r.info().width(), r.info().height(), null, null, r.info());
  }

  @Override
  public boolean timed() {
    return true;
  }
}
