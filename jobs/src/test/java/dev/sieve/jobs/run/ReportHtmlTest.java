package dev.sieve.jobs.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {

  private static Map<String, Object> report() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("job", "text-dedup");
    r.put("run_id", "20261128T000000Z-abc");
    r.put("status", "succeeded");
    r.put("input", Map.of("path", "file:///data/in"));
    r.put("output", Map.of("path", "file:///data/out"));
    r.put("input_records", 403);
    r.put("kept_records", 320);
    r.put("rejected_records", 83);
    r.put("rejected_by_reason", Map.of("exact_duplicate", 48, "near_duplicate", 23, "malformed_json", 3));
    r.put("reason_descriptions", Map.of("exact_duplicate", "the normalized text equals <that> of a kept document"));
    r.put("stages", List.of(
        Map.of("name", "read", "description", "read", "input_records", 403, "rejected_records", 12,
            "output_records", 391),
        Map.of("name", "exact_dedup", "description", "exact", "input_records", 391, "rejected_records", 48,
            "output_records", 343)));
    r.put("phases", List.of(Map.of("name", "read", "wall_s", 1.5), Map.of("name", "write", "wall_s", 2.25)));
    r.put("distributions", List.of(Map.of("name", "near_dedup_cluster_sizes", "title", "cluster sizes",
        "buckets", List.of(Map.of("label", "2", "count", 10), Map.of("label", "3", "count", 2)))));
    r.put("config", Map.of("dedup.mode", "exact+near", "note", "</td><script>alert(1)</script>"));
    return r;
  }

  @Test
  void everySectionIsAnInlineSvgChartAndNothingLoadsFromTheNetwork() {
    String html = ReportHtml.render(report());
    for (String chart : List.of("records", "stages", "reasons", "phases", "dist-near_dedup_cluster_sizes")) {
      assertTrue(html.contains("data-chart=\"" + chart + "\""), chart);
    }
    assertTrue(html.contains("<rect"), "bars are drawn");
    assertFalse(html.contains("<script"), "no script, so nothing can fail at view time");
    assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "nothing from the network");
    assertTrue(html.contains("&lt;/td&gt;&lt;script&gt;"), "values are escaped");
    assertTrue(html.contains("the normalized text equals &lt;that&gt;"));
  }

  @Test
  void aFailedRunShowsItsError() {
    Map<String, Object> r = report();
    r.put("status", "failed");
    r.put("error", "output not writable");
    String html = ReportHtml.render(r);
    assertTrue(html.contains("class=\"fail\">failed"), html.substring(0, 600));
    assertTrue(html.contains("output not writable"));
  }
}
