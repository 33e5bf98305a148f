#!/usr/bin/python3
"""Compares Sieve's quality filters (the output of Parity.java) with the reference definitions (reference.py) on
the same documents, and explains every disagreement it can.

  compare.py --corpus CORPUS.jsonl --java JAVA.jsonl --java-detail DETAIL.jsonl --work DIR [--jobs N] [--top N]
  compare.py --same-as REFERENCE_A.jsonl REFERENCE_B.jsonl

Reported per filter: verdict agreement (share of documents with the same verdict: "keep" or the same reason code),
and per signal the share of documents, among those where both sides computed it, whose values are equal (exactly or
within 1e-9 relative). A signal the reference leaves undefined (a division by zero) that Sieve reports as 0, as its
classes document, counts as agreeing.

Diagnosis. Each (document, filter) pair that disagrees in its verdict or any signal is re-run through the reference
with one input swapped for Sieve's:
  * word-token filters (Gopher quality, Gopher repetition, FineWeb) get Sieve's word tokens. If the reference then
    agrees exactly, the cause is the tokens, and it is narrowed down by tokenizing Sieve's own sentences with the
    reference Treebank rules: equal tokens mean the sentence splitter made the difference ("sentences"), otherwise
    the Treebank rules did ("treebank"; "treebank/unicode" when the differing sentence holds a code point that
    Unicode 13, Java 17's version, does not assign).
  * C4 gets Sieve's documented sentence counter (a sentence ends after a run of . ! ? followed by whitespace or the
    end of the line; every piece with a non-whitespace character counts) in place of Punkt. If the reference then
    agrees exactly, the cause is "c4 sentence count".
  * If a word-token filter still differs, its letter test (str.isalpha) is limited to the code points Unicode 13.0
    assigns, which is what Java 17 knows (Python 3.11 knows Unicode 14.0): agreement then means "unicode version".
Whatever is still different after the swaps is reported as "unexplained", with the signals and text involved: these
are the candidates for bugs in the Java filters.

Exit status: 0 when the comparison ran, whatever it found; 2 on a harness error (missing or mismatched inputs).
"""

import argparse
import collections
import json
import math
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as ref  # noqa: E402

FILTERS = ("gopher_quality", "gopher_repetition", "c4", "c4_fineweb", "fineweb")
TOKEN_FILTERS = ("gopher_quality", "gopher_repetition", "fineweb")
REL_TOL = 1e-9


def die(msg):
    print(f"compare: {msg}", file=sys.stderr)
    sys.exit(2)


def load(path):
    out = {}
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    d = json.loads(line)
                    out[d["id"]] = d
    except (OSError, ValueError, KeyError) as e:
        die(f"cannot read {path}: {e}")
    return out


def stream(path, ids):
    """The records of a JSONL file whose id is in ids."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            # the id is the first key in every file written here; avoid parsing the rest of unwanted lines
            m = re.match(r'\{"id":\s*("(?:[^"\\]|\\.)*")', line)
            if m and json.loads(m.group(1)) in ids:
                yield json.loads(line)


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    if isinstance(a, float) and math.isnan(a):
        return False
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def signal_agrees(r, j):
    """(comparable, agrees) for a reference value r and a Java value j (missing: KeyError sentinel)."""
    if j is MISSING or r is MISSING:
        return False, False
    if r is None and j == 0:
        return True, True  # documented: Sieve reports 0 where the definition divides by zero
    return True, same(r, j)


MISSING = object()


def filter_agrees(rf, jf):
    if rf["verdict"] != jf["verdict"]:
        return False
    for name, rv in rf["signals"].items():
        comparable, ok = signal_agrees(rv, jf["signals"].get(name, MISSING))
        if comparable and not ok:
            return False
    if rf.get("text_sha1") != jf.get("text_sha1"):
        return False
    return True


def differing_signals(rf, jf):
    out = []
    for name, rv in rf["signals"].items():
        jv = jf["signals"].get(name, MISSING)
        comparable, ok = signal_agrees(rv, jv)
        if comparable and not ok:
            out.append((name, rv, jv))
    return out


# ----------------------------------------------------------------------------------------------------------------
# Diagnosis helpers

def documented_c4_sentences(line):
    """Sieve's C4 sentence counter as its class comment defines it."""
    return sum(1 for piece in re.split(r"(?<=[.!?])(?=\s|$)", line) if piece.strip())


