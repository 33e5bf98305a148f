package dev.sieve.transforms.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class RowBlocksTest {
  private static final StructType SCHEMA = new StructType()
      .add("rid", DataTypes.LongType, false)
      .add("text", DataTypes.StringType, true)
      .add("raw", DataTypes.BinaryType, true);

  private static InternalRow row(long rid, String text, byte[] raw) {
    return new GenericInternalRow(new Object[] {rid, text == null ? null : UTF8String.fromString(text), raw});
  }

  /**
   * Rows of every size — empty strings, nulls, a row larger than a block — come back equal and in order, from rows
   * given as generic rows or as binary rows, and blocks close near their size.
   */
  @Test
  void rowsComeBackEqualAndInOrder() {
    List<InternalRow> in = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      in.add(row(i, i % 7 == 0 ? null : "text " + "x".repeat(i % 4_000), i % 5 == 0 ? null : new byte[] {(byte) i}));
    }
    in.add(row(-1, "y".repeat(RowBlocks.BLOCK_BYTES + 10), new byte[0]));
    in.add(row(Long.MAX_VALUE, "", null));
    UnsafeProjection toUnsafe = UnsafeProjection.create(SCHEMA);
    List<InternalRow> unsafe = new ArrayList<>();
    for (InternalRow r : in) {
      unsafe.add(toUnsafe.apply(r).copy());
    }
    for (List<InternalRow> given : List.of(in, unsafe)) {
      List<byte[]> blocks = new ArrayList<>();
      RowBlocks.pack(given.iterator(), SCHEMA).forEachRemaining(blocks::add);
      assertTrue(blocks.size() >= 2, "a block closes past " + RowBlocks.BLOCK_BYTES + " bytes: " + blocks.size());
      for (byte[] b : blocks.subList(0, blocks.size() - 1)) {
        assertTrue(b.length >= RowBlocks.BLOCK_BYTES, "only the last block is short: " + b.length);
      }
      Iterator<InternalRow> out = RowBlocks.unpack(blocks.iterator(), SCHEMA.size());
      for (InternalRow expected : in) {
        assertTrue(out.hasNext());
        InternalRow got = out.next();
        assertEquals(expected.getLong(0), got.getLong(0));
        assertEquals(expected.isNullAt(1), got.isNullAt(1));
        if (!expected.isNullAt(1)) {
          assertEquals(expected.getUTF8String(1), got.getUTF8String(1));
        }
        assertEquals(expected.isNullAt(2), got.isNullAt(2));
        if (!expected.isNullAt(2)) {
          assertArrayEquals(expected.getBinary(2), got.getBinary(2));
        }
      }
      assertFalse(out.hasNext());
    }
  }

  @Test
  void anEmptyPartitionHasNoBlocksAndNoRows() {
    assertFalse(RowBlocks.pack(Collections.emptyIterator(), SCHEMA).hasNext());
    assertFalse(RowBlocks.unpack(Collections.emptyIterator(), SCHEMA.size()).hasNext());
    assertFalse(RowBlocks.unpack(List.of(new byte[0], new byte[0]).iterator(), SCHEMA.size()).hasNext());
  }
}
