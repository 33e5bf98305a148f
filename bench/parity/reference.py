#!/usr/bin/python3
"""Reference definitions of four text quality filters, transcribed from their published definitions with
datatrove's semantics, to check Sieve's Java ports against.

Filters (datatrove's default thresholds):
  gopher_quality     Gopher quality heuristics (GopherQualityFilter)
  gopher_repetition  Gopher repetition heuristics (GopherRepetitionFilter)
  c4                 C4 line cleaner and document filter (C4QualityFilter, defaults)
  c4_fineweb         the same with filter_no_terminal_punct=False, as FineWeb ran it
  fineweb            FineWeb's own filter (FineWebQualityFilter)

Every signal is computed for every document, whatever the verdict; a signal whose definition divides by zero is
null. The verdict is "keep" or the reason code of the first failing check.

Python semantics are used throughout on purpose: len() counts code points, str.splitlines(), str.split("\\n") and
re.split("\\n+") are each used where the definition names them, and \\s \\w \\d, str.split(), str.strip(),
str.isalpha() and str.lower() are Python's Unicode-aware ones.

Words. datatrove splits English into words with NLTK's word_tokenize: Punkt sentences (the pre-trained English
model), then NLTKWordTokenizer (NLTK's improved Treebank rules) on each sentence, tokens stripped and empty ones
dropped. The Punkt model is NLTK data, not part of Debian's python3-nltk, so this transcription uses:
  * NLTKWordTokenizer from the installed NLTK, per sentence. Releases after 3.8 changed three of its rules (an
    opening apostrophe is split from its word unless it begins a clitic as a whole word; whitespace runs collapse to
    one space before the clitic rules; U+2012..U+2015 dashes are padded); NLTK 3.10.3 has all three. Each rule the
    installed NLTK lacks (Debian bookworm ships 3.8) is put in in its current form, so the tokens are current NLTK's
    (checked against NLTK 3.10.3 on the whole corpus: identical output).
  * sentences from NLTK's PunktSentenceTokenizer with empty parameters: the Punkt algorithm without the trained
    English model, i.e. without its learned abbreviations, collocations, frequent sentence starters and
    orthographic statistics. Compared with word_tokenize and the English model: a period after an abbreviation the
    model knows ("Mr.", "e.g.", "U.S.", "Inc.", "Jan.") ends a sentence here, so Treebank splits that period off
    ("Mr" "." instead of "Mr."), and the model's few learned collocations and frequent sentence starters (which can
    keep or add a break after an abbreviation or an ellipsis) are absent. The rest is the same: every other token
    ending in . ? ! and followed by whitespace ends a sentence, whatever the next word starts with, except that an
    initial or a number followed by a lower-case word, or an initial followed by a capitalised word, does not; an
    ellipsis does not end a sentence. Punkt's curly-quote and
    guillemet handling (changed after 3.8) is brought up to date in the same way.
  --nltk-rules installed uses the installed NLTK's rules as they are, for both.
  C4's sentence count uses the same Punkt substitute on each kept line.

Terminal punctuation (FineWeb's line test, and part of the Gopher PUNCTUATION_SET): datatrove's TERMINAL_PUNCTUATION
is the 159 code points of Unicode 15.0's Sentence_Terminal property plus five Khmer signs (U+17D4..U+17D6, U+17D9,
U+17DA); it is read here from Debian's unicode-data package (PropList.txt).

Usage: reference.py --in corpus.jsonl --out reference.jsonl [--jobs N]
       (input lines {"id", "text", ...}; output lines {"id", "token_count", "tokens_sha1", "filters": {...}})
"""

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import struct
import sys

import nltk
from nltk.tokenize.destructive import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer

# ----------------------------------------------------------------------------------------------------------------
# Character sets

PROPLIST = os.environ.get("PARITY_PROPLIST", "/usr/share/unicode/PropList.txt")
KHMER_TERMINAL = {0x17D4, 0x17D5, 0x17D6, 0x17D9, 0x17DA}


def _sentence_terminal():
    cps = set()
    try:
        with open(PROPLIST, encoding="utf-8") as f:
            header = f.readline()
            for line in f:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                rng, prop = (x.strip() for x in line.split(";"))
                if prop != "Sentence_Terminal":
                    continue
                lo, _, hi = rng.partition("..")
                cps.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    except FileNotFoundError:
        sys.exit(f"reference: {PROPLIST} not found (install Debian's unicode-data package)")
    if "15.0.0" not in header:
        print(f"reference: warning: {PROPLIST} is not Unicode 15.0.0 ({header.strip()}); "
              "TERMINAL_PUNCTUATION may differ from datatrove's", file=sys.stderr)
    return cps