def c4_with_documented_counter(text, fineweb_setting):
    saved = ref.sentences
    ref.sentences = lambda line: [None] * documented_c4_sentences(line)
    try:
        return ref.c4(text, filter_no_terminal_punct=not fineweb_setting)
    finally:
        ref.sentences = saved


def run_token_filter(name, text, words):
    if name == "gopher_quality":
        return ref.gopher_quality(text, words)
    if name == "gopher_repetition":
        return ref.gopher_repetition(text, words)
    return ref.fineweb(text, words)


_UNICODE13 = None


def post_unicode13(s):
    """Code points in s that Unicode 13.0 does not assign (Java 17 knows Unicode 13.0, Python 3.11 Unicode 14.0)."""
    global _UNICODE13
    if _UNICODE13 is None:
        assigned = set()
        path = "/usr/share/unicode/DerivedAge.txt"
        if os.path.exists(path):
            for line in open(path, encoding="utf-8"):
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                rng, age = (x.strip() for x in line.split(";"))
                if tuple(int(x) for x in age.split(".")) <= (13, 0):
                    lo, _, hi = rng.partition("..")
                    assigned.update(range(int(lo, 16), int(hi or lo, 16) + 1))
        _UNICODE13 = assigned
    if not _UNICODE13:
        return []
    return sorted({c for c in s if ord(c) >= 0x80 and ord(c) not in _UNICODE13})


def with_unicode13(fn):
    """Runs fn with the reference's letter test limited to code points Unicode 13.0 assigns."""
    post_unicode13("")  # load the table
    saved = ref.is_alpha
    ref.is_alpha = lambda ch: ch.isalpha() and (ord(ch) < 0x80 or ord(ch) in _UNICODE13)
    try:
        return fn()
    finally:
        ref.is_alpha = saved


def first_diff(a, b):
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n if len(a) != len(b) else -1


SIEVE_OPENERS = set("\"'([{`\u201c\u2018\u00ab\u201e")


def punkt_starts(text):
    return [s for s, _ in ref.sentence_spans(text)][1:]


def boundary_category(text, pos, side):
    """Why one splitter starts a sentence at text[pos] and the other does not."""
    c = text[pos]
    j = pos - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    before = text[:j + 1].split()
    word = before[-1] if before else ""
    if side == "punkt":
        if j + 1 == pos:
            return "Punkt only: no whitespace between the sentences"
        if j > 0 and text[j] in "\u201d\u2019\u00bb" and text[j - 1] in ".?!":
            return "Punkt only: terminator then a curly closing quote or guillemet (current NLTK)"
        if c.islower():
            return "Punkt only: next word starts lower-case (documented)"
        if not (c.isupper() or c.istitle() or c.isdigit() or c in SIEVE_OPENERS):
            return "Punkt only: next token starts with a symbol or punctuation"
        core = word.lstrip("\"'([{`\u201c\u2018\u00ab\u201e")
        if core.endswith(".") and not core.endswith(("..", "!.", "?.")):
            stem = core[:-1]
            if len(stem) == 1 and stem.isalpha():
                return "Punkt only: single letter before the period (Sieve's initial rule)"
            if "." in stem:
                return "Punkt only: word with an inner period before it (Sieve's dotted-word rule)"
            return "Punkt only: word in Sieve's abbreviation list before the period"
        return "Punkt only: other (a closer after a space, ...)"
    core = word.lstrip("\"'([{`\u201c\u2018\u00ab\u201e").rstrip("\"')]}")
    if core.endswith(".."):
        return "Sieve only: after an ellipsis (Punkt: not a sentence end without trained data)"
    if re.fullmatch(r"[^\W\d_]\.", core):
        return "Sieve only: after an initial (Punkt's orthographic rule)"
    if re.fullmatch(r"[\d.,]*\d\.", core):
        return "Sieve only: after a number (Punkt's orthographic rule)"
    if core.endswith(("\u201d", "\u2019", "\u00bb")) or word != core:
        return "Sieve only: closing quote or bracket after the terminator"
    return "Sieve only: other"


