package dev.sieve.transforms.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.ReasonCodes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonlRecordCheckTest {
  private final JsonlRecordCheck check = new JsonlRecordCheck("id", "text", 1000);

  private JsonlRecordCheck.Result run(String line) {
    return check.check(line.getBytes(StandardCharsets.UTF_8));
  }

  private void assertRejected(String line, String reason, String detailFragment) {
    JsonlRecordCheck.Result r = run(line);
    assertEquals(reason, r.verdict().reason(), line);
    assertTrue(r.verdict().detail().contains(detailFragment), r.verdict().detail());
  }

  @Test
  void acceptsAWellFormedRecord() {
    JsonlRecordCheck.Result r = run("{\"id\":\"a\",\"text\":\"hello\",\"meta\":{\"x\":[1,2]}}");
    assertTrue(r.ok());
    assertEquals("{\"id\":\"a\",\"text\":\"hello\",\"meta\":{\"x\":[1,2]}}", r.line());
  }

  @Test
  void acceptsAnIntegerId() {
    assertTrue(run("{\"id\":12345,\"text\":\"hello\"}").ok());
  }

  @Test
  void malformedJson() {
    assertRejected("{\"id\":\"a\",\"text\":\"unterminated", ReasonCodes.MALFORMED_JSON, "column");
    assertRejected("{id:\"a\",\"text\":\"x\"}", ReasonCodes.MALFORMED_JSON, "column");
    assertRejected("not json at all", ReasonCodes.MALFORMED_JSON, "");
    assertRejected("[1,2,3]", ReasonCodes.MALFORMED_JSON, "expected a JSON object");
    assertRejected("{\"id\":\"a\",\"text\":\"x\"} trailing", ReasonCodes.MALFORMED_JSON, "after the object");
    assertRejected("{\"id\":\"a\",\"text\":\"x\"}{\"id\":\"b\"}", ReasonCodes.MALFORMED_JSON, "after the object");
  }

  @Test
  void rawNulByteInsideAStringIsMalformed() {
    assertRejected("{\"id\":\"a\",\"text\":\"nul\u0000here\"}", ReasonCodes.MALFORMED_JSON, "");
  }

  @Test
  void escapedNulIsFine() {
    assertTrue(run("{\"id\":\"a\",\"text\":\"nul\\u0000here\"}").ok());
  }

  @Test
  void invalidUtf8KeepsALenientCopyOfTheRawLine() {
    byte[] b = "{\"id\":\"a\",\"text\":\"bad X\"}".getBytes(StandardCharsets.UTF_8);
    b[22] = (byte) 0xFF;
    JsonlRecordCheck.Result r = check.check(b);
    assertEquals(ReasonCodes.INVALID_UTF8, r.verdict().reason());
    assertEquals("invalid UTF-8 at byte 22 of 25", r.verdict().detail());
    assertTrue(r.line().contains("\uFFFD"));
  }

  @Test
  void missingAndNullIdsAndTexts() {
    assertRejected("{\"text\":\"x\"}", ReasonCodes.MISSING_ID, "no 'id' field");
    assertRejected("{\"id\":null,\"text\":\"x\"}", ReasonCodes.MISSING_ID, "'id' is null");
    assertRejected("{\"id\":\"a\"}", ReasonCodes.MISSING_TEXT, "no 'text' field");
    assertRejected("{\"id\":\"a\",\"text\":null}", ReasonCodes.MISSING_TEXT, "'text' is null");
  }

  @Test
  void wrongTypes() {
    assertRejected("{\"id\":\"a\",\"text\":42}", ReasonCodes.WRONG_TYPE, "found an integer");
    assertRejected("{\"id\":\"a\",\"text\":{\"t\":1}}", ReasonCodes.WRONG_TYPE, "found an object");
    assertRejected("{\"id\":\"a\",\"text\":[\"x\"]}", ReasonCodes.WRONG_TYPE, "found an array");
    assertRejected("{\"id\":1.5,\"text\":\"x\"}", ReasonCodes.WRONG_TYPE, "found a number");
    assertRejected("{\"id\":true,\"text\":\"x\"}", ReasonCodes.WRONG_TYPE, "found a boolean");
  }

  @Test
  void nestedFieldsWithTheSameNameDoNotCount() {
    assertRejected("{\"meta\":{\"id\":\"a\"},\"text\":\"x\"}", ReasonCodes.MISSING_ID, "no 'id' field");
  }

  @Test
  void oversizedRecordsAreRejectedBeforeParsing() {
    JsonlRecordCheck.Result r = check.check(new byte[1001]);
    assertEquals(ReasonCodes.RECORD_TOO_LARGE, r.verdict().reason());
    assertNull(r.line());
  }

  @Test
  void configurableFieldNames() {
    JsonlRecordCheck c = new JsonlRecordCheck("doc_id", "content", 1000);
    assertTrue(c.check("{\"doc_id\":\"a\",\"content\":\"x\"}".getBytes(StandardCharsets.UTF_8)).ok());
  }
}
