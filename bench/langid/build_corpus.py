#!/usr/bin/env python3
"""Build a multilingual language-identification evaluation corpus from text that exists on this machine.

Sources
  * gettext catalogs  /usr/share/locale/<loc>/LC_MESSAGES/*.mo and /usr/share/vim/vim90/lang/<loc>/LC_MESSAGES/*.mo
    -> msgstr values (translations); the locale directory gives the language.
  * English: the msgid values of the same catalogs (source strings are English) and the English man pages
    /usr/share/man/man[1-8].
  * translated man pages /usr/share/man/<loc>/man*/ rendered with `man -l` (prose paragraphs only).

Output: corpus.tsv with columns  id  lang  class  source  text   (class = short | paragraph)
        corpus_stats.tsv   per language / class / source-kind counts
Every sample records its provenance (the file path; for paragraphs all contributing catalog paths are the same file).
"""
import collections, glob, os, random, re, struct, subprocess, sys, unicodedata

random.seed(20240611)
OUT = os.environ.get("LANGID_WORK", os.path.dirname(os.path.abspath(__file__)))
PER_CLASS = int(os.environ.get("PER_CLASS", "300"))

# locale directory -> ISO 639-1. Script variants that differ from the default script are skipped
# (sr@latin, be@latin, sr@ije, uz@cyrillic, en@quot ...), as are pseudo-locales.
def iso_of(locdir):
    if "@" in locdir:
        return None
    base = locdir.split("_")[0].split(".")[0]
    if base == "no":
        base = "nb"
    if base == "en":          # en_GB/en_AU catalogs mostly equal the msgid; English comes from msgids + man pages
        return None
    if len(base) != 2:
        return None
    return base

EXCLUDE_CATALOG = re.compile(r"^(iso_|xkeyboard-config)")  # names of countries/languages/currencies/keyboard layouts

def read_mo(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 28:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0x950412de:
        end = "<"
    elif magic == 0xde120495:
        end = ">"
    else:
        return []
    _, n, oo, to = struct.unpack(end + "4I", data[4:20])
    pairs = []
    charset = "utf-8"
    raw = []
    for i in range(n):
        ol, ooff = struct.unpack(end + "2I", data[oo + 8 * i: oo + 8 * i + 8])
        tl, toff = struct.unpack(end + "2I", data[to + 8 * i: to + 8 * i + 8])
        raw.append((data[ooff:ooff + ol], data[toff:toff + tl]))
    for mid, mstr in raw:
        if mid == b"":
            m = re.search(rb"charset=([A-Za-z0-9_\-]+)", mstr)
            if m:
                charset = m.group(1).decode("ascii")
            break
    if charset.upper() in ("CHARSET", ""):
        charset = "utf-8"
    for mid, mstr in raw:
        if mid == b"":
            continue
        try:
            s_id = mid.decode(charset)
            s_str = mstr.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\x04" in s_id:            # msgctxt
            s_id = s_id.split("\x04", 1)[1]
        s_id = s_id.split("\x00")[0]  # plural forms: singular
        s_str = s_str.split("\x00")[0]
        pairs.append((s_id, s_str))
    return pairs

RE_FMT = re.compile(r"%(\d+\$)?[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|t|I64)?[diouxXeEfgGcsSpnaA%]|%<PRI\w+>|%\w+(?=\b)")
RE_BRACE = re.compile(r"\{[^{}\s]{0,40}\}|\$\{[^}]*\}|\$\w+|@\w+@")
RE_TAG = re.compile(r"</?[A-Za-z][^<>]{0,80}>|&[a-z]+;|&#\d+;")
RE_URL = re.compile(r"\b(?:https?|ftp|file)://\S+|\b[\w.+-]+@[\w-]+\.[\w.]+|(?:~|\.{0,2})?/[\w./*{}-]+")
RE_OPT = re.compile(r"(?<!\w)--?[A-Za-z0-9][\w=-]*")
RE_ESC = re.compile(r"\\[ntr]")
RE_ACCEL = re.compile(r"(?<=\w)_(?=\w)|(?<!\w)[_&](?=\w)")  # GTK/Qt mnemonics
RE_WS = re.compile(r"\s+")
RE_EMPTY_QUOTES = re.compile(r"([\"'“”„«»‘’‚‹›「『（(\[<])\s*([\"'“”„«»‘’‚‹›」』）)\]>])")
EN_FUNCTION_WORDS = {"the", "and", "which", "that", "are", "this", "with", "from", "will", "when", "not", "by", "be",
                     "it", "you", "your", "is"}

def englishness(s):
    toks = [t.lower() for t in re.findall(r"[A-Za-z]+", s)]
    if len(toks) < 3:
        return 0.0
    return sum(1 for t in toks if t in EN_FUNCTION_WORDS) / len(toks)
RE_ALLCAPS_TOKEN = re.compile(r"\b[A-Z_]{2,}[0-9_]*\b")  # placeholders like FILE, PATTERN, KEYID

def clean(s):
    s = RE_ESC.sub(" ", s)
    s = RE_TAG.sub(" ", s)
    s = RE_URL.sub(" ", s)
    s = RE_FMT.sub(" ", s)
    s = RE_BRACE.sub(" ", s)
    s = RE_OPT.sub(" ", s)
    s = RE_ACCEL.sub("", s)
    s = s.replace("`", "'")
    s = RE_WS.sub(" ", s)
    for _ in range(2):
        s = RE_EMPTY_QUOTES.sub(" ", s)
    s = RE_WS.sub(" ", s).strip(" \t:;,-*")
    return s

def letter_ratio(s):
    nonspace = [c for c in s if not c.isspace()]
    if not nonspace:
        return 0.0
    return sum(1 for c in nonspace if c.isalpha() or unicodedata.category(c).startswith("M")) / len(nonspace)

def latin_ratio(s):
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if ord(c) < 0x250) / len(letters)