def boundary_diffs(text, java_spans):
    p = set(punkt_starts(text))
    j = {s for s, _ in java_spans[1:]}
    out = []
    for pos in sorted(p ^ j):
        side = "punkt" if pos in p else "sieve"
        out.append((boundary_category(text, pos, side), pos))
    return out, len(p), len(j), len(p & j)


def token_cause(text, java_tokens, java_spans):
    """('sentences' | 'treebank' | 'treebank/unicode', detail) for a document whose tokens differ."""
    java_sents = [text[s:e] for s, e in java_spans]
    tb_on_java = ref.tokenize_sentences(java_sents)
    ref_tokens = ref.word_tokenize(text)
    if tb_on_java == java_tokens:
        # show where the sentence boundaries differ: the first differing token of reference vs Sieve
        i = first_diff(ref_tokens, java_tokens)
        detail = {"reference": ref_tokens[max(0, i - 4):i + 4], "sieve": java_tokens[max(0, i - 4):i + 4]}
        ref_sents = ref.sentences(text)
        k = first_diff([s.strip() for s in ref_sents], [s.strip() for s in java_sents])
        if k >= 0:
            detail["punkt_sentence"] = (ref_sents[k] if k < len(ref_sents) else "")[:160]
            detail["sieve_sentence"] = (java_sents[k] if k < len(java_sents) else "")[:160]
        return "sentences", detail
    # the Treebank rules differ on at least one of Sieve's sentences: find the first one
    k_tok = 0
    for s in java_sents:
        mine = ref.tokenize_sentences([s])
        theirs = java_tokens[k_tok:k_tok + len(mine)]
        if mine != theirs:
            i = first_diff(mine, theirs)
            new = post_unicode13(s)
            cause = "treebank/unicode" if new else "treebank"
            detail = {"sentence": s[:300], "reference": mine[max(0, i - 3):i + 4],
                      "sieve": java_tokens[k_tok + max(0, i - 3):k_tok + i + 4]}
            if new:
                detail["post_unicode13"] = ["U+%04X" % ord(c) for c in new[:5]]
            return cause, detail
        k_tok += len(mine)
    return "treebank", {"note": "token lists differ in length only"}