TERMINAL_PUNCTUATION = frozenset(chr(c) for c in _sentence_terminal() | KHMER_TERMINAL)
TERMINAL_TUPLE = tuple(sorted(TERMINAL_PUNCTUATION))

# datatrove's PUNCTUATION_SET: its PUNCTUATION string (the 32 ASCII punctuation characters, some typographic marks,
# CJK and full-width forms, and the full-width digit one), the C0 controls but tab and line feed, DEL and the C1
# controls, and the terminal punctuation above.
_PUNCT_CHARS = ("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
                "´«»–—“”„’…►━∶〈〉《》「」【】、。"
                "！％（），．：；？～１")
PUNCTUATION_SET = frozenset(_PUNCT_CHARS) | frozenset(
    chr(c) for c in list(range(0, 9)) + list(range(11, 32)) + list(range(127, 160))) | TERMINAL_PUNCTUATION

# ----------------------------------------------------------------------------------------------------------------
# Words


def _has(rules, text):
    return any(text in regex.pattern for regex, _ in rules)


def _current_rules():
    """NLTKWordTokenizer's rule lists with the three rules NLTK changed after 3.8 in their current form (each is
    replaced only when the installed NLTK lacks it), and whether anything was replaced."""
    sq = list(NLTKWordTokenizer.STARTING_QUOTES)
    eq = list(NLTKWordTokenizer.ENDING_QUOTES)
    pu = list(NLTKWordTokenizer.PUNCTUATION)
    changed = False
    if not _has(sq, "(?<!\\w)"):
        # an apostrophe opening a word, unless it begins a clitic as a whole word, is split from it
        assert len(sq) == 5 and "(?!re|ve|ll|m|t|s|d|n)" in sq[4][0].pattern, "unexpected STARTING_QUOTES"
        sq[4] = (re.compile(r"(?i)(?<!\w)(')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)"), r"\1 ")
        changed = True
    if not any(regex.pattern == r"\s+" for regex, _ in eq):
        # whitespace runs become one space before the clitic rules, which look for a following space
        assert len(eq) == 5 and eq[3][0].pattern.startswith("([^' ])"), "unexpected ENDING_QUOTES"
        eq.insert(3, (re.compile(r"\s+"), " "))
        changed = True
    if not (_has(pu, "\u2012") or _has(pu, "\\u2012")):
        # figure dash, en dash, em dash and horizontal bar are padded, after ; @ # $ % &
        assert len(pu) == 9 and pu[4][0].pattern == "[;@#$%&]", "unexpected PUNCTUATION"
        pu.insert(5, (re.compile("[\u2012-\u2015]"), r" \g<0> "))
        changed = True
    return sq, eq, pu, changed


class CurrentTreebank(NLTKWordTokenizer):
    """NLTKWordTokenizer with current NLTK's rules whatever NLTK is installed."""

    STARTING_QUOTES, ENDING_QUOTES, PUNCTUATION, CHANGED = _current_rules()


class CurrentPunktVars(PunktLanguageVars):
    """Punkt's language variables as current NLTK has them: curly quotes and guillemets close a sentence like the
    ASCII quotes (boundary realignment) and cannot be part of a word."""

    re_boundary_realignment = re.compile("[\"')\\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\\s+|(?=--)|$)",
                                         re.MULTILINE)

    @property
    def _re_non_word_chars(self):
        return "(?:[)\";}\\]\\*:@'\\({\\[\u2018\u2019\u201c\u201d\xab\xbb%s])" % re.escape(
            "".join(sorted(set(self.sent_end_chars) - {"."})))


PUNKT_CURRENT = any(q in PunktLanguageVars.re_boundary_realignment.pattern for q in ("\u201d", "\\u201d"))

NLTK_RULES = "current"  # or "installed": the installed NLTK's rules as they are
_treebank = None
_punkt = None


def _patched():
    return NLTK_RULES == "current" and (CurrentTreebank.CHANGED or not PUNKT_CURRENT)


def treebank():
    global _treebank
    if _treebank is None:
        _treebank = CurrentTreebank() if NLTK_RULES == "current" else NLTKWordTokenizer()
    return _treebank


