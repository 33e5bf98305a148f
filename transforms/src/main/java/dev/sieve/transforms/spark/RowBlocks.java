package dev.sieve.transforms.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;

/**
 * Rows in Spark's binary format ({@link UnsafeRow}) packed end to end into byte blocks, each row as its length (a
 * big-endian int) followed by its bytes, for {@link StageContext#persistRows}: a block is one object to store, and
 * reading rows back only points at the block's bytes. Runs on the executors, streaming: one block in hand at a time.
 */
final class RowBlocks {
  /**
   * A block closes at the first row that takes it past this size. Small enough that a block is an ordinary heap
   * object (G1 treats arrays of half a region or more, 1 MiB and up at the usual heap sizes, as humongous).
   */
  static final int BLOCK_BYTES = 256 << 10;

  private RowBlocks() {}

  /** The rows of one partition as blocks. */
  static Iterator<byte[]> pack(Iterator<InternalRow> rows, StructType schema) {
    UnsafeProjection toUnsafe = UnsafeProjection.create(schema);
    return new Iterator<>() {
      private byte[] buffer = new byte[64 << 10];

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public byte[] next() {
        if (!rows.hasNext()) {
          throw new NoSuchElementException();
        }
        int size = 0;
        while (rows.hasNext() && size < BLOCK_BYTES) {
          InternalRow r = rows.next();
          UnsafeRow u = r instanceof UnsafeRow ? (UnsafeRow) r : toUnsafe.apply(r);
          int n = u.getSizeInBytes();
          if (buffer.length < size + 4 + n) {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, size + 4 + n));
          }
          buffer[size] = (byte) (n >>> 24);
          buffer[size + 1] = (byte) (n >>> 16);
          buffer[size + 2] = (byte) (n >>> 8);
          buffer[size + 3] = (byte) n;
          Platform.copyMemory(u.getBaseObject(), u.getBaseOffset(), buffer, Platform.BYTE_ARRAY_OFFSET + size + 4, n);
          size += 4 + n;
        }
        return Arrays.copyOf(buffer, size);
      }
    };
  }

  /** The rows of blocks made by {@link #pack}; each row points into its block. */
  static Iterator<InternalRow> unpack(Iterator<byte[]> blocks, int fields) {
    return new Iterator<>() {
      private byte[] block;
      private int at;

      @Override
      public boolean hasNext() {
        while ((block == null || at >= block.length) && blocks.hasNext()) {
          block = blocks.next();
          at = 0;
        }
        return block != null && at < block.length;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = (block[at] & 0xFF) << 24 | (block[at + 1] & 0xFF) << 16 | (block[at + 2] & 0xFF) << 8
            | (block[at + 3] & 0xFF);
        UnsafeRow row = new UnsafeRow(fields);
        row.pointTo(block, Platform.BYTE_ARRAY_OFFSET + at + 4, n);
        at += 4 + n;
        return row;
      }
    };
  }
}