# ----------------------------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus")
    ap.add_argument("--java")
    ap.add_argument("--java-detail")
    ap.add_argument("--work", help="directory for the reference output")
    ap.add_argument("--same-as", nargs=2, metavar=("A", "B"),
                    help="only report whether two reference outputs are identical")
    ap.add_argument("--reference", help="an existing reference output to use instead of running reference.py")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--top", type=int, default=5, help="disagreements shown per filter")
    ap.add_argument("--json", help="also write the figures as JSON here")
    ap.add_argument("--label", default="", help="a name for this corpus in the report")
    args = ap.parse_args()

    if args.same_as:
        # two reference outputs, e.g. from two NLTK versions: how many documents differ at all
        a, b = load(args.same_as[0]), load(args.same_as[1])
        if set(a) != set(b):
            die("the two reference outputs do not cover the same documents")
        differ = [i for i in a if a[i] != b[i]]
        print(f"reference outputs {args.same_as[0]} and {args.same_as[1]}: {len(a)} documents, {len(differ)} differ"
              + (f" (first: {differ[0]})" if differ else ""))
        return

    for p in (args.corpus, args.java, args.java_detail, args.work):
        if not p or not os.path.exists(p):
            die(f"missing input {p} (--corpus, --java, --java-detail and --work are required)")

    ref_path = args.reference
    if not ref_path:
        ref_path = os.path.join(args.work, "reference.jsonl")
        t0 = time.time()
        ref.run(args.corpus, ref_path, args.jobs)
        print(f"reference: {ref.describe()}; {time.time() - t0:.0f} s", file=sys.stderr)

    R = load(ref_path)
    J = load(args.java)
    if not R or set(R) != set(J):
        die(f"the reference ({len(R)}) and Sieve ({len(J)}) outputs do not cover the same documents")
    ids = list(R)
    n = len(ids)
    sources = {}
    for d in stream(args.corpus, set(ids)):
        sources[d["id"]] = d.get("source", "?")

    # --- agreement figures
    verdict_agree = {f: 0 for f in FILTERS}
    signal_stats = {f: collections.OrderedDict() for f in FILTERS}  # name -> [compared, agreed, by_convention]
    confusion = {f: collections.Counter() for f in FILTERS}
    disagreeing = {f: [] for f in FILTERS}
    text_stats = {f: [0, 0] for f in ("c4", "c4_fineweb")}
    verdict_by_source = {f: collections.defaultdict(lambda: [0, 0]) for f in FILTERS}
    for i in ids:
        for f in FILTERS:
            rf, jf = R[i]["filters"][f], J[i]["filters"][f]
            ok = rf["verdict"] == jf["verdict"]
            verdict_agree[f] += ok
            vs = verdict_by_source[f][sources.get(i, "?")]
            vs[0] += 1
            vs[1] += ok
            if not ok:
                confusion[f][(rf["verdict"], jf["verdict"])] += 1
            for name, rv in rf["signals"].items():
                st = signal_stats[f].setdefault(name, [0, 0, 0])
                jv = jf["signals"].get(name, MISSING)
                comparable, agrees = signal_agrees(rv, jv)
                if comparable:
                    st[0] += 1
                    st[1] += agrees
                    st[2] += rv is None and agrees
            if f in text_stats and rf["verdict"] == "keep" and jf["verdict"] == "keep":
                text_stats[f][0] += 1
                text_stats[f][1] += rf.get("text_sha1") == jf.get("text_sha1")
            if not filter_agrees(rf, jf):
                disagreeing[f].append(i)

    tokens_equal = sum(R[i]["tokens_sha1"] == J[i]["tokens_sha1"] for i in ids)

    # --- diagnosis
    need = set()
    for f in FILTERS:
        need.update(disagreeing[f])
    token_diff_ids = {i for i in ids if R[i]["tokens_sha1"] != J[i]["tokens_sha1"]}
    need |= token_diff_ids
    texts = {d["id"]: d["text"] for d in stream(args.corpus, need)}
    causes = {f: collections.Counter() for f in FILTERS}
    examples = {f: [] for f in FILTERS}
    token_causes = collections.Counter()
    token_examples = {}
    treebank_examples = []
    boundary_causes = collections.Counter()
    boundary_examples = collections.defaultdict(list)
    first_boundary = collections.Counter()
    boundary_totals = [0, 0, 0]  # Punkt sentence starts, Sieve's, shared (in documents whose tokens differ)
    for d in stream(args.java_detail, need):
        i = d["id"]
        text = texts[i]
        tcause = None
        if i in token_diff_ids:
            diffs, n_p, n_j, n_both = boundary_diffs(text, d["sentences"])
            boundary_totals[0] += n_p
            boundary_totals[1] += n_j
            boundary_totals[2] += n_both
            for cat, pos in diffs:
                boundary_causes[cat] += 1
                if len(boundary_examples[cat]) < 2:
                    boundary_examples[cat].append((i, text[max(0, pos - 50):pos + 25]))
            if diffs:
                first_boundary[diffs[0][0]] += 1
            tcause, tdetail = token_cause(text, d["tokens"], d["sentences"])
            token_causes[tcause] += 1
            token_examples[i] = (tcause, tdetail)
            if tcause.startswith("treebank"):
                treebank_examples.append((i, tcause, tdetail))
        for f in FILTERS:
            if i not in disagreeing[f]:
                continue
            rf, jf = R[i]["filters"][f], J[i]["filters"][f]
            if f in TOKEN_FILTERS:
                swapped = run_token_filter(f, text, d["tokens"])
                if filter_agrees(swapped, jf):
                    cause = tcause or "tokens"
                else:
                    # Java 17 classifies characters by Unicode 13; Python 3.11 by Unicode 14
                    swapped = with_unicode13(lambda: run_token_filter(f, text, d["tokens"]))
                    cause = ("unicode version" if tcause in (None, "sentences") else tcause + "+unicode version") \
                        if filter_agrees(swapped, jf) else "unexplained"
            else:
                swapped, _ = c4_with_documented_counter(text, f == "c4_fineweb")
                cause = "c4 sentence count" if filter_agrees(swapped, jf) else "unexplained"
            causes[f][cause] += 1
            entry = {"id": i, "source": sources.get(i, "?"), "cause": cause,
                     "reference_verdict": rf["verdict"], "sieve_verdict": jf["verdict"],
                     "signals": differing_signals(rf, jf)}
            if cause == "unexplained":
                entry["after_swap"] = {"verdict": swapped["verdict"],
                                       "signals": differing_signals(swapped, jf)}
                if f in ("c4", "c4_fineweb") and swapped.get("text_sha1") != jf.get("text_sha1"):
                    _, ref_out = ref.c4(text, filter_no_terminal_punct=f == "c4")
                    j_out = d.get(f + "_text")
                    if ref_out is not None and j_out is not None:
                        a, b = ref_out.split("\n"), j_out.split("\n")
                        k = first_diff(a, b)
                        entry["first_differing_kept_line"] = {
                            "reference": a[k] if 0 <= k < len(a) else None,
                            "sieve": b[k] if 0 <= k < len(b) else None}
            elif i in token_examples and cause.startswith(("sentences", "treebank")):
                entry["token_detail"] = token_examples[i][1]
            examples[f].append(entry)

    # --- report
    out = []
    p = out.append
    label = f" ({args.label})" if args.label else ""
    p(f"Parity of Sieve's quality filters with the reference definitions{label}: {n} documents")
    p(f"reference: {ref.describe()}")
    p("")
    p("Verdict agreement")
    for f in FILTERS:
        p(f"  {f:18s} {verdict_agree[f] / n:8.2%}  ({n - verdict_agree[f]} differ)")
    p("")
    p("Verdict agreement by source")
    srcs = sorted({s for f in FILTERS for s in verdict_by_source[f]})
    w = max([15] + [len(s) + 2 for s in srcs])
    p("  " + " " * 18 + "".join(f"{s:>{w}s}" for s in srcs))
    p("  " + "documents" + " " * 9 + "".join(f"{verdict_by_source[FILTERS[0]][s][0]:>{w}d}" for s in srcs))
    for f in FILTERS:
        p(f"  {f:18s}" + "".join(
            f"{verdict_by_source[f][s][1] / verdict_by_source[f][s][0]:{w}.2%}" if verdict_by_source[f][s][0] else
            " " * w for s in srcs))
    p("")
    p(f"Word tokens identical: {tokens_equal / n:.2%} of documents ({n - tokens_equal} differ)")
    if token_causes:
        tb = sum(v for k, v in token_causes.items() if k.startswith("treebank"))
        p(f"  of those: sentence splitting alone {token_causes['sentences']}, Treebank rules on the same "
          f"sentences {tb} ({token_causes['treebank/unicode']} with code points newer than Unicode 13)")
        p(f"  tokens identical given Sieve's sentences: {(n - tb) / n:.2%} of documents")
    if boundary_causes:
        p("")
        p("Sentence boundaries that differ (documents whose tokens differ; Punkt substitute vs Sieve's "
          "SentenceSplitter)")
        p(f"  sentence starts: Punkt {boundary_totals[0]}, Sieve {boundary_totals[1]}, shared {boundary_totals[2]}")
        for cat, c in boundary_causes.most_common():
            p(f"  {c:7d}  {cat}  (first difference in {first_boundary[cat]} documents)")
            for i, ctx in boundary_examples[cat]:
                p(f"             {i}: {ctx!r}")
    p("")
    p("Signal agreement (documents where both sides computed the signal)")
    for f in FILTERS:
        p(f"  {f}")
        for name, (cmp_, agr, conv) in signal_stats[f].items():
            extra = f", {conv} undefined in the reference and 0 in Sieve" if conv else ""
            p(f"    {name:38s} {agr / cmp_ if cmp_ else float('nan'):8.2%}  of {cmp_}{extra}")
        if f in text_stats and text_stats[f][0]:
            c, a = text_stats[f]
            p(f"    {'output text (both kept)':38s} {a / c:8.2%}  of {c}")
    p("")
    p("Disagreements (verdict or any signal) by diagnosed cause")
    for f in FILTERS:
        tally = ", ".join(f"{k} {v}" for k, v in causes[f].most_common()) or "none"
        p(f"  {f:18s} {len(disagreeing[f]):5d}: {tally}")
    p("")
    p("Verdict confusions (reference -> Sieve), most frequent")
    for f in FILTERS:
        if confusion[f]:
            p(f"  {f}: " + "; ".join(f"{a} -> {b} ({c})" for (a, b), c in confusion[f].most_common(6)))
    p("")
    p("Top disagreements per filter (verdict differences first, then unexplained ones)")
    for f in FILTERS:
        if not examples[f]:
            continue
        p(f"  {f}")
        ranked = sorted(examples[f], key=lambda e: (e["cause"] != "unexplained",
                                                     e["reference_verdict"] == e["sieve_verdict"]))
        shown = ranked[:args.top]
        for e in shown:
            p(f"    {e['id']}  [{e['cause']}]  reference {e['reference_verdict']} / Sieve {e['sieve_verdict']}")
            for name, rv, jv in e["signals"][:4]:
                p(f"      {name}: reference {fmt(rv)}, Sieve {fmt(jv)}")
            if "token_detail" in e:
                for k, v in e["token_detail"].items():
                    p(f"      {k}: {v!r}")
            if "after_swap" in e:
                p(f"      after the swap: reference {e['after_swap']['verdict']}; still differing: "
                  + ", ".join(f"{nm} {fmt(rv)} vs {fmt(jv)}" for nm, rv, jv in e["after_swap"]["signals"][:4]))
            if "first_differing_kept_line" in e:
                p(f"      first differing kept line: {e['first_differing_kept_line']!r}")
    if treebank_examples:
        p("")
        p("Treebank rule differences on the same sentence (first per document, up to 10)")
        for i, cause, detail in treebank_examples[:10]:
            p(f"  {i} [{cause}]")
            for k, v in detail.items():
                p(f"    {k}: {v!r}")
    unexplained = sum(causes[f]["unexplained"] for f in FILTERS)
    p("")
    p(f"Unexplained disagreements: {unexplained}")
    print("\n".join(out))

    if args.json:
        figures = {
            "documents": n,
            "reference": ref.describe(),
            "verdict_agreement": {f: verdict_agree[f] / n for f in FILTERS},
            "tokens_identical": tokens_equal / n,
            "token_causes": dict(token_causes),
            "sentence_boundaries": {"punkt": boundary_totals[0], "sieve": boundary_totals[1],
                                    "shared": boundary_totals[2], "differences": dict(boundary_causes),
                                    "first_difference": dict(first_boundary)},
            "signal_agreement": {f: {k: {"compared": v[0], "agreed": v[1], "undefined_vs_zero": v[2]}
                                     for k, v in signal_stats[f].items()} for f in FILTERS},
            "causes": {f: dict(causes[f]) for f in FILTERS},
            "examples": examples,
        }
        with open(args.json, "w", encoding="utf-8") as fj:
            json.dump(figures, fj, ensure_ascii=False, indent=1, default=str)


def fmt(v):
    if v is MISSING:
        return "(not computed)"
    if v is None:
        return "undefined"
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


if __name__ == "__main__":
    main()