def punkt():
    """The sentence substitute: Punkt without training (empty parameters)."""
    global _punkt
    if _punkt is None:
        patch = NLTK_RULES == "current" and not PUNKT_CURRENT
        _punkt = PunktSentenceTokenizer(lang_vars=CurrentPunktVars()) if patch else PunktSentenceTokenizer()
    return _punkt


def sentences(text):
    return punkt().tokenize(text)


def sentence_spans(text):
    return list(punkt().span_tokenize(text))


def tokenize_sentences(sents):
    tb = treebank()
    out = []
    for s in sents:
        for tok in tb.tokenize(s):
            tok = tok.strip()
            if tok:
                out.append(tok)
    return out


def word_tokenize(text):
    return tokenize_sentences(sentences(text))


def tokens_sha1(tokens):
    h = hashlib.sha1()
    for t in tokens:
        b = t.encode("utf-8", "surrogatepass")
        h.update(struct.pack(">I", len(b)))
        h.update(b)
    return h.hexdigest()


def ratio(num, den):
    return num / den if den else None


# ----------------------------------------------------------------------------------------------------------------
# Gopher quality

def is_alpha(ch):
    return ch.isalpha()


STOP_WORDS = frozenset(["the", "be", "to", "of", "and", "that", "have", "with"])


def gopher_quality(text, words):
    n_words = len(words)
    non_symbol = [w for w in words if any(ch not in PUNCTUATION_SET for ch in w)]
    n_non_symbol = len(non_symbol)
    mean_len = ratio(sum(len(w) for w in non_symbol), n_non_symbol)  # numpy's mean of nothing is NaN
    hash_ratio = ratio(text.count("#"), n_words)
    ellipsis_ratio = ratio(text.count("...") + text.count("…"), n_words)
    lines = text.splitlines()
    bullets = ratio(sum(1 for s in lines if s.lstrip().startswith("•") or s.lstrip().startswith("-")), len(lines))
    end_ellipsis = ratio(sum(1 for s in lines if s.rstrip().endswith("...") or s.rstrip().endswith("…")),
                         len(lines))
    alpha = ratio(sum(1 for w in words if any(is_alpha(c) for c in w)), n_words)
    stop = len(STOP_WORDS & set(words))
    signals = {
        "gopher_word_count": n_non_symbol,
        "gopher_mean_word_length": mean_len,
        "gopher_hash_ratio": hash_ratio,
        "gopher_ellipsis_ratio": ellipsis_ratio,
        "gopher_bullet_lines_ratio": bullets,
        "gopher_end_ellipsis_lines_ratio": end_ellipsis,
        "gopher_alpha_words_ratio": alpha,
        "gopher_stop_words": stop,
    }

    def verdict():
        if n_non_symbol < 50:
            return "gopher_short_doc"
        if n_non_symbol > 100_000:
            return "gopher_long_doc"
        if mean_len is not None and mean_len < 3:  # NaN passes both comparisons
            return "gopher_below_avg_threshold"
        if mean_len is not None and mean_len > 10:
            return "gopher_above_avg_threshold"
        if hash_ratio > 0.1:
            return "gopher_too_many_hashes"
        if ellipsis_ratio > 0.1:
            return "gopher_too_many_ellipsis"
        if bullets > 0.9:
            return "gopher_too_many_bullets"
        if end_ellipsis > 0.3:
            return "gopher_too_many_end_ellipsis"
        if alpha < 0.8:
            return "gopher_below_alpha_threshold"
        if stop < 2:
            return "gopher_enough_stop_words"
        return "keep"

    return {"verdict": verdict(), "signals": signals}


# ----------------------------------------------------------------------------------------------------------------
# Gopher repetition


def repeated(items):
    """(items equal to an earlier one, their total length)."""
    seen = set()
    n = chars = 0
    for item in items:
        if item in seen:
            n += 1
            chars += len(item)
        else:
            seen.add(item)
    return n, chars


def top_ngram_chars(words, n):
    """len(" ".join(g)) * count for the most frequent n-gram g (ties: the first seen); None without n-grams."""
    counts = {}
    for i in range(len(words) - n + 1):
        g = " ".join(words[i:i + n])
        counts[g] = counts.get(g, 0) + 1
    if not counts:
        return None
    best, best_count = None, 0
    for g, c in counts.items():
        if c > best_count:
            best, best_count = g, c
    return len(best) * best_count


