package dev.sieve.jobs.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run's report (the map written as {@code report.json}) as one self-contained HTML page: no script, no
 * stylesheet or font from the network, every chart an inline SVG drawn here, so the page opens anywhere (a laptop,
 * an OSS console preview, a Zeppelin note) exactly as it was written. Sections: the run's summary; records in, kept
 * and rejected; what each stage took in and let through; rejects by reason; time per phase; the distributions the
 * stages contributed (quality signals, languages, duplicate cluster sizes, probe results); the effective
 * configuration (secrets already redacted). Each chart is an {@code <svg class="chart" data-chart="...">}.
 */
public final class ReportHtml {
  private ReportHtml() {}

  private static final String[] PALETTE = {"#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6",
      "#dd4477", "#66aa00", "#b82e2e", "#316395"};

  /** The page for one report. */
  @SuppressWarnings("unchecked")
  public static String render(Map<String, Object> report) {
    StringBuilder h = new StringBuilder(16_384);
    String job = str(report.get("job"));
    String run = str(report.get("run_id"));
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc("Sieve " + job + " run " + run)).append("</title><style>")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;")
        .append("max-width:1100px;color:#222;padding:0 16px}h1{font-size:22px}h2{font-size:17px;margin-top:32px;")
        .append("border-bottom:1px solid #ddd;padding-bottom:4px}table{border-collapse:collapse;font-size:13px}")
        .append("td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.chart{display:block;margin:8px 0}")
        .append(".grid{display:flex;flex-wrap:wrap;gap:24px}.muted{color:#777}.fail{color:#b00}")
        .append("code{font-size:12px}</style></head><body>\n");
    h.append("<h1>Sieve <code>").append(esc(job)).append("</code> run <code>").append(esc(run))
        .append("</code></h1>\n");

    // Summary
    String status = str(report.get("status"));
    h.append("<table class=\"summary\"><tr><th>status</th><td class=\"").append(status.equals("failed") ? "fail" : "")
        .append("\">").append(esc(status)).append("</td></tr>");
    row(h, "started", report.get("started_at"));
    row(h, "finished", report.get("finished_at"));
    row(h, "duration (s)", report.get("duration_s"));
    Map<String, Object> input = map(report.get("input"));
    row(h, "input", input.get("path"));
    Map<String, Object> output = map(report.get("output"));
    row(h, "output", output.get("path"));
    if (report.containsKey("error")) {
      row(h, "error", report.get("error"));
    }
    h.append("</table>\n");

    // Records
    long in = num(report.get("input_records"));
    long kept = num(report.get("kept_records"));
    long rejected = num(report.get("rejected_records"));
    h.append("<h2>Records</h2>\n");
    h.append(bars("records", List.of("input", "kept", "rejected"), List.of(in, kept, rejected),
        List.of(PALETTE[0], PALETTE[3], PALETTE[1]), 520, 28, 90));

    // Stages
    List<Object> stages = list(report.get("stages"));
    if (!stages.isEmpty()) {
      h.append("<h2>Stages</h2>\n<p class=\"muted\">Records each stage took in (light) and let through (dark); "
          + "the difference is what it rejected.</p>\n");
      List<String> names = new ArrayList<>();
      List<Long> ins = new ArrayList<>();
      List<Long> outs = new ArrayList<>();
      for (Object o : stages) {
        Map<String, Object> s = map(o);
        names.add(str(s.get("name")));
        ins.add(num(s.get("input_records")));
        outs.add(num(s.get("output_records")));
      }
      h.append(pairedBars("stages", names, ins, outs));
      h.append("<table><tr><th>stage</th><th>what it does</th><th>in</th><th>rejected</th><th>out</th></tr>");
      for (Object o : stages) {
        Map<String, Object> s = map(o);
        h.append("<tr><td><code>").append(esc(str(s.get("name")))).append("</code></td><td>")
            .append(esc(str(s.get("description")))).append("</td><td class=\"n\">").append(fmt(s.get("input_records")))
            .append("</td><td class=\"n\">").append(fmt(s.get("rejected_records"))).append("</td><td class=\"n\">")
            .append(fmt(s.get("output_records"))).append("</td></tr>");
      }
      h.append("</table>\n");
    }

