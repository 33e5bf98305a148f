import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfile;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Language-identification evaluation harness for Sieve: lingua 1.2.2 vs Optimaize language-detector 0.6.
 *
 * Build and run (one configuration per JVM, so heap and load time are measured from a clean start):
 *   javac -cp 'lib/*' -d classes Eval.java
 *   nice -n 19 java -Xmx6g -XX:+UseSerialGC -XX:ActiveProcessorCount=1 \
 *        -Djava.util.concurrent.ForkJoinPool.common.parallelism=1 -cp 'lib/*:classes' Eval CONFIG [corpus.tsv] [outDir]
 * CONFIG: lingua-low-all | lingua-high-eval | lingua-high-all | optimaize-large | optimaize-short
 *         (see run_all.sh). Results go to results/CONFIG.{md,tsv} and results/preds-CONFIG.tsv.
 *
 * Every detector is wrapped to return (lang = ISO 639-1 or "und", lang_score in [0,1]):
 *   lingua:    computeLanguageConfidenceValues() once; lang = top language; lang_score = 1 - (second value)
 *              (the values are relative: the top language is always 1.0, the others are its log-likelihood divided
 *              by theirs; 1 - second is the relative margin; 1.0 when only one language is left after the
 *              alphabet rules, 0 with lang "und" when nothing is detectable).
 *   optimaize: getProbabilities(textObject) once; lang = top locale; lang_score = its probability
 *              (probabilities < 0.1 are dropped by the library; an empty list gives "und", 0).
 */
public class Eval {

    // ------------------------------------------------------------------ detector abstraction
    record Result(String lang, double score, java.util.function.Supplier<String> detail) {}

    interface Det {
        Result detect(String text);
        Set<String> supported();   // ISO 639-1 codes this configuration can return
    }

    static String linguaIso(Language l) {
        if (l == Language.UNKNOWN) return "und";
        return l.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
    }

    static String optimaizeIso(String locale) {
        // built-in profiles: ISO 639-1 except "no" (Norwegian, mapped to nb: the profile is Bokmål Wikipedia)
        // and zh-CN / zh-TW (both zh)
        String l = locale;
        int dash = l.indexOf('-');
        if (dash > 0) l = l.substring(0, dash);
        if (l.equals("no")) return "nb";
        return l;
    }

    static final class LinguaDet implements Det {
        final com.github.pemistahl.lingua.api.LanguageDetector d;
        final Set<String> supported;

        LinguaDet(com.github.pemistahl.lingua.api.LanguageDetector d, Collection<Language> langs) {
            this.d = d;
            this.supported = langs.stream().map(Eval::linguaIso).collect(Collectors.toCollection(TreeSet::new));
        }

        public Result detect(String text) {
            SortedMap<Language, Double> m = d.computeLanguageConfidenceValues(text);
            if (m.isEmpty()) return new Result("und", 0.0, () -> "");
            Iterator<Map.Entry<Language, Double>> it = m.entrySet().iterator();
            Map.Entry<Language, Double> top = it.next();
            double second = it.hasNext() ? it.next().getValue() : 0.0;
            return new Result(linguaIso(top.getKey()), 1.0 - second, () -> top3(m));
        }

        static String top3(SortedMap<Language, Double> m) {
            return m.entrySet().stream().limit(3)
                    .map(e -> linguaIso(e.getKey()) + "=" + String.format(Locale.ROOT, "%.4f", e.getValue()))
                    .collect(Collectors.joining(","));
        }

        public Set<String> supported() { return supported; }
    }

    static final class OptimaizeDet implements Det {
        final com.optimaize.langdetect.LanguageDetector d;
        final TextObjectFactory f;
        final Set<String> supported;

