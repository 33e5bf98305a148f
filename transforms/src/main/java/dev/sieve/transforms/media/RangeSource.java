package dev.sieve.transforms.media;

/** Random-access reads of one stored object whose length is known (from a listing). Not thread-safe. */
public interface RangeSource {
  /** The object's length in bytes. */
  long length();

  /** Reads len bytes at offset; fewer only when the object ends first. Counts what it reads. */
  byte[] read(long offset, int len) throws java.io.IOException;
}
