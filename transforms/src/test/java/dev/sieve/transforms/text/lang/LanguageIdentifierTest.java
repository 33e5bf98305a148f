package dev.sieve.transforms.text.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageIdentifierTest {
  private final LanguageIdentifier id = new LanguageIdentifier(10_000);

  @Test
  void identifiesSentencesInSeveralScripts() {
    Map<String, String> samples = Map.of(
        "en", "The council met on Tuesday evening to discuss the plans for the new bridge over the river.",
        "de", "Der Gemeinderat traf sich am Dienstagabend, um die Pläne für die neue Brücke zu besprechen.",
        "fr", "Le conseil municipal s'est réuni mardi soir pour discuter des plans du nouveau pont.",
        "ru", "Городской совет собрался во вторник вечером, чтобы обсудить планы нового моста.",
        "zh", "市议会星期二晚上开会，讨论了新桥的建设计划。",
        "ja", "市議会は火曜日の夜に集まり、新しい橋の計画について話し合いました。",
        "ar", "اجتمع مجلس المدينة مساء الثلاثاء لمناقشة خطط الجسر الجديد.");
    samples.forEach((lang, text) -> {
      LanguageIdentifier.Result r = id.identify(text);
      assertEquals(lang, r.lang(), text);
      assertTrue(r.score() > 0.5 && r.score() <= 1.0, r.toString());
    });
    // Traditional Chinese is zh too.
    assertEquals("zh", id.identify("市議會星期二晚上開會，討論了新橋的建設計劃。").lang());
  }

  @Test
  void cjkTextsAreDecidedByScript() {
    // Short UI-like strings, where n-gram profiles confuse Chinese with Korean.
    assertEquals("zh", id.identify("打开文件").lang());
    assertEquals("zh", id.identify("設定").lang());
    assertEquals("ja", id.identify("ファイルを開く").lang());
    assertEquals("ja", id.identify("新しいフォルダーを作成").lang());
    assertEquals("ko", id.identify("파일 열기").lang());
    assertEquals("ko", id.identify("새 폴더 만들기 (新規)").lang());
    assertEquals(1.0, id.identify("打开文件").score());
    assertEquals("ka", id.identify("ქალაქის საბჭო სამშაბათს შეიკრიბა").lang());
    assertEquals("hy", id.identify("Քաղաքային խորհուրդը հավաքվեց երեքշաբթի").lang());
    assertEquals("el", id.identify("Το δημοτικό συμβούλιο συνεδρίασε την Τρίτη").lang());
    // Mostly Latin with a few Han characters: the detector decides.
    assertEquals("en", id.identify("The word for river is 河 in Chinese, and the council met by the river.").lang());
  }

  @Test
  void nothingToIdentifyIsUnknown() {
    assertEquals(new LanguageIdentifier.Result("und", 0.0), id.identify(""));
    assertEquals(new LanguageIdentifier.Result("und", 0.0), id.identify(null));
    assertEquals("und", id.identify("12345 67 890 !!! ...").lang());
  }

  @Test
  void isDeterministicAndReadsOnlyTheSample() {
    String text = "Die Brücke wurde im Frühjahr wieder geöffnet, nachdem der Sturm vorüber war. ";
    LanguageIdentifier.Result first = id.identify(text.repeat(50));
    for (int i = 0; i < 5; i++) {
      assertEquals(first, id.identify(text.repeat(50)));
    }
    // The first 100 characters are German; what follows is not read.
    LanguageIdentifier small = new LanguageIdentifier(100);
    assertEquals("de", small.identify(text + "The rest of this document is written in English. ".repeat(40)).lang());
    assertThrows(IllegalArgumentException.class, () -> new LanguageIdentifier(0));
    assertTrue(LanguageIdentifier.supportedLanguages().containsAll(java.util.Set.of("en", "de", "zh", "ja", "ar")));
  }
}