        OptimaizeDet(com.optimaize.langdetect.LanguageDetector d, TextObjectFactory f, List<LanguageProfile> profiles) {
            this.d = d;
            this.f = f;
            this.supported = profiles.stream().map(p -> optimaizeIso(p.getLocale().toString()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        public Result detect(String text) {
            List<DetectedLanguage> ps = d.getProbabilities(f.forText(text));
            if (ps.isEmpty()) return new Result("und", 0.0, () -> "");
            DetectedLanguage top = ps.get(0);
            return new Result(optimaizeIso(top.getLocale().toString()), top.getProbability(), () -> top3(ps));
        }

        static String top3(List<DetectedLanguage> ps) {
            return ps.stream().limit(3)
                    .map(p -> p.getLocale() + "=" + String.format(Locale.ROOT, "%.4f", p.getProbability()))
                    .collect(Collectors.joining(","));
        }

        public Set<String> supported() { return supported; }
    }

    // ------------------------------------------------------------------ corpus
    record Sample(String id, String lang, String cls, String source, String text, int bytes) {}

    static List<Sample> readCorpus(Path p) throws IOException {
        List<Sample> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", 5);
                if (f.length < 5) continue;
                out.add(new Sample(f[0], f[1], f[2], f[3], f[4], f[4].getBytes(StandardCharsets.UTF_8).length));
            }
        }
        return out;
    }