    // Reasons
    Map<String, Object> reasons = map(report.get("rejected_by_reason"));
    h.append("<h2>Rejects by reason</h2>\n");
    if (reasons.isEmpty()) {
      h.append("<p class=\"muted\">Nothing was rejected.</p>\n");
    } else {
      List<Map.Entry<String, Object>> sorted = new ArrayList<>(reasons.entrySet());
      sorted.sort((a, b) -> Long.compare(num(b.getValue()), num(a.getValue())));
      List<String> labels = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      for (Map.Entry<String, Object> e : sorted) {
        labels.add(e.getKey());
        counts.add(num(e.getValue()));
      }
      h.append(horizontalBars("reasons", labels, counts));
      Map<String, Object> descriptions = map(report.get("reason_descriptions"));
      h.append("<table><tr><th>reason</th><th>records</th><th>meaning</th></tr>");
      for (int i = 0; i < labels.size(); i++) {
        h.append("<tr><td><code>").append(esc(labels.get(i))).append("</code></td><td class=\"n\">")
            .append(fmt(counts.get(i))).append("</td><td>").append(esc(str(descriptions.get(labels.get(i)))))
            .append("</td></tr>");
      }
      h.append("</table>\n");
    }

    // Distributions contributed by the stages
    List<Object> distributions = list(report.get("distributions"));
    if (!distributions.isEmpty()) {
      h.append("<h2>Distributions</h2>\n<div class=\"grid\">");
      for (Object o : distributions) {
        Map<String, Object> d = map(o);
        List<String> labels = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Object b : list(d.get("buckets"))) {
          Map<String, Object> bucket = map(b);
          labels.add(str(bucket.get("label")));
          counts.add(num(bucket.get("count")));
        }
        h.append("<div><h3 style=\"font-size:14px\">").append(esc(str(d.get("title")))).append("</h3>")
            .append(histogram("dist-" + str(d.get("name")), labels, counts)).append("</div>");
      }
      h.append("</div>\n");
    }

    // Phases
    List<Object> phases = list(report.get("phases"));
    if (!phases.isEmpty()) {
      h.append("<h2>Time per phase</h2>\n");
      List<String> labels = new ArrayList<>();
      List<Long> millis = new ArrayList<>();
      for (Object o : phases) {
        Map<String, Object> p = map(o);
        labels.add(str(p.get("name")));
        millis.add(Math.round(dbl(p.get("wall_s")) * 1000));
      }
      h.append(horizontalBars("phases", labels, millis)).append("<p class=\"muted\">milliseconds</p>\n");
    }

    // Configuration
    Map<String, Object> config = map(report.get("config"));
    if (!config.isEmpty()) {
      h.append("<h2>Effective configuration</h2>\n<table class=\"config\"><tr><th>key</th><th>value</th></tr>");
      for (Map.Entry<String, Object> e : new java.util.TreeMap<>(config).entrySet()) {
        h.append("<tr><td><code>").append(esc(e.getKey())).append("</code></td><td><code>")
            .append(esc(str(e.getValue()))).append("</code></td></tr>");
      }
      h.append("</table>\n");
    }
    h.append("<p class=\"muted\">Written by Sieve with report.json beside it.</p>\n</body></html>\n");
    return h.toString();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Charts: inline SVG

  /** One labelled horizontal bar per value, coloured by {@code colors} in turn, the value written after it. */
  private static String bars(String id, List<String> labels, List<Long> values, List<String> colors, int w,
      int rowH, int labelW) {
    long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
    StringBuilder s = svgOpen(id, w, rowH * labels.size() + 10);
    for (int i = 0; i < labels.size(); i++) {
      int y = 5 + i * rowH;
      int baseline = y + rowH / 2 + 4;
      int len = (int) Math.round((w - labelW - 110) * (double) values.get(i) / max);
      s.append(text(labelW - 6, baseline, labels.get(i), "end"))
          .append(rect(labelW, y + 3, Math.max(len, values.get(i) > 0 ? 1 : 0), rowH - 7, colors.get(i % colors.size()),
              labels.get(i) + ": " + fmt(values.get(i))))
          .append(text(labelW + len + 6, baseline, fmt(values.get(i)), "start"));
    }
    return s.append("</svg>\n").toString();
  }

  /** {@link #bars} in the palette's colours, wide labels (reasons, phases). */
  private static String horizontalBars(String id, List<String> labels, List<Long> values) {
    return bars(id, labels, values, List.of(PALETTE), 760, 22, 240);
  }

  private static String pairedBars(String id, List<String> labels, List<Long> ins, List<Long> outs) {
    int w = 760;
    int rowH = 30;
    int labelW = 160;
    long max = Math.max(1, ins.stream().mapToLong(Long::longValue).max().orElse(1));
    StringBuilder s = svgOpen(id, w, rowH * labels.size() + 10);
    for (int i = 0; i < labels.size(); i++) {
      int y = 5 + i * rowH;
      int inLen = (int) Math.round((w - labelW - 160) * (double) ins.get(i) / max);
      int outLen = (int) Math.round((w - labelW - 160) * (double) outs.get(i) / max);
      s.append(text(labelW - 6, y + 18, labels.get(i), "end"))
          .append(rect(labelW, y + 3, inLen, rowH - 8, "#a6c0ee", labels.get(i) + " in: " + fmt(ins.get(i))))
          .append(rect(labelW, y + 3, outLen, rowH - 8, PALETTE[0], labels.get(i) + " out: " + fmt(outs.get(i))))
          .append(text(labelW + inLen + 6, y + 18, fmt(outs.get(i)) + " of " + fmt(ins.get(i)), "start"));
    }
    return s.append("</svg>\n").toString();
  }

  private static String histogram(String id, List<String> labels, List<Long> counts) {
    int n = Math.max(1, labels.size());
    int barW = Math.max(14, Math.min(48, 480 / n));
    int chartH = 160;
    int w = 50 + n * (barW + 4);
    long max = Math.max(1, counts.stream().mapToLong(Long::longValue).max().orElse(1));
    StringBuilder s = svgOpen(id, Math.max(w, 200), chartH + 70);
    for (int i = 0; i < labels.size(); i++) {
      int x = 40 + i * (barW + 4);
      int hgt = (int) Math.round((chartH - 10) * (double) counts.get(i) / max);
      s.append(rect(x, chartH - hgt, barW, hgt, PALETTE[0], labels.get(i) + ": " + fmt(counts.get(i))));
      s.append("<text x=\"").append(x + barW / 2).append("\" y=\"").append(chartH + 12)
          .append("\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-45 ").append(x + barW / 2).append(' ')
          .append(chartH + 12).append(")\">").append(esc(labels.get(i))).append("</text>");
    }
    s.append(text(36, 14, fmt(max), "end")).append(text(36, chartH, "0", "end"));
    return s.append("</svg>\n").toString();
  }

  private static StringBuilder svgOpen(String id, int w, int h) {
    return new StringBuilder().append("<svg class=\"chart\" data-chart=\"").append(esc(id))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
        .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\" aria-label=\"")
        .append(esc(id)).append("\">");
  }

  private static String rect(int x, int y, int w, int h, String fill, String title) {
    return "<rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + w + "\" height=\"" + h + "\" fill=\"" + fill
        + "\"><title>" + esc(title) + "</title></rect>";
  }

  private static String text(int x, int y, String t, String anchor) {
    return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"12\" text-anchor=\"" + anchor + "\">" + esc(t)
        + "</text>";
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static void row(StringBuilder h, String k, Object v) {
    if (v != null) {
      h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(str(v))).append("</td></tr>");
    }
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': b.append("&lt;"); break;
        case '>': b.append("&gt;"); break;
        case '&': b.append("&amp;"); break;
        case '"': b.append("&quot;"); break;
        case '\'': b.append("&#39;"); break;
        default: b.append(c);
      }
    }
    return b.toString();
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0L;
  }

  private static double dbl(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0.0;
  }

  private static String fmt(Object o) {
    return o instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : str(o);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o instanceof List ? (List<Object>) o : List.of();
  }
}