def duplicated_ngram_chars(words, n):
    seen = set()
    total = 0
    i = 0
    while i < len(words) - n + 1:
        g = "".join(words[i:i + n])
        if g in seen:
            total += len(g)
            i += n
        else:
            seen.add(g)
            i += 1
    return total


TOP_NGRAMS = ((2, 0.20), (3, 0.18), (4, 0.16))
DUP_NGRAMS = ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10))


def gopher_repetition(text, words):
    length = len(text)
    paragraphs = re.split(r"\n{2,}", text.strip())
    p_n, p_chars = repeated(paragraphs)
    lines = re.split("\n+", text)
    l_n, l_chars = repeated(lines)
    checks = [
        ("dup_para_frac", p_n / len(paragraphs), 0.30),
        ("dup_para_char_frac", ratio(p_chars, length), 0.20),
        ("dup_line_frac", l_n / len(lines), 0.30),
        ("dup_line_char_frac", ratio(l_chars, length), 0.20),
    ]
    for n, limit in TOP_NGRAMS:
        chars = top_ngram_chars(words, n)
        checks.append((f"top_{n}_gram", None if chars is None else ratio(chars, length), limit))
    for n, limit in DUP_NGRAMS:
        checks.append((f"duplicated_{n}_n_grams", ratio(duplicated_ngram_chars(words, n), length), limit))
    verdict = "keep"
    for name, value, limit in checks:
        if value is not None and value > limit:
            verdict = name
            break
    return {"verdict": verdict, "signals": {name: value for name, value, _ in checks}}


# ----------------------------------------------------------------------------------------------------------------
# C4

CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
END_PUNCTUATION = (".", "?", "!", '"', "'")
POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def c4(text, filter_no_terminal_punct=True, min_num_sentences=5, min_words_per_line=3, max_word_length=1000):
    s = dict(total=0, kept=0, noterm=0, fewwords=0, javascript=0, policy=0, longword=0, citations=0, sentences=0)
    kept = []
    verdict = None
    for line in text.splitlines():
        s["total"] += 1
        line = line.strip()
        words = line.split()
        if max_word_length != -1 and any(len(w) > max_word_length for w in words):
            s["longword"] += 1
            continue
        line, n = CITATION.subn("", line)
        s["citations"] += n
        if filter_no_terminal_punct and (not line.endswith(END_PUNCTUATION) or line.endswith("...")):
            s["noterm"] += 1
            continue
        if len(words) < min_words_per_line:
            s["fewwords"] += 1
            continue
        lower = line.lower()
        if "lorem ipsum" in lower:
            verdict = "lorem_ipsum"
            break
        if "javascript" in lower:
            s["javascript"] += 1
            continue
        if "{" in line:
            verdict = "curly_bracket"
            break
        if any(p in lower for p in POLICY):
            s["policy"] += 1
            continue
        s["sentences"] += len(sentences(line))
        s["kept"] += 1
        kept.append(line)
    if verdict is None and s["sentences"] < min_num_sentences:
        verdict = "too_few_sentences"
    out = None
    if verdict is None:
        verdict = "keep"
        out = "\n".join(kept).strip()
    signals = {
        "c4_lines_total": s["total"],
        "c4_lines_kept": s["kept"],
        "c4_lines_dropped_no_terminal_punct": s["noterm"],
        "c4_lines_dropped_too_few_words": s["fewwords"],
        "c4_lines_dropped_javascript": s["javascript"],
        "c4_lines_dropped_policy": s["policy"],
        "c4_lines_dropped_long_word": s["longword"],
        "c4_citations_removed": s["citations"],
        "c4_sentences": s["sentences"],
    }
    result = {"verdict": verdict, "signals": signals}
    if out is not None:
        result["text_sha1"] = hashlib.sha1(out.encode("utf-8", "surrogatepass")).hexdigest()
    return result, out


# ----------------------------------------------------------------------------------------------------------------
# FineWeb