    /** "long" class for throughput and as a side accuracy figure: 5 paragraphs of one language joined (~2-5 kB). */
    static List<Sample> makeLong(List<Sample> corpus) {
        Map<String, List<Sample>> paras = new TreeMap<>();
        for (Sample s : corpus) if (s.cls.equals("paragraph")) paras.computeIfAbsent(s.lang, k -> new ArrayList<>()).add(s);
        List<Sample> out = new ArrayList<>();
        for (var e : paras.entrySet()) {
            List<Sample> ps = e.getValue();
            for (int i = 0; i + 5 <= ps.size(); i += 5) {
                StringBuilder sb = new StringBuilder();
                for (int j = i; j < i + 5; j++) { if (sb.length() > 0) sb.append(' '); sb.append(ps.get(j).text); }
                String t = sb.toString();
                out.add(new Sample(e.getKey() + "-l-" + (i / 5), e.getKey(), "long", "concat(" + ps.get(i).id + "..+4)", t,
                        t.getBytes(StandardCharsets.UTF_8).length));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ library support lists (ISO 639-1)
    static Set<String> linguaAll() {
        Set<String> s = new TreeSet<>();
        for (Language l : Language.values()) if (l != Language.UNKNOWN) s.add(linguaIso(l));
        return s;
    }

    static final List<String> OPTIMAIZE_PROFILES = List.of("af", "an", "ar", "ast", "be", "bg", "bn", "br", "ca", "cs",
            "cy", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr", "ht",
            "hu", "id", "is", "it", "ja", "km", "kn", "ko", "lt", "lv", "mk", "ml", "mr", "ms", "mt", "ne", "nl", "no",
            "oc", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "th", "tl", "tr",
            "uk", "ur", "vi", "wa", "yi", "zh-CN", "zh-TW");

    static Set<String> optimaizeAll() {
        return OPTIMAIZE_PROFILES.stream().map(Eval::optimaizeIso).collect(Collectors.toCollection(TreeSet::new));
    }

    static final int MIN_PER_CLASS = 50;

    /** languages evaluated head to head: in the corpus with >= MIN_PER_CLASS samples in both classes and supported by both. */
    static List<String> evalLangs(List<Sample> corpus) {
        Map<String, int[]> n = new TreeMap<>();
        for (Sample s : corpus) {
            int[] c = n.computeIfAbsent(s.lang, k -> new int[2]);
            c[s.cls.equals("short") ? 0 : 1]++;
        }
        Set<String> both = new TreeSet<>(linguaAll());
        both.retainAll(optimaizeAll());
        List<String> out = new ArrayList<>();
        for (var e : n.entrySet())
            if (e.getValue()[0] >= MIN_PER_CLASS && e.getValue()[1] >= MIN_PER_CLASS && both.contains(e.getKey()))
                out.add(e.getKey());
        return out;
    }

    // ------------------------------------------------------------------ memory
    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try { Thread.sleep(100); } catch (InterruptedException ignored) { }
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    // ------------------------------------------------------------------ build configurations
    static Det build(String config, List<String> eval) throws IOException {
        switch (config) {
            case "lingua-low-all":
                return new LinguaDet(com.github.pemistahl.lingua.api.LanguageDetectorBuilder.fromAllLanguages()
                        .withLowAccuracyMode().withPreloadedLanguageModels().build(), linguaLangs(null));
            case "lingua-high-all":
                return new LinguaDet(com.github.pemistahl.lingua.api.LanguageDetectorBuilder.fromAllLanguages()
                        .withPreloadedLanguageModels().build(), linguaLangs(null));
            case "lingua-high-eval": {
                List<Language> ls = linguaLangs(eval);
                return new LinguaDet(com.github.pemistahl.lingua.api.LanguageDetectorBuilder
                        .fromLanguages(ls.toArray(new Language[0])).withPreloadedLanguageModels().build(), ls);
            }
            case "lingua-low-eval": {
                List<Language> ls = linguaLangs(eval);
                return new LinguaDet(com.github.pemistahl.lingua.api.LanguageDetectorBuilder
                        .fromLanguages(ls.toArray(new Language[0])).withLowAccuracyMode().withPreloadedLanguageModels().build(), ls);
            }
            case "optimaize-large":
            case "optimaize-short": {
                List<LanguageProfile> profiles = new LanguageProfileReader().readAllBuiltIn();
                com.optimaize.langdetect.LanguageDetector d = com.optimaize.langdetect.LanguageDetectorBuilder
                        .create(NgramExtractors.standard()).withProfiles(profiles).build();
                TextObjectFactory f = config.equals("optimaize-large") ? CommonTextObjectFactories.forDetectingOnLargeText()
                        : CommonTextObjectFactories.forDetectingShortCleanText();
                return new OptimaizeDet(d, f, profiles);
            }
            case "sieve": {
                List<LanguageProfile> profiles = new LanguageProfileReader().readAllBuiltIn();
                Set<String> sup = profiles.stream().map(p -> optimaizeIso(p.getLocale().toString()))
                        .collect(Collectors.toCollection(TreeSet::new));
                dev.sieve.transforms.text.lang.LanguageIdentifier id = new dev.sieve.transforms.text.lang.LanguageIdentifier(10000);
                return new Det() {
                    public Result detect(String text) {
                        dev.sieve.transforms.text.lang.LanguageIdentifier.Result r = id.identify(text);
                        String l = r.lang().equals("no") ? "nb" : r.lang();
                        return new Result(l, r.score(), () -> "");
                    }
                    public Set<String> supported() { return sup; }
                };
            }
            default:
                throw new IllegalArgumentException("unknown config " + config);
        }
    }

    static List<Language> linguaLangs(List<String> iso) {
        List<Language> out = new ArrayList<>();
        for (Language l : Language.values()) {
            if (l == Language.UNKNOWN) continue;
            if (iso == null || iso.contains(linguaIso(l))) out.add(l);
        }
        return out;
    }

    // ------------------------------------------------------------------ main
    public static void main(String[] args) throws Exception {
        String config = args[0];
        Path corpusPath = Paths.get(args.length > 1 ? args[1] : "corpus.tsv");
        Path outDir = Paths.get(args.length > 2 ? args[2] : "results");
        Files.createDirectories(outDir);

        List<Sample> corpus = readCorpus(corpusPath);
        List<Sample> longs = makeLong(corpus);
        List<String> eval = evalLangs(corpus);
        List<String> allCorpusLangs = corpus.stream().map(Sample::lang).distinct().sorted().collect(Collectors.toList());

        StringBuilder md = new StringBuilder();
        md.append("# ").append(config).append("\n\n");
        md.append("java ").append(System.getProperty("java.version")).append(", availableProcessors=")
                .append(Runtime.getRuntime().availableProcessors()).append(", maxHeap=")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MB, FJ common parallelism=")
                .append(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()).append("\n\n");

        // --- load
        long before = usedHeap();
        long t0 = System.nanoTime();
        Det det = build(config, eval);
        long loadNs = System.nanoTime() - t0;
        long after = usedHeap();
        double heapMb = (after - before) / 1048576.0;
        md.append(String.format(Locale.ROOT, "load: %.2f s, heap used by models after load (gc): %.0f MB (baseline %.0f MB)%n%n",
                loadNs / 1e9, heapMb, before / 1048576.0));
        md.append("supported (ISO 639-1): ").append(det.supported().size()).append(" ").append(det.supported()).append("\n\n");
        md.append("evaluated head-to-head: ").append(eval.size()).append(" ").append(eval).append("\n\n");

        if ("load".equals(System.getProperty("eval.mode"))) {
            System.out.printf(Locale.ROOT, "%s loaded in %.1f s, heap after load %.0f MB (max heap %d MB)%n", config, loadNs / 1e9, heapMb,
                    Runtime.getRuntime().maxMemory() >> 20);
            return;
        }
        if ("throughput".equals(System.getProperty("eval.mode"))) {
            throughputOnly(config, det, corpus, longs, outDir, loadNs, heapMb, before);
            return;
        }

        // --- edge cases
        md.append("## Edge cases\n\n| input | lang | lang_score | raw top 3 |\n|---|---|---|---|\n");
        for (String[] e : EDGE) {
            Result r = det.detect(e[1]);
            md.append("| ").append(e[0]).append(" | ").append(r.lang).append(" | ")
                    .append(String.format(Locale.ROOT, "%.4f", r.score)).append(" | ")
                    .append(r.detail.get().replace("|", "/")).append(" |\n");
        }
        // determinism: same text twice
        boolean deterministic = true;
        for (int i = 0; i < corpus.size(); i += 97) {
            Result a = det.detect(corpus.get(i).text), b = det.detect(corpus.get(i).text);
            if (!a.lang.equals(b.lang) || a.score != b.score) deterministic = false;
        }
        md.append("\ndeterministic on repeated calls (every 97th sample): ").append(deterministic).append("\n\n");

        // --- accuracy pass (also the JIT warm-up)
        List<Sample> all = new ArrayList<>(corpus);
        all.addAll(longs);
        String[] pred = new String[all.size()];
        double[] score = new double[all.size()];
        long ta = System.nanoTime();
        for (int i = 0; i < all.size(); i++) {
            Result r = det.detect(all.get(i).text);
            pred[i] = r.lang;
            score[i] = r.score;
        }
        double accPassS = (System.nanoTime() - ta) / 1e9;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(outDir.resolve("preds-" + config + ".tsv")))) {
            w.println("id\tlang\tclass\tpred\tlang_score\tsource");
            for (int i = 0; i < all.size(); i++) {
                Sample s = all.get(i);
                w.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%.5f\t%s%n", s.id, s.lang, s.cls, pred[i], score[i], s.source);
            }
        }

        // --- accuracy tables
        String[] classes = {"short", "paragraph", "long"};
        Map<String, Map<String, int[]>> acc = new TreeMap<>(); // lang -> cls -> {n, correct}
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i);
            int[] c = acc.computeIfAbsent(s.lang, k -> new TreeMap<>()).computeIfAbsent(s.cls, k -> new int[2]);
            c[0]++;
            if (pred[i].equals(s.lang)) c[1]++;
            else if (!s.cls.equals("long")) confusion.computeIfAbsent(s.lang, k -> new TreeMap<>()).merge(pred[i], 1, Integer::sum);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(outDir.resolve(config + ".tsv")))) {
            w.println("lang\tsupported\tin_eval\tclass\tn\tcorrect\taccuracy");
            for (var e : acc.entrySet())
                for (var c : e.getValue().entrySet())
                    w.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%d\t%d\t%.4f%n", e.getKey(), det.supported().contains(e.getKey()),
                            eval.contains(e.getKey()), c.getKey(), c.getValue()[0], c.getValue()[1],
                            c.getValue()[1] / (double) c.getValue()[0]);
        }
        md.append("## Accuracy (top-1, no threshold) on the head-to-head languages\n\n| lang | short | paragraph | long | top confusions (short+paragraph) |\n|---|---|---|---|---|\n");
        double[] macro = new double[3];
        int[] macroN = new int[3];
        for (String l : eval) {
            md.append("| ").append(l);
            for (int k = 0; k < 3; k++) {
                int[] c = acc.getOrDefault(l, Map.of()).get(classes[k]);
                if (c == null || c[0] == 0) { md.append(" | -"); continue; }
                double a = c[1] / (double) c[0];
                macro[k] += a; macroN[k]++;
                md.append(String.format(Locale.ROOT, " | %.3f (%d)", a, c[0]));
            }
            md.append(" | ").append(topConf(confusion.get(l))).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "| **macro** | **%.4f** | **%.4f** | **%.4f** | |%n%n",
                macro[0] / macroN[0], macro[1] / macroN[1], macro[2] / macroN[2]));

        md.append("## Other corpus languages this configuration supports (not in the macro average)\n\n| lang | short | paragraph |\n|---|---|---|\n");
        for (String l : allCorpusLangs) {
            if (eval.contains(l) || !det.supported().contains(l)) continue;
            md.append("| ").append(l);
            for (int k = 0; k < 2; k++) {
                int[] c = acc.getOrDefault(l, Map.of()).get(classes[k]);
                md.append(c == null || c[0] == 0 ? " | -" : String.format(Locale.ROOT, " | %.3f (%d)", c[1] / (double) c[0], c[0]));
            }
            md.append(" |\n");
        }

        // --- score calibration: precision/coverage of "lang_score >= t" on head-to-head languages,
        //     and how often text in a language the configuration does NOT know passes the threshold
        double[] ts = {0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999};
        md.append("\n## lang_score calibration (head-to-head languages)\n\ncoverage = share of samples with lang_score >= t; precision = accuracy among them; "
                + "unknown-lang pass = share of samples in corpus languages this configuration does not support that get lang_score >= t "
                + "(they are always wrong)\n\n| t | short cov | short prec | para cov | para prec | long cov | long prec | unknown-lang pass |\n|---|---|---|---|---|---|---|---|\n");
        for (double t : ts) {
            md.append(String.format(Locale.ROOT, "| %s", t));
            for (String cls : classes) {
                int n = 0, cov = 0, ok = 0;
                for (int i = 0; i < all.size(); i++) {
                    Sample s = all.get(i);
                    if (!s.cls.equals(cls) || !eval.contains(s.lang)) continue;
                    n++;
                    if (score[i] >= t && !pred[i].equals("und")) { cov++; if (pred[i].equals(s.lang)) ok++; }
                }
                md.append(String.format(Locale.ROOT, " | %.3f | %.4f", cov / (double) n, cov == 0 ? 0 : ok / (double) cov));
            }
            int n = 0, pass = 0;
            for (int i = 0; i < all.size(); i++) {
                Sample s = all.get(i);
                if (s.cls.equals("long") || det.supported().contains(s.lang)) continue;
                n++;
                if (score[i] >= t && !pred[i].equals("und")) pass++;
            }
            md.append(String.format(Locale.ROOT, " | %.3f (n=%d) |%n", n == 0 ? 0 : pass / (double) n, n));
        }

        // --- mixed-language documents built from paragraphs
        md.append("\n## Mixed-language text (two paragraphs of the corpus concatenated, ~600 chars, dominant share by characters)\n\n"
                + "| pair | dominant share | n | pred=dominant | pred=minor | other | median lang_score | median lang_score of pure dominant paragraphs |\n|---|---|---|---|---|---|---|---|\n");
        Map<String, List<Sample>> paras = new TreeMap<>();
        for (Sample s : corpus) if (s.cls.equals("paragraph")) paras.computeIfAbsent(s.lang, k -> new ArrayList<>()).add(s);
        Map<String, Double> pureMedian = new HashMap<>();
        for (String[] pair : MIX_PAIRS) {
            List<Sample> A = paras.get(pair[0]), B = paras.get(pair[1]);
            if (A == null || B == null) continue;
            for (double share : new double[]{0.5, 0.8}) {
                int n = Math.min(60, Math.min(A.size(), B.size()));
                int dom = 0, min = 0, oth = 0;
                double[] sc = new double[n];
                for (int i = 0; i < n; i++) {
                    String a = A.get(i).text, b = B.get(B.size() - 1 - i).text;
                    String text = cut(a, (int) (600 * share)) + " " + cut(b, (int) (600 * (1 - share)));
                    Result r = det.detect(text);
                    if (r.lang.equals(pair[0])) dom++; else if (r.lang.equals(pair[1])) min++; else oth++;
                    sc[i] = r.score;
                }
                double pm = pureMedian.computeIfAbsent(pair[0], k -> {
                    List<Double> v = new ArrayList<>();
                    for (Sample s : paras.get(k)) v.add(det.detect(s.text).score);
                    return median(v.stream().mapToDouble(Double::doubleValue).toArray());
                });
                md.append(String.format(Locale.ROOT, "| %s+%s | %.0f%% | %d | %.2f | %.2f | %.2f | %.4f | %.4f |%n", pair[0], pair[1],
                        share * 100, n, dom / (double) n, min / (double) n, oth / (double) n, median(sc), pm));
            }
        }

        // --- throughput (after the warm-up above), one thread
        md.append("\n## Throughput (one thread, after warm-up; lang + lang_score per document)\n\n| class | docs | MB | seconds | docs/s | MB/s |\n|---|---|---|---|---|---|\n");
        StringBuilder tsvT = new StringBuilder();
        for (String cls : classes) {
            List<Sample> ss = new ArrayList<>();
            for (Sample s : all) if (s.cls.equals(cls)) ss.add(s);
            Collections.shuffle(ss, new Random(7));
            int cap = Integer.parseInt(System.getProperty("eval.throughputCap", "6000"));
            if (ss.size() > cap) ss = ss.subList(0, cap);
            long bytes = 0;
            for (Sample s : ss) bytes += s.bytes;
            long sink = 0;
            long tt = System.nanoTime();
            for (Sample s : ss) sink += det.detect(s.text).lang.hashCode();
            double sec = (System.nanoTime() - tt) / 1e9;
            if (sink == 42) System.out.print("");
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.0f | %.3f |%n", cls, ss.size(), bytes / 1e6, sec,
                    ss.size() / sec, bytes / 1e6 / sec));
            tsvT.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%.4f%n", config, cls, ss.size(), bytes, sec));
        }
        Files.writeString(outDir.resolve("throughput-" + config + ".tsv"), tsvT.toString());
        long afterRun = usedHeap();
        md.append(String.format(Locale.ROOT, "%naccuracy pass over %d docs took %.1f s; heap used after all runs (gc): %.0f MB%n",
                all.size(), accPassS, (afterRun - before) / 1048576.0));
        Files.writeString(outDir.resolve("load-" + config + ".tsv"),
                String.format(Locale.ROOT, "%s\t%.3f\t%.1f\t%.1f%n", config, loadNs / 1e9, heapMb, (afterRun - before) / 1048576.0));
        Files.writeString(outDir.resolve(config + ".md"), md.toString());
        System.out.println(md);
    }


    /** Throughput only: warm-up on every 5th document, then eval.reps timed repetitions per class; median and best. */
    static void throughputOnly(String config, Det det, List<Sample> corpus, List<Sample> longs, Path outDir, long loadNs,
                               double heapMb, long before) throws IOException {
        List<Sample> all = new ArrayList<>(corpus);
        all.addAll(longs);
        long sink = 0;
        long tw = System.nanoTime();
        for (int i = 0; i < all.size(); i += 5) sink += det.detect(all.get(i).text).lang.hashCode();
        double warm = (System.nanoTime() - tw) / 1e9;
        int reps = Integer.parseInt(System.getProperty("eval.reps", "3"));
        int cap = Integer.parseInt(System.getProperty("eval.throughputCap", "6000"));
        StringBuilder out = new StringBuilder();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "# %s throughput (%d repetitions after a %.0f s warm-up; load %.1f s, heap after load %.0f MB)%n%n"
                        + "wall = elapsed time (the machine is shared, so it includes waiting for a core); cpu = CPU time of the whole JVM process "
                        + "(all its threads: detection, the ForkJoin worker lingua hands work to, GC, JIT)%n%n"
                        + "| class | docs | MB | median wall s | docs/s (median wall) | MB/s (median wall) | docs/s (best wall) | MB/s (best wall) | median cpu s | docs per cpu-s | MB per cpu-s |%n|---|---|---|---|---|---|---|---|---|---|---|%n",
                config, reps, warm, loadNs / 1e9, heapMb));
        for (String cls : new String[]{"short", "paragraph", "long"}) {
            List<Sample> ss = new ArrayList<>();
            for (Sample s : all) if (s.cls.equals(cls)) ss.add(s);
            Collections.shuffle(ss, new Random(7));
            if (ss.size() > cap) ss = ss.subList(0, cap);
            long bytes = 0;
            for (Sample s : ss) bytes += s.bytes;
            double[] secs = new double[reps], cpus = new double[reps];
            for (int r = 0; r < reps; r++) {
                long tt = System.nanoTime(), c0 = processCpuNanos();
                for (Sample s : ss) sink += det.detect(s.text).lang.hashCode();
                secs[r] = (System.nanoTime() - tt) / 1e9;
                cpus[r] = (processCpuNanos() - c0) / 1e9;
            }
            double med = median(secs), best = Arrays.stream(secs).min().getAsDouble(), cpu = median(cpus);
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.0f | %.3f | %.0f | %.3f | %.2f | %.0f | %.3f |%n", cls, ss.size(), bytes / 1e6, med,
                    ss.size() / med, bytes / 1e6 / med, ss.size() / best, bytes / 1e6 / best, cpu, ss.size() / cpu, bytes / 1e6 / cpu));
            out.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%.4f\t%.4f\t%.4f%n", config, cls, ss.size(), bytes, med, best, cpu));
        }
        if (sink == 42) System.out.print("");
        Files.writeString(outDir.resolve("throughput-rep-" + config + ".tsv"), out.toString());
        Files.writeString(outDir.resolve("throughput-rep-" + config + ".md"), md.toString());
        System.out.println(md);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String cut(String s, int n) {
        if (s.length() <= n) return s;
        int sp = s.lastIndexOf(' ', n);
        return sp > n / 2 ? s.substring(0, sp) : s.substring(0, n);
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    static String topConf(Map<String, Integer> m) {
        if (m == null) return "";
        return m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(3)
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
    }

    static final String[][] MIX_PAIRS = {{"en", "de"}, {"de", "en"}, {"en", "fr"}, {"en", "ru"}, {"ru", "en"}, {"en", "zh"},
            {"zh", "en"}, {"en", "ja"}, {"es", "pt"}, {"ru", "uk"}, {"de", "nl"}, {"cs", "sk"}};

    static final String[][] EDGE = {
            {"empty \"\"", ""},
            {"blanks", "   \t  "},
            {"digits", "1234567890 42 3.14159 2024-06-11"},
            {"punctuation", "!!! ??? ... --- *** ### ///"},
            {"emoji", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDC4D\uD83C\uDF89"},
            {"url", "https://example.com/a/b?c=d&e=f"},
            {"code", "for (int i = 0; i < n; i++) { sum += a[i]; }"},
            {"one EN word", "Hello"},
            {"one DE word", "Haus"},
            {"EN sentence", "The quick brown fox jumps over the lazy dog."},
            {"RU short", "Привет, как дела?"},
            {"UK short", "Привіт, як справи?"},
            {"JA kanji only", "東京都庁"},
            {"JA kana", "これは日本語の文章です。"},
            {"ZH", "这是一个中文句子。"},
            {"DE+EN+FR sentences", "Das ist ein Haus. This is a house. C'est une maison."},
            {"EN with DE quote", "He said that the word Schadenfreude has no exact English equivalent at all."},
            {"ZH with EN terms", "我们使用 Apache Spark 和 Delta Lake 处理数据"},
            {"EN 50/50 DE", "The committee will meet again next week to discuss the budget. Der Ausschuss wird sich nächste Woche erneut treffen."},
            {"Latin lorem", "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."},
            {"Tagalog-English (Taglish)", "Sobrang traffic kanina kaya late ako sa meeting namin."},
    };
}
