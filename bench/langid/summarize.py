#!/usr/bin/env python3
"""Combine results/*.tsv written by Eval.java into one markdown summary (stdout)."""
import csv, glob, os, re, collections

R = os.path.join(os.environ.get("LANGID_WORK", os.path.dirname(os.path.abspath(__file__))), "results")
ORDER = ["sieve", "lingua-low-all", "lingua-low-eval", "lingua-high-eval", "lingua-high-all", "optimaize-large", "optimaize-short"]
configs = [c for c in ORDER if os.path.exists(os.path.join(R, c + ".tsv"))]

acc = {}      # config -> lang -> cls -> (n, correct)
evalset = set()
for c in configs:
    acc[c] = collections.defaultdict(dict)
    for r in csv.DictReader(open(os.path.join(R, c + ".tsv")), delimiter="\t"):
        acc[c][r["lang"]][r["class"]] = (int(r["n"]), int(r["correct"]), r["supported"] == "true")
        if r["in_eval"] == "true":
            evalset.add(r["lang"])
evalset = sorted(evalset)

def load(c):
    f = os.path.join(R, "load-" + c + ".tsv")
    if not os.path.exists(f):
        return None
    _, t, heap, heap2 = open(f).read().split("\t")
    return float(t), float(heap), float(heap2)

def thr(c):
    """per CPU-second of the JVM process from run_throughput.sh (3 repetitions, median) if present,
    else wall-clock from the single pass of the full run"""
    out = {}
    f = os.path.join(R, "throughput-rep-" + c + ".tsv")
    if os.path.exists(f):
        for line in open(f):
            _, cls, n, b, med, best, cpu = line.split("\t")
            out[cls] = (int(n) / float(cpu), int(b) / 1e6 / float(cpu))
        return out
    f = os.path.join(R, "throughput-" + c + ".tsv")
    if os.path.exists(f):
        for line in open(f):
            _, cls, n, b, s = line.split("\t")
            out[cls] = (int(n) / float(s), int(b) / 1e6 / float(s))
    return out

def rss(c):
    f = os.path.join(R, c + ".time")
    if not os.path.exists(f):
        return None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f).read())
    return int(m.group(1)) / 1024 if m else None

def macro(c, cls, langs):
    v = [acc[c][l][cls][1] / acc[c][l][cls][0] for l in langs if cls in acc[c][l] and acc[c][l][cls][0]]
    return sum(v) / len(v) if v else float("nan")

print(f"# Language identification: summary\n\nhead-to-head languages ({len(evalset)}): {' '.join(evalset)}\n")
print("docs/s and MB/s are per CPU-second of the JVM (median of 3 repetitions after warm-up, one detection thread); heap after load = used heap after System.gc() minus the baseline before building the detector\n")
print("| configuration | macro acc short | macro acc paragraph | macro acc long (5 paragraphs) | docs/s short | docs/s paragraph | docs/s long | MB/s short | MB/s paragraph | MB/s long | heap after load | load time | max RSS of the JVM (full run) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for c in configs:
    t = thr(c)
    l = load(c)
    r = rss(c)
    cells = [c] + [f"{macro(c, k, evalset):.4f}" for k in ("short", "paragraph", "long")]
    cells += [f"{t[k][0]:,.0f}" if k in t else "-" for k in ("short", "paragraph", "long")]
    cells += [f"{t[k][1]:.3f}" if k in t else "-" for k in ("short", "paragraph", "long")]
    cells += [f"{l[1]:,.0f} MB" if l else "-", f"{l[0]:.1f} s" if l else "-", f"{r:,.0f} MB" if r else "-"]
    print("| " + " | ".join(cells) + " |")

print("\n## Accuracy per language and length class (short / paragraph)\n")
print("| lang | " + " | ".join(configs) + " |")
print("|---|" + "---|" * len(configs))
for lang in evalset:
    row = [lang]
    for c in configs:
        s = acc[c][lang].get("short")
        p = acc[c][lang].get("paragraph")
        row.append(f"{s[1]/s[0]:.3f} / {p[1]/p[0]:.3f}")
    print("| " + " | ".join(row) + " |")
row = ["**macro**"] + [f"**{macro(c,'short',evalset):.4f} / {macro(c,'paragraph',evalset):.4f}**" for c in configs]
print("| " + " | ".join(row) + " |")

# languages supported by only some configurations
others = sorted(set(l for c in configs for l in acc[c]) - set(evalset))
print("\n## Other corpus languages (short / paragraph; '-' = not supported by the configuration, so always wrong)\n")
print("| lang | n short / paragraph | " + " | ".join(configs) + " |")
print("|---|---|" + "---|" * len(configs))
for lang in others:
    any_c = configs[0]
    s = acc[any_c][lang].get("short", (0, 0, False))
    p = acc[any_c][lang].get("paragraph", (0, 0, False))
    row = [lang, f"{s[0]} / {p[0]}"]
    for c in configs:
        s = acc[c][lang].get("short")
        p = acc[c][lang].get("paragraph")
        sup = (s or p)[2]
        if not sup:
            row.append("-")
            continue
        fs = f"{s[1]/s[0]:.3f}" if s and s[0] else "n/a"
        fp = f"{p[1]/p[0]:.3f}" if p and p[0] else "n/a"
        row.append(f"{fs} / {fp}")
    print("| " + " | ".join(row) + " |")