def fineweb(text, words):
    lines = [line for line in text.split("\n") if line.strip() != ""]
    if not lines:
        return {"verdict": "empty", "signals": {}}
    punct = sum(1 for line in lines if line.endswith(TERMINAL_TUPLE)) / len(lines)
    short = sum(1 for line in lines if len(line) <= 30) / len(lines)
    dup = repeated(lines)[1] / len(text.replace("\n", ""))
    list_ratio = ratio(text.count("\n"), len(words))
    signals = {
        "fineweb_line_punct_ratio": punct,
        "fineweb_short_line_ratio": short,
        "fineweb_char_dup_ratio": dup,
        "fineweb_list_ratio": list_ratio,
    }
    if punct < 0.12:
        verdict = "line_punct_ratio"
    elif short > 0.67:
        verdict = "short_line_ratio"
    elif dup > 0.01:
        verdict = "char_dup_ratio"
    elif list_ratio is not None and list_ratio > 0.3:
        verdict = "list_ratio"
    else:
        verdict = "keep"
    return {"verdict": verdict, "signals": signals}


# ----------------------------------------------------------------------------------------------------------------


def evaluate(text):
    words = word_tokenize(text)
    c4_default, _ = c4(text)
    c4_fw, _ = c4(text, filter_no_terminal_punct=False)
    return {
        "token_count": len(words),
        "tokens_sha1": tokens_sha1(words),
        "filters": {
            "gopher_quality": gopher_quality(text, words),
            "gopher_repetition": gopher_repetition(text, words),
            "c4": c4_default,
            "c4_fineweb": c4_fw,
            "fineweb": fineweb(text, words),
        },
    }


def _init(rules):
    global NLTK_RULES
    NLTK_RULES = rules
    try:
        os.nice(19)
    except OSError:
        pass


def _work(line):
    doc = json.loads(line)
    out = {"id": doc["id"]}
    out.update(evaluate(doc["text"]))
    return json.dumps(out, ensure_ascii=False, allow_nan=False)


def run(in_path, out_path, jobs=1, rules="current"):
    with open(in_path, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        if jobs <= 1:
            _init(rules)
            for line in f:
                out.write(_work(line) + "\n")
        else:
            with multiprocessing.Pool(jobs, initializer=_init, initargs=(rules,)) as pool:
                for res in pool.imap(_work, f, chunksize=8):
                    out.write(res + "\n")


def describe():
    patched = " with the rules changed since 3.8 in their NLTK 3.10 form" if _patched() else ""
    return f"NLTK {nltk.__version__}{patched}: NLTKWordTokenizer per sentence, sentences from untrained Punkt"


def self_test():
    """Known answers: NLTK's documented word_tokenize example and the repetition worked example."""
    text = "Good muffins cost $3.88 (roughly 3,36 euros)\nin New York.  Please buy me\ntwo of them.\nThanks."
    want = ["Good", "muffins", "cost", "$", "3.88", "(", "roughly", "3,36", "euros", ")", "in", "New", "York", ".",
            "Please", "buy", "me", "two", "of", "them", ".", "Thanks", "."]
    assert word_tokenize(text) == want, word_tokenize(text)
    text = "the cat sat on the mat\n\nthe cat sat on the mat\nhello world foo bar baz qux"
    words = text.split()
    assert len(text) == 74
    assert repeated(re.split(r"\n{2,}", text.strip())) == (0, 0)
    assert repeated(re.split("\n+", text)) == (1, 22)
    assert [top_ngram_chars(words, n) for n in (2, 3, 4)] == [14, 22, 28]
    assert [duplicated_ngram_chars(words, n) for n in (5, 6)] == [14, 17]
    assert len(TERMINAL_PUNCTUATION) == 159 and len(PUNCTUATION_SET) == 281
    if NLTK_RULES != "current":
        return True
    # rules and Punkt behaviour that changed after NLTK 3.8
    assert word_tokenize("He said “stop.” Then left — fast. 'Tis true, isn't it?") == [
        "He", "said", "“", "stop", ".", "”", "Then", "left", "—", "fast", ".", "'", "Tis", "true", ",", "is", "n't",
        "it", "?"], word_tokenize("He said “stop.” Then left — fast. 'Tis true, isn't it?")
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--in", dest="inp")
    ap.add_argument("--out")
    ap.add_argument("--self-test", action="store_true", help="check known answers and exit")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--nltk-rules", choices=("current", "installed"), default="current",
                    help="current: NLTK 3.10's rules whatever NLTK is installed; installed: as installed")
    args = ap.parse_args()
    _init(args.nltk_rules)
    if args.self_test:
        self_test()
        print(f"reference: self-test passed ({describe()})")
        return
    if not args.inp or not args.out:
        ap.error("--in and --out are required")
    run(args.inp, args.out, args.jobs, args.nltk_rules)


if __name__ == "__main__":
    main()
