package dev.sieve.transforms.text.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.JavaSerialization;
import dev.sieve.transforms.text.pii.PiiRedactor.Result;
import dev.sieve.transforms.text.pii.PiiRedactor.Settings;
import org.junit.jupiter.api.Test;

/**
 * Expected values follow datatrove's email pattern (ASCII case-insensitive), CPython 3.13's
 * {@code IPv4Address.is_global} and Dolma's phone pattern, as described in {@link PiiRedactor}.
 */
class PiiRedactorTest {

  private static final String E = PiiRedactor.DEFAULT_EMAIL_REPLACEMENT;
  private static final String I = PiiRedactor.DEFAULT_IP_REPLACEMENT;
  private static final String P = PiiRedactor.DEFAULT_PHONE_REPLACEMENT;
  private static final PiiRedactor DEFAULT = new PiiRedactor();

  private static Result redact(String text) {
    return DEFAULT.redact(text);
  }

  private static void assertRedacts(String expected, int emails, int ipv4, int phones, String text) {
    Result r = redact(text);
    assertEquals(expected, r.text(), text);
    assertEquals(emails, r.emails(), "emails in " + text);
    assertEquals(ipv4, r.ipv4(), "ipv4 in " + text);
    assertEquals(phones, r.phones(), "phones in " + text);
  }

