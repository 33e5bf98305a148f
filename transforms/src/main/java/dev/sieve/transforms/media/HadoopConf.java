package dev.sieve.transforms.media;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A Hadoop {@link Configuration} that travels to executors inside a closure (it is Writable, not Serializable). */
public final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient Configuration conf;

  public HadoopConf(Configuration conf) {
    this.conf = new Configuration(conf);
  }

  public Configuration get() {
    return conf;
  }

  private static final ConcurrentHashMap<String, FileSystem> RANGED = new ConcurrentHashMap<>();

  /**
   * A FileSystem for small ranged reads (header probes) of {@code path}'s store. Object-store connectors read ahead in
   * large blocks by default — hadoop-aliyun fetches up to 4 parts of 512 KiB from every seek — so a 64 KiB header read
   * would download megabytes. This instance fetches {@code blockBytes} per request and nothing ahead. Other schemes
   * (file://) get their usual FileSystem. One instance per scheme, bucket and block size in a JVM, kept open for the
   * executor's life (a handful: one per bucket a manifest names).
   */
  public FileSystem forRangedReads(Path path, int blockBytes) throws IOException {
    URI uri = path.toUri();
    if (!"oss".equals(uri.getScheme())) {
      return path.getFileSystem(conf);
    }
    String key = uri.getScheme() + "://" + uri.getAuthority() + "/ at " + conf.get("fs.oss.endpoint") + " #"
        + blockBytes;
    try {
      return RANGED.computeIfAbsent(key, k -> {
        Configuration c = new Configuration(conf);
        c.setLong("fs.oss.multipart.download.size", blockBytes);
        c.setInt("fs.oss.multipart.download.ahead.part.max.number", 1);
        try {
          return FileSystem.newInstance(URI.create(uri.getScheme() + "://" + uri.getAuthority() + "/"), c);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