NON_LATIN_LANGS = {"ar", "be", "bg", "bn", "el", "fa", "gu", "he", "hi", "ja", "ka", "kk", "ko", "mk", "mr", "pa", "ru",
                   "sr", "ta", "te", "th", "uk", "ur", "zh", "hy", "mn", "km", "kn", "ml", "ne", "am", "my", "si", "or",
                   "as", "dz", "ps", "ug", "yi", "ky", "tg", "tt", "ti", "ckb", "dv"}

def words(s):
    return set(w.lower() for w in re.findall(r"\w{3,}", s))

def acceptable(lang, cleaned, cleaned_id):
    if len(cleaned) < 15:
        return False
    if letter_ratio(cleaned) < 0.75:
        return False
    if cleaned.casefold() == cleaned_id.casefold():
        return False
    if lang not in ("en", "nl") and englishness(cleaned) > 0.12:   # untranslated English left in a translation
        return False
    if lang == "nl" and englishness(cleaned.replace(" is ", " ")) > 0.12:
        return False
    if RE_ALLCAPS_TOKEN.search(cleaned) and lang not in NON_LATIN_LANGS:
        # tolerate one placeholder, but drop strings dominated by them
        if len(RE_ALLCAPS_TOKEN.findall(cleaned)) > 2:
            return False
    if lang in NON_LATIN_LANGS:
        # a translation into a non-Latin-script language that is mostly Latin letters is untranslated or technical
        if latin_ratio(cleaned) > 0.35:
            return False
    else:
        w = words(cleaned)
        wid = words(cleaned_id)
        if w and len(w & wid) / len(w) > 0.5:   # mostly English words kept from the msgid
            return False
    return True

# ---------------------------------------------------------------- gettext
# pools[lang] = list of (source_path, text) ; one entry per accepted string (deduplicated per language)
pools = collections.defaultdict(list)
seen = collections.defaultdict(set)
english = []   # msgids
seen_en = set()

mo_files = sorted(glob.glob("/usr/share/locale/*/LC_MESSAGES/*.mo") + glob.glob("/usr/share/vim/vim*/lang/*/LC_MESSAGES/*.mo"))
for path in mo_files:
    locdir = path.split("/LC_MESSAGES/")[0].rsplit("/", 1)[1]
    if EXCLUDE_CATALOG.match(os.path.basename(path)):
        continue
    lang = iso_of(locdir)
    for mid, mstr in read_mo(path):
        cid = clean(mid)
        if cid and cid not in seen_en and len(cid) >= 15 and letter_ratio(cid) >= 0.75 and latin_ratio(cid) > 0.98 \
                and len(RE_ALLCAPS_TOKEN.findall(cid)) <= 2:
            seen_en.add(cid)
            english.append((path + "#msgid", cid))
        if lang is None or not mstr:
            continue
        c = clean(mstr)
        if c in seen[lang]:
            continue
        if acceptable(lang, c, cid):
            seen[lang].add(c)
            pools[lang].append((path, c))

# ---------------------------------------------------------------- man pages
import json
MAN_CACHE_FILE = os.path.join(OUT, "man_cache.json")
MAN_CACHE = json.load(open(MAN_CACHE_FILE)) if os.path.exists(MAN_CACHE_FILE) else {}

def render_man(path):
    if path in MAN_CACHE:
        return MAN_CACHE[path]
    MAN_CACHE[path] = _render_man(path)
    return MAN_CACHE[path]

def _render_man(path):
    try:
        out = subprocess.run(["man", "--encoding=UTF-8", "-l", path], capture_output=True, timeout=60,
                             env=dict(os.environ, MANWIDTH="4000", MAN_KEEP_FORMATTING="", LC_ALL="C.UTF-8"))
        txt = out.stdout.decode("utf-8", "replace")
    except Exception:
        return []
    txt = re.sub(r".\x08", "", txt)
    paras = []
    for line in txt.split("\n"):
        line = line.strip()
        if len(line) < 120:
            continue
        paras.append(line)
    return paras