  private static void assertUnchanged(String text) {
    Result r = redact(text);
    assertSame(text, r.text(), text);
    assertEquals(0, r.total(), text);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Emails

  @Test
  void emailWorkedExamples() {
    assertRedacts("Contact " + E + " today.", 1, 0, 0, "Contact john.doe@example.com today.");
    assertRedacts("Write to " + E + ".", 1, 0, 0, "Write to a@b.co.");
    assertRedacts(E, 1, 0, 0, "first.last+tag@mail.sub-domain.example.org");
    assertRedacts("<" + E + ">", 1, 0, 0, "<o'brien!#$%&*/=?^_`{|}~-x@x.io>");
    assertRedacts("mailto:" + E, 1, 0, 0, "mailto:info@example.com");
  }

  @Test
  void emailLettersMatchInEitherCase() {
    assertRedacts(E, 1, 0, 0, "John.Smith@Example.COM");
    assertRedacts("Mail " + E + "!", 1, 0, 0, "Mail JOHN.smith@X.ORG!");
  }

  @Test
  void emailDomainNeedsTwoLabelsAndEndsOnALetterOrDigit() {
    assertUnchanged("root@localhost is not matched");
    assertUnchanged("a@b. a@.b a@-b.com a@b-.com");
    assertRedacts(E + "-", 1, 0, 0, "a@b.c-");
    assertRedacts(E + ".-x", 1, 0, 0, "a@b.c.-x");
    assertRedacts(E + "_x", 1, 0, 0, "a@b.com_x");
    assertRedacts(E + "..com", 1, 0, 0, "a@b.c..com");
    // hyphens inside labels
    assertRedacts(E, 1, 0, 0, "a@b--c.d-e.f");
    // digits-only labels are hostname labels too
    assertRedacts(E, 1, 0, 0, "a@1.2.3.4");
  }

  @Test
  void emailAddressLiteral() {
    assertRedacts("see " + E, 1, 0, 0, "see user@[192.0.2.1]");
    assertRedacts(E, 1, 0, 0, "user@[001.02.255.0]");
    assertUnchanged("user@[256.1.1.1] user@[1.2.3] user@[1.2.3.4.5]");
    // without the closing bracket it is no email, but the address is still found
    assertRedacts("user@[" + I, 0, 1, 0, "user@[1.2.3.4");
    assertUnchanged("user@[1.2.3.ipv6:]");
  }

  @Test
  void emailLocalPartIsADotAtomStartingAtAWordBoundary() {
    assertUnchanged("john.@x.com");
    assertRedacts("a.." + E, 1, 0, 0, "a..b@x.com");
    assertRedacts(".." + E, 1, 0, 0, "..b@x.com");
    // "-" is an atom character but not a word character: no boundary between two non-word characters
    assertRedacts("-" + E, 1, 0, 0, "-john@x.com");
    assertRedacts(" -" + E, 1, 0, 0, " -john@x.com");
    assertRedacts(E, 1, 0, 0, "a-john@x.com");
    // a non-word atom character after a word character is a boundary
    assertRedacts("é" + E, 1, 0, 0, "é+x@a.com");
    // a word character after a (Unicode) word character is not
    assertUnchanged("müller@example.de");
    assertUnchanged("日本abc@example.jp");
    assertUnchanged("\u0663y@example.com"); // ARABIC-INDIC DIGIT THREE is a word character
    assertRedacts("\u0663" + E, 1, 0, 0, "\u0663-y@example.com");
  }

  @Test
  void emailUnicodeAroundMatches() {
    assertRedacts("Écrivez à " + E + " — merci 🙂", 1, 0, 0, "Écrivez à jean@exemple.fr — merci 🙂");
    assertRedacts("邮箱：" + E + "。", 1, 0, 0, "邮箱：li@example.cn。");
    assertRedacts("🙂" + E + "🙂", 1, 0, 0, "🙂a@b.cd🙂");
    // the domain stops at the first non-ASCII letter, and needs a dot before it
    assertUnchanged("a@bücher.de");
    assertRedacts(E + "ü", 1, 0, 0, "a@b.cdü");
  }

  @Test
  void multipleAndAdjacentEmails() {
    assertRedacts(E + ", " + E + " and " + E, 3, 0, 0, "a@b.com, c@d.org and e.f@g.h.io");
    assertRedacts(E + "," + E, 2, 0, 0, "a@b.com,c@d.org");
    // matches do not overlap: the second "@" has no local part left after the first match
    assertRedacts(E + "@c.de", 1, 0, 0, "a@b.co@c.de");
    // an "@" whose domain fails does not stop the next one
    assertRedacts("a@b@" + E, 1, 0, 0, "a@b@c@d.com");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // IPv4

  @Test
  void ipv4WorkedExamples() {
    assertRedacts("Server " + I + " is up", 0, 1, 0, "Server 8.8.8.8 is up");
    assertRedacts("(" + I + ")", 0, 1, 0, "(8.8.4.4)");
    assertRedacts(I + ":53", 0, 1, 0, "1.1.1.1:53");
    assertRedacts("http://" + I + "/index.html", 0, 1, 0, "http://93.184.216.34/index.html");
    assertRedacts(I + "/24", 0, 1, 0, "1.2.3.0/24");
    assertRedacts("Ping " + I + ".", 0, 1, 0, "Ping 8.8.8.8.");
    assertRedacts("..." + I + "...", 0, 1, 0, "...8.8.8.8...");
    assertRedacts(I + "-" + I, 0, 2, 0, "1.0.0.1-1.0.0.255");
    assertRedacts(I, 0, 1, 0, "223.255.255.255");
  }

  @Test
  void ipv4PrivateAddressesAreKept() {
    assertUnchanged("gateway 192.168.1.1, dns 10.0.0.53, local 127.0.0.1, any 0.0.0.0, bcast 255.255.255.255");
    assertUnchanged("docs 192.0.2.1 198.51.100.7 203.0.113.255, cgnat 100.64.0.1, link 169.254.169.254");
    assertRedacts("10.0.0.1 and " + I, 0, 1, 0, "10.0.0.1 and 11.0.0.1");
  }

  @Test
  void ipv4MustStandAlone() {
    assertUnchanged("1.2.3.4.5");
    assertUnchanged("version 10.0.0.1234");
    assertUnchanged("v1.2.3.4 and 1.2.3.4a and 1.2.3.4_5 and x.1.2.3.4");
    assertUnchanged("11.22.33.44.55.66");
    assertUnchanged("8.8.8 and 8.8.8. and .8.8.8");
    // octets: at most 255, no leading zeros (CPython rejects them), one to three digits
    assertUnchanged("256.1.1.1 1.2.3.256 08.8.8.8 8.8.8.08 001.2.3.4 1.2.3.0004");
    assertUnchanged("1..2.3.4 1.2..3.4");
  }

  @Test
  void ipv4UnicodeAroundMatches() {
    assertRedacts("服务器" + I + "。", 0, 1, 0, "服务器8.8.8.8。");
    assertRedacts("Adresse : " + I + " — 🙂", 0, 1, 0, "Adresse : 8.8.8.8 — 🙂");
    assertRedacts("é" + I + "é", 0, 1, 0, "é8.8.8.8é");
  }

  @Test
  void isGlobalAtRangeEdges() {
    // {a, b, c, d, expected} per CPython 3.13
    int[][] cases = {
      {0, 0, 0, 0, 0}, {0, 255, 255, 255, 0}, {1, 0, 0, 0, 1},
      {9, 255, 255, 255, 1}, {10, 0, 0, 0, 0}, {10, 255, 255, 255, 0}, {11, 0, 0, 0, 1},
      {100, 63, 255, 255, 1}, {100, 64, 0, 0, 0}, {100, 127, 255, 255, 0}, {100, 128, 0, 0, 1},
      {126, 255, 255, 255, 1}, {127, 0, 0, 0, 0}, {127, 255, 255, 255, 0}, {128, 0, 0, 0, 1},
      {169, 253, 255, 255, 1}, {169, 254, 0, 0, 0}, {169, 254, 255, 255, 0}, {169, 255, 0, 0, 1},
      {172, 15, 255, 255, 1}, {172, 16, 0, 0, 0}, {172, 31, 255, 255, 0}, {172, 32, 0, 0, 1},
      {191, 255, 255, 255, 1}, {192, 0, 0, 0, 0}, {192, 0, 0, 7, 0}, {192, 0, 0, 8, 0}, {192, 0, 0, 9, 1},
      {192, 0, 0, 10, 1}, {192, 0, 0, 11, 0}, {192, 0, 0, 169, 0}, {192, 0, 0, 170, 0}, {192, 0, 0, 171, 0},
      {192, 0, 0, 172, 0}, {192, 0, 0, 255, 0}, {192, 0, 1, 0, 1},
      {192, 0, 1, 255, 1}, {192, 0, 2, 0, 0}, {192, 0, 2, 255, 0}, {192, 0, 3, 0, 1},
      {192, 88, 99, 1, 1},
      {192, 167, 255, 255, 1}, {192, 168, 0, 0, 0}, {192, 168, 255, 255, 0}, {192, 169, 0, 0, 1},
      {198, 17, 255, 255, 1}, {198, 18, 0, 0, 0}, {198, 19, 255, 255, 0}, {198, 20, 0, 0, 1},
      {198, 51, 99, 255, 1}, {198, 51, 100, 0, 0}, {198, 51, 100, 255, 0}, {198, 51, 101, 0, 1},
      {203, 0, 112, 255, 1}, {203, 0, 113, 0, 0}, {203, 0, 113, 255, 0}, {203, 0, 114, 0, 1},
      // multicast is not on CPython's list: global
      {223, 255, 255, 255, 1}, {224, 0, 0, 0, 1}, {224, 0, 0, 251, 1}, {239, 255, 255, 255, 1},
      {240, 0, 0, 0, 0}, {250, 1, 2, 3, 0}, {255, 255, 255, 254, 0}, {255, 255, 255, 255, 0},
      {8, 8, 8, 8, 1},
    };
    for (int[] c : cases) {
      String ip = c[0] + "." + c[1] + "." + c[2] + "." + c[3];
      boolean expected = c[4] == 1;
      assertEquals(expected, PiiRedactor.isGlobal(PiiRedactor.quad(c[0], c[1], c[2], c[3])), ip);
      Result r = redact("at " + ip + " now");
      assertEquals(expected ? 1 : 0, r.ipv4(), ip);
      assertEquals(expected ? "at " + I + " now" : "at " + ip + " now", r.text(), ip);
    }
  }

  @Test
  void parseDottedQuad() {
    assertEquals(PiiRedactor.quad(1, 2, 3, 4), PiiRedactor.parseDottedQuad("1.2.3.4", 0, 7));
    assertEquals(0xFFFF_FFFFL, PiiRedactor.parseDottedQuad("255.255.255.255", 0, 15));
    assertEquals(0L, PiiRedactor.parseDottedQuad("0.0.0.0", 0, 7));
    assertEquals(-1L, PiiRedactor.parseDottedQuad("1.2.3", 0, 5));
    assertEquals(-1L, PiiRedactor.parseDottedQuad("1.2.3.4.", 0, 8));
    assertEquals(-1L, PiiRedactor.parseDottedQuad("1.2.3.a", 0, 7));
    assertEquals(-1L, PiiRedactor.parseDottedQuad("01.2.3.4", 0, 8));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Phones

  @Test
  void phoneWorkedExamples() {
    assertRedacts("Call " + P + " now", 0, 0, 1, "Call (555) 123-4567 now");
    assertRedacts("Call " + P + " now", 0, 0, 1, "Call 555.123.4567 now");
    assertRedacts("Call " + P + ".", 0, 0, 1, "Call 5551234567.");
    assertRedacts("Call " + P, 0, 0, 1, "Call 555-1234567");
    assertRedacts("Call " + P, 0, 0, 1, "Call 555 - .123 4567");
    assertRedacts("Call " + P, 0, 0, 1, "Call (555)123-4567");
    // the pattern does not check that parentheses balance
    assertRedacts("Call " + P, 0, 0, 1, "Call 555) 123-4567");
    assertRedacts("Call " + P, 0, 0, 1, "Call (555 123-4567");
  }

  @Test
  void phoneKeepsTheWhitespaceInFront() {
    assertRedacts("Phone:\n\n" + P + "\n", 0, 0, 1, "Phone:\n\n555-123-4567\n");
    assertRedacts("Tel.\u00a0" + P, 0, 0, 1, "Tel.\u00a0555 123 4567");
    assertRedacts("Tel.\t" + P, 0, 0, 1, "Tel.\t555 123 4567");
    assertRedacts("电话\u3000" + P + "。", 0, 0, 1, "电话\u3000555-123-4567。");
  }

  @Test
  void phoneLimitsOfThePattern() {
    // whitespace is required in front: not at the start of the text, not after punctuation
    assertUnchanged("555-123-4567 is my number");
    assertUnchanged("tel:555-123-4567 or x5551234567");
    // at most one separator between the last two groups, only "-", "." or space
    assertUnchanged("call 555-123--4567 or 555/123/4567 or 555_123_4567");
    assertUnchanged("call 555 123\t4567");
    // no country code: "+1 " stays
    assertRedacts("+1 " + P, 0, 0, 1, "+1 555 123 4567");
    // no boundary at the end: the first ten digits of a longer run go
    assertRedacts("ts " + P + "12", 0, 0, 1, "ts 174294271812");
    // ASCII digits only
    assertUnchanged("call ５５５ １２３ ４５６７");
  }

  @Test
  void multipleAndOverlappingPhones() {
    assertRedacts("a " + P + " b " + P, 0, 0, 2, "a 555-123-4567 b (555) 765-4321");
    // the first start fails (the last group would be "555 "), the second succeeds
    assertRedacts(" 555 " + P, 0, 0, 1, " 555 555 555 5555");
    // "123 4567890" inside the first match would also match; finditer resumes after the first
    assertRedacts(" " + P + "890", 0, 0, 1, " 555 123 4567890");
    assertRedacts(" " + P + " " + P, 0, 0, 2, " 5551234567 5551234567");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Kinds together

  @Test
  void kindsTogetherAndOverlaps() {
    assertRedacts("Mail " + E + ", host " + I + ", phone " + P + ".", 1, 1, 1,
        "Mail ops@example.net, host 8.8.8.8, phone 555-123-4567.");
    // an address inside an email belongs to the email
    assertRedacts(E, 1, 0, 0, "user@8.8.8.8");
    assertRedacts(E, 1, 0, 0, "user@[8.8.8.8]");
    // a phone-shaped local part belongs to the email
    assertRedacts(" " + E, 1, 0, 0, " 555-123-4567@example.com");
    assertRedacts(" " + E, 1, 0, 0, " 8.8.8.8@example.com");
    // a private address stays and takes no span
    assertRedacts("10.0.0.1 " + P, 0, 0, 1, "10.0.0.1 555 123 4567");
  }

  @Test
  void disabledKinds() {
    String text = "user@8.8.8.8 and a@b.com at 1.1.1.1, call 555-123-4567";
    Result noEmails = new PiiRedactor(Settings.defaults().withEmails(false)).redact(text);
    assertEquals("user@" + I + " and a@b.com at " + I + ", call " + P, noEmails.text());
    assertEquals(0, noEmails.emails());
    assertEquals(2, noEmails.ipv4());
    assertEquals(1, noEmails.phones());

    Result onlyEmails = new PiiRedactor(Settings.defaults().withIpv4(false).withPhones(false)).redact(text);
    assertEquals(E + " and " + E + " at 1.1.1.1, call 555-123-4567", onlyEmails.text());
    assertEquals(2, onlyEmails.emails());
    assertEquals(0, onlyEmails.ipv4() + onlyEmails.phones());

    PiiRedactor none = new PiiRedactor(Settings.defaults().withEmails(false).withIpv4(false).withPhones(false));
    Result r = none.redact(text);
    assertSame(text, r.text());
    assertEquals(0, r.total());
  }

  @Test
  void customReplacementTokens() {
    PiiRedactor dolma = new PiiRedactor(Settings.defaults().withReplacements(" |||EMAIL_ADDRESS||| ",
        " |||IP_ADDRESS||| ", " |||PHONE_NUMBER||| "));
    assertEquals("Mail  |||EMAIL_ADDRESS|||  or  |||IP_ADDRESS||| , call  |||PHONE_NUMBER||| .",
        dolma.redact("Mail a@b.com or 8.8.8.8, call 555-123-4567.").text());

    PiiRedactor fake = new PiiRedactor(Settings.defaults().withReplacements("email@example.com",
        "22.214.171.124", "555-0100"));
    Result r = fake.redact("x@y.org 1.1.1.1 (800) 555-1234");
    assertEquals("email@example.com 22.214.171.124 555-0100", r.text());
    assertEquals(3, r.total());

    PiiRedactor delete = new PiiRedactor(Settings.defaults().withReplacements("", "", ""));
    assertEquals("a  b ", delete.redact("a x@y.org b 555-123-4567").text());
  }

  @Test
  void emptyAndCleanTextAreReturnedAsIs() {
    assertUnchanged("");
    assertUnchanged("Nothing personal here: 3.14, 2024-01-01, @handle, a@b, 1.2.3, 555-1234.");
    assertUnchanged("\n\t  \u00a0");
  }

  @Test
  void argumentChecks() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DEFAULT.redact(null));
    assertEquals("text must not be null", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Settings(true, true, true, null, "", ""));
    assertEquals("emailReplacement must not be null", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PiiRedactor(null));
    e = assertThrows(IllegalArgumentException.class, () -> new Result("x", 0, -1, 0));
    assertTrue(e.getMessage().contains("ipv4=-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PiiRedactor.isGlobal(1L << 32));
  }

  @Test
  void serializableAndReusable() throws Exception {
    PiiRedactor redactor = new PiiRedactor(Settings.defaults().withPhones(false));
    PiiRedactor copy = JavaSerialization.roundTrip(redactor);
    assertEquals(redactor.settings(), copy.settings());
    String text = "a@b.com 8.8.8.8 555-123-4567";
    assertEquals(redactor.redact(text), copy.redact(text));
    assertEquals(redactor.redact(text), redactor.redact(text));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Hostile input: each is 10 MB and must complete (linear scanners); the counts show the scanners ran to the end.

  private static final int TEN_MB = 10 * 1024 * 1024;

  private static String repeat(String unit, int totalChars) {
    return unit.repeat(totalChars / unit.length());
  }

  @Test
  void adversarialAtSigns() {
    assertUnchanged(repeat("a@", TEN_MB));
    assertUnchanged(repeat("@", TEN_MB));
    assertUnchanged(repeat("a.", TEN_MB) + "@");
    // a long run of non-word atom characters before the only word boundary
    assertRedacts(repeat("-", TEN_MB) + E, 1, 0, 0, repeat("-", TEN_MB) + "x@a.com");
    // a domain of five million labels that ends in a dot; and one long label ending in a hyphen
    Result r = redact("x@" + repeat("a.", TEN_MB));
    assertEquals(E + ".", r.text());
    assertEquals(1, r.emails());
    assertUnchanged("x@" + repeat("a-", TEN_MB));
    // two million short addresses
    Result many = redact(repeat("a@b.c ", TEN_MB));
    assertEquals(TEN_MB / 6, many.emails());
  }

  @Test
  void adversarialDotsAndDigits() {
    assertUnchanged(repeat("1.", TEN_MB));
    assertUnchanged(repeat("255.", TEN_MB));
    assertUnchanged(repeat("9", TEN_MB));
    assertUnchanged(repeat("1.2.3.4.", TEN_MB));
    Result r = redact(repeat("1.2.3.4 ", TEN_MB));
    assertEquals(TEN_MB / 8, r.ipv4());
    assertEquals(repeat(I + " ", (I.length() + 1) * (TEN_MB / 8)), r.text());
  }

  @Test
  void adversarialPhones() {
    Result digits = redact(" " + repeat("9", TEN_MB));
    assertEquals(1, digits.phones());
    assertEquals(" " + P + repeat("9", TEN_MB - 10), digits.text());
    // a separator run of ten million characters between the groups
    Result separators = redact(" 555" + repeat("-. ", TEN_MB) + "1234567");
    assertEquals(1, separators.phones());
    assertEquals(" " + P, separators.text());
    assertRedacts(repeat(" ", TEN_MB) + P, 0, 0, 1, repeat(" ", TEN_MB) + "5551234567");
    assertUnchanged(repeat(" (555", TEN_MB));
    assertUnchanged(repeat(" 555 123", TEN_MB));
    Result many = redact(repeat(" 5551234567", TEN_MB));
    assertEquals(TEN_MB / 11, many.phones());
  }
}
