package dev.sieve.jobs.io;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * Zstandard for Hadoop input formats through zstd-jni (which Spark ships), so {@code .zst} files read without
 * Hadoop's native library. Registered for the {@code .zst} extension via {@code io.compression.codecs}; Hadoop
 * lets a codec listed there override the built-in one for the same extension.
 */
public final class ZstdCodec implements CompressionCodec {

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    return new Out(out);
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) throws IOException {
    return new Out(out);
  }

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return null;
  }

  @Override
  public Compressor createCompressor() {
    return null;
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return new In(in);
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException {
    return new In(in);
  }

  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return null;
  }

  @Override
  public Decompressor createDecompressor() {
    return null;
  }

  @Override
  public String getDefaultExtension() {
    return ".zst";
  }

  private static final class In extends CompressionInputStream {
    private final ZstdInputStream zin;

    In(InputStream in) throws IOException {
      super(in);
      this.zin = new ZstdInputStream(in);
      this.zin.setContinuous(false);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return zin.read(b, off, len);
    }

    @Override
    public int read() throws IOException {
      return zin.read();
    }

    @Override
    public void resetState() {
      throw new UnsupportedOperationException("zstd streams cannot be reset");
    }

    @Override
    public void close() throws IOException {
      zin.close();
    }
  }

  private static final class Out extends CompressionOutputStream {
    private final ZstdOutputStream zout;

    Out(OutputStream out) throws IOException {
      super(out);
      this.zout = new ZstdOutputStream(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      zout.write(b, off, len);
    }

    @Override
    public void write(int b) throws IOException {
      zout.write(b);
    }

    @Override
    public void finish() throws IOException {
      zout.flush();
    }

    @Override
    public void resetState() {}

    @Override
    public void close() throws IOException {
      zout.close();
    }
  }
}