man_pools = collections.defaultdict(list)   # lang -> list of (path, paragraph)
def man_paragraph_ok(lang, p):
    if letter_ratio(p) < 0.8:
        return False
    if len(RE_OPT.findall(p)) > 3:
        return False
    if lang in NON_LATIN_LANGS and latin_ratio(p) > 0.35:
        return False
    if lang != "en" and englishness(p.replace(" is ", " ") if lang == "nl" else p) > 0.12:
        return False
    return True

def harvest_man(lang, files, max_files):
    files = list(files)
    random.shuffle(files)
    for path in files[:max_files]:
        for p in render_man(path):
            c = RE_WS.sub(" ", RE_URL.sub(" ", p)).strip()
            if man_paragraph_ok(lang, c):
                man_pools[lang].append((path, c))

for d in sorted(glob.glob("/usr/share/man/*/")):
    locdir = d.rstrip("/").rsplit("/", 1)[1]
    if locdir.startswith("man"):
        continue
    lang = iso_of(locdir)
    if lang is None:
        continue
    harvest_man(lang, glob.glob(d + "man*/*"), 60)
harvest_man("en", [f for f in glob.glob("/usr/share/man/man[1-8]/*") if os.path.isfile(f)], 150)
json.dump(MAN_CACHE, open(MAN_CACHE_FILE, "w"))

# ---------------------------------------------------------------- sampling
def split_sentences(p):
    # split a man paragraph into sentences for the short class
    parts = re.split(r"(?<=[.!?。！？])\s+|(?<=[。！？])", p)
    return [s.strip() for s in parts if s.strip()]

def round_robin(groups, n):
    """groups: dict key -> list; pick up to n items cycling across keys so that no source dominates."""
    keys = list(groups)
    random.shuffle(keys)
    for k in keys:
        random.shuffle(groups[k])
    out = []
    idx = {k: 0 for k in keys}
    while len(out) < n:
        progressed = False
        for k in keys:
            if idx[k] < len(groups[k]):
                out.append(groups[k][idx[k]])
                idx[k] += 1
                progressed = True
                if len(out) >= n:
                    break
        if not progressed:
            break
    return out

def build(lang, catalog_pool, man_pool):
    # short: 20..100 chars, single string / sentence
    short_groups = collections.defaultdict(list)
    for src, t in catalog_pool:
        if 20 <= len(t) <= 100:
            short_groups[src].append((src, t))
    for src, p in man_pool:
        for s in split_sentences(p):
            if 20 <= len(s) <= 100 and letter_ratio(s) >= 0.75 and man_paragraph_ok(lang, s):
                short_groups[src].append((src, s))
    shorts = round_robin(short_groups, PER_CLASS)

    # paragraph: 200..1000 chars; concatenation of strings of one catalog, or one man-page paragraph (cut at 1000)
    para_groups = collections.defaultdict(list)
    by_src = collections.defaultdict(list)
    for src, t in catalog_pool:
        by_src[src].append(t)
    for src, ts in by_src.items():
        ts = ts[:]
        random.shuffle(ts)
        cur = []
        for t in ts:
            if len(t) > 1000:
                continue
            if sum(len(x) + 1 for x in cur) + len(t) > 1000:
                if sum(len(x) + 1 for x in cur) >= 200:
                    para_groups[src].append((src, " ".join(cur)))
                cur = []
            cur.append(t)
            if sum(len(x) + 1 for x in cur) >= 200 and random.random() < 0.5:
                para_groups[src].append((src, " ".join(cur)))
                cur = []
        if sum(len(x) + 1 for x in cur) >= 200:
            para_groups[src].append((src, " ".join(cur)))
    for src, p in man_pool:
        if len(p) >= 200:
            if len(p) > 1000:
                cut = p[:1000]
                sp = cut.rfind(" ")
                p = cut[:sp] if sp > 600 else cut
            para_groups[src].append((src, p))
    paras = round_robin(para_groups, PER_CLASS)
    return shorts, paras

langs = sorted(set(pools) | set(man_pools) | {"en"})
rows = []
stats = []
for lang in langs:
    cat = english if lang == "en" else pools.get(lang, [])
    shorts, paras = build(lang, cat, man_pools.get(lang, []))
    for cls, items in (("short", shorts), ("paragraph", paras)):
        n_man = sum(1 for s, _ in items if "/man/" in s)
        srcs = len(set(s for s, _ in items))
        stats.append((lang, cls, len(items), len(items) - n_man, n_man, srcs))
        for i, (src, t) in enumerate(items):
            t = t.replace("\t", " ").replace("\n", " ")
            rows.append((f"{lang}-{cls[0]}-{i:04d}", lang, cls, src, t))

with open(os.path.join(OUT, "corpus.tsv"), "w", encoding="utf-8") as f:
    f.write("id\tlang\tclass\tsource\ttext\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
with open(os.path.join(OUT, "corpus_stats.tsv"), "w", encoding="utf-8") as f:
    f.write("lang\tclass\tsamples\tfrom_gettext\tfrom_man\tdistinct_source_files\n")
    for s in stats:
        f.write("\t".join(map(str, s)) + "\n")
print(f"{len(rows)} samples in {len(langs)} languages", file=sys.stderr)
