#!/usr/bin/python3
"""Builds a corpus of real images with known near-duplicate groups, for bench/media/near-eval.

Sources are real PNG, JPEG and WebP images shipped on this machine (/usr/share, /usr/lib). Each becomes a group: the
source as shipped plus variants Pillow makes of it (rescaled, re-encoded as JPEG, WebP, PNG), near duplicates by
construction. Different groups must be distinct pictures, which file names alone do not ensure (icon themes ship
the same drawing under many names, at many sizes, in many colours). So distinctness is decided on the pixels, by a
measure independent of the hashes under test: each candidate is reduced to a 64 x 64 grayscale thumbnail (alpha
composited onto white), and a candidate whose thumbnail correlates at 0.5 or more (Pearson) with a source already
chosen is left out, as is a nearly flat one (standard deviation under 12 grey levels), an animated one, one under
64 px or one with an EXIF rotation.

    bench/media/near_corpus.py [OUT] [--sources N]     default OUT bench/target/near-images, N 300

Writes OUT/images/sNNNN-<variant>.<ext>, OUT/manifest.jsonl (id, uri, group, variant, source) and OUT/README.
Needs Pillow (Debian: python3-pil).
"""
import argparse, hashlib, json, os, pathlib, shutil, sys
from PIL import Image, ImageOps

HERE = pathlib.Path(__file__).resolve().parent
ap = argparse.ArgumentParser()
ap.add_argument("out", nargs="?", default=str(HERE.parent / "target" / "near-images"))
ap.add_argument("--sources", type=int, default=300)
args = ap.parse_args()
out = pathlib.Path(args.out)
shutil.rmtree(out, ignore_errors=True)
(out / "images").mkdir(parents=True)

candidates = []
for root in ("/usr/share", "/usr/lib"):
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.lower().endswith((".png", ".jpg", ".jpeg", ".webp")):
                candidates.append(os.path.join(dirpath, f))
candidates.sort()
# Spread the visit across packages (sorted paths cluster by package): every k-th first, then the next ones.
k = max(1, len(candidates) // (args.sources * 4))
order = [c for r in range(k) for c in candidates[r::k]]

def thumbnail(img):
    rgba = img.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    gray = Image.alpha_composite(white, rgba).convert("L").resize((64, 64), Image.BOX)
    v = list(gray.getdata())
    mean = sum(v) / len(v)
    d = [x - mean for x in v]
    norm = sum(x * x for x in d) ** 0.5
    return [x / norm for x in d] if norm else None, (sum(x * x for x in d) / len(d)) ** 0.5

def on_white(img):
    """The picture as a viewer shows it: transparency composited onto white (exactly; ffmpeg's overlay filter
    darkens antialiased edges when it flattens, which thickens thin strokes and changes the picture)."""
    rgba = img.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")

def variants(img, ext):
    """(name, extension, image, save options): rescaled with Lanczos, re-encoded with Pillow's encoders. JPEG gets
    the picture on white (it has no alpha); PNG and WebP keep the alpha channel."""
    w, h = img.size
    keep = img.convert("RGBA") if "A" in img.mode or "transparency" in img.info else img.convert("RGB")
    half = keep.resize((max(1, w // 2), max(1, h // 2)), Image.LANCZOS)
    yield "half", ext, (on_white(half) if ext == "jpg" else half), dict(quality=90) if ext != "png" else {}
    yield "three-quarter", "jpg", on_white(img).resize((w * 3 // 4, h * 3 // 4), Image.LANCZOS), dict(quality=85)
    yield "jpeg-low", "jpg", on_white(img), dict(quality=30)
    yield "webp", "webp", keep, dict(quality=60)
    if ext == "png":
        yield "double", "png", keep.resize((w * 2, h * 2), Image.LANCZOS), {}
    else:
        yield "png", "png", keep, {}

chosen, seen, stats, manifest = [], set(), dict(small=0, flat=0, similar=0, animated=0, rotated=0, bad=0, dup=0), []
for path in order:
    if len(chosen) >= args.sources:
        break
    data = open(path, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest in seen:
        stats["dup"] += 1
        continue
    seen.add(digest)
    try:
        img = Image.open(path)
        img.load()
    except Exception:
        stats["bad"] += 1
        continue
    if getattr(img, "is_animated", False):
        stats["animated"] += 1
        continue
    if min(img.size) < 64:
        stats["small"] += 1
        continue
    if img.getexif().get(0x0112, 1) != 1:
        stats["rotated"] += 1
        continue
    vec, std = thumbnail(img)
    if vec is None or std < 12:
        stats["flat"] += 1
        continue
    if any(sum(a * b for a, b in zip(vec, c)) >= 0.5 for c in chosen):
        stats["similar"] += 1
        continue
    chosen.append(vec)
    gid = "s%04d" % len(chosen)
    ext = {"jpg": "jpg", "jpeg": "jpg"}.get(path.rsplit(".", 1)[1].lower(), path.rsplit(".", 1)[1].lower())
    orig = out / "images" / f"{gid}-orig.{ext}"
    shutil.copyfile(path, orig)
    manifest.append(dict(id=f"{gid}-orig", uri=f"images/{orig.name}", group=gid, variant="orig", source=path))
    for name, vext, variant, options in variants(img, ext):
        dst = out / "images" / f"{gid}-{name}.{vext}"
        variant.save(dst, **options)
        manifest.append(dict(id=f"{gid}-{name}", uri=f"images/{dst.name}", group=gid, variant=name, source=path))

manifest.sort(key=lambda r: r["id"])
with open(out / "manifest.jsonl", "w") as f:
    for r in manifest:
        f.write(json.dumps(r) + "\n")
(out / "README").write_text(
    f"Near-duplicate image corpus made by bench/media/near_corpus.py: {len(chosen)} sources, {len(manifest)} images.\n"
    "Each group is a real image shipped on this machine (variant 'orig') and Pillow variants of it: half (50%, same\n"
    "format), three-quarter (75%, JPEG quality 85), jpeg-low (JPEG quality 30), webp (WebP quality 60), double (2x\n"
    "PNG, PNG sources) or png (lossless PNG, other sources); JPEGs on white, the others keep alpha. Groups are distinct pictures: their 64x64 grayscale thumbnails correlate below\n"
    f"0.5. Candidates left out: {stats}.\n")
print(f"near-corpus: {len(chosen)} sources, {len(manifest)} images in {out}; left out {stats}", file=sys.stderr)
