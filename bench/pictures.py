#!/usr/bin/env python3
"""Pictures for phones (issue 12): kursportal beside Hugo on the same photos.

A benchmark, not a test: it prints figures and writes them to
bench/results/pictures-<date>.json. In one run it

1. writes N photo-like JPEGs of 4000 x 3000 pixels (examples/photos.rs: a
   12-megapixel phone camera, about 2 MB each, the same bytes every run);
2. makes two sites that show them all on one page: ours (a home page with
   `![…](fotoNN.jpg)`) and Hugo's (the same Markdown in a home bundle, with
   an image render hook that does what ours does: width and height, copies
   480 and 960 pixels wide in srcset, Catmull-Rom, JPEG quality 82);
3. times, interleaved, for each repetition: a cold build of each (its
   cache of copies removed first) and a warm build (the cache as the cold
   build left it);
4. prints medians of wall time, CPU time and peak memory, and the bytes of
   the copies against the originals'.

Usage:
  python3 bench/pictures.py                 # 20 photos, 3 repetitions
  python3 bench/pictures.py --photos 5 --reps 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True
import scale  # noqa: E402  (Hugo's install)
import search  # noqa: E402  (the measuring helpers)

BINARY = ROOT / "target" / "release" / "kursportal"
PHOTOS = ROOT / "target" / "release" / "examples" / "photos"

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Bilder"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
quality = 82
resampleFilter = "CatmullRom"
"""

HUGO_HOME = """<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
"""

# What our build writes for a picture, written with Hugo's image processing.
HUGO_IMAGE_HOOK = """{{- $image := .Page.Resources.Get .Destination -}}
{{- with $image -}}
{{- $small := .Resize "480x" -}}{{- $medium := .Resize "960x" -}}
<img src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}" srcset="{{ $small.RelPermalink }} 480w, {{ $medium.RelPermalink }} 960w, {{ .RelPermalink }} {{ .Width }}w" sizes="(min-width: 50em) 48em, 100vw" loading="lazy" alt="{{ $.Text }}">
{{- end -}}
"""


def log(message: str) -> None:
    print(f"[pictures] {message}", file=sys.stderr, flush=True)


def make_sites(work: Path, count: int) -> tuple[Path, Path]:
    photos = work / "photos"
    if len(list(photos.glob("foto*.jpg"))) != count:
        shutil.rmtree(photos, ignore_errors=True)
        log(f"writing {count} photos of 4000 x 3000 pixels")
        subprocess.run([str(PHOTOS), str(photos), str(count)], check=True)
    body = "\n\n".join(f"![Foto nummer {n + 1} fra kurset](foto{n:02}.jpg)" for n in range(count))
    ours, hugo = work / "ours", work / "hugo"
    for site in (ours, hugo):
        shutil.rmtree(site, ignore_errors=True)
        (site / "content").mkdir(parents=True)
        for photo in sorted(photos.glob("foto*.jpg")):
            shutil.copy(photo, site / "content" / photo.name)
    (ours / "site.toml").write_text('title = "Bilder"\nbase_url = "https://example.org/"\n')
    (ours / "content" / "_index.md").write_text(f'+++\ntitle = "Bilder"\n+++\n{body}\n')
    (hugo / "hugo.toml").write_text(HUGO_CONFIG)
    (hugo / "content" / "_index.md").write_text(f'+++\ntitle = "Bilder"\n+++\n{body}\n')
    hooks = hugo / "layouts" / "_default" / "_markup"
    hooks.mkdir(parents=True)
    (hooks / "render-image.html").write_text(HUGO_IMAGE_HOOK)
    (hugo / "layouts" / "index.html").write_text(HUGO_HOME)
    return ours, hugo


def copies_and_originals(out: Path) -> tuple[int, int]:
    """Bytes of the pictures' copies and of the originals in an output folder."""
    copies = originals = 0
    for path in out.rglob("*.jpg"):
        if path.name.startswith("foto") and len(path.name) == len("foto00.jpg"):
            originals += path.stat().st_size
        else:
            copies += path.stat().st_size
    return copies, originals


def run_ours(site: Path, cold: bool) -> dict:
    if cold:
        shutil.rmtree(site / ".kursportal-cache", ignore_errors=True)
    out = scale.fresh(site.parent / "ours-public")
    result = search.run_measured([str(BINARY), "build", "--root", str(site), "--output-dir", str(out)])
    result["copy_bytes"], result["original_bytes"] = copies_and_originals(out)
    return result


def run_hugo(hugo_bin: Path, site: Path, cold: bool) -> dict:
    cache = site.parent / "hugo-cache"
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
    out = scale.fresh(site.parent / "hugo-public")
    result = search.run_measured([str(hugo_bin), "--source", str(site), "--destination", str(out),
                                  "--quiet", "--noBuildLock", "--cacheDir", str(cache)])
    result["copy_bytes"], result["original_bytes"] = copies_and_originals(out)
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/kursportal-pictures"))
    args = parser.parse_args(argv)
    log("cargo build --release (kursportal and the photo writer)")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kursportal", "--example", "photos"],
                   cwd=ROOT, check=True)
    hugo_bin = scale.hugo_binary()
    args.work.mkdir(parents=True, exist_ok=True)
    ours, hugo = make_sites(args.work, args.photos)
    runs: dict[str, list[dict]] = {}
    for rep in range(args.reps):
        for name, run in (
            ("kursportal cold", lambda: run_ours(ours, cold=True)),
            ("hugo cold", lambda: run_hugo(hugo_bin, hugo, cold=True)),
            ("kursportal warm", lambda: run_ours(ours, cold=False)),
            ("hugo warm", lambda: run_hugo(hugo_bin, hugo, cold=False)),
        ):
            result = run()
            log(f"rep {rep + 1}: {name}: {result['seconds']:.2f} s")
            runs.setdefault(name, []).append(result)
    rows = {}
    for name, results in runs.items():
        rows[name] = {key: statistics.median(r[key] for r in results)
                      for key in ("seconds", "cpu_s", "peak_rss_mb", "copy_bytes", "original_bytes")}
    print(f"{args.photos} photos of 4000 x 3000, {args.reps} repetitions, medians; load {os.getloadavg()[0]:.2f}")
    print(f"{'':18} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'copies MB':>10} {'originals MB':>13}")
    for name, row in rows.items():
        print(f"{name:18} {row['seconds']:8.2f} {row['cpu_s']:8.2f} {row['peak_rss_mb']:8.0f} "
              f"{row['copy_bytes'] / 1e6:10.2f} {row['original_bytes'] / 1e6:13.2f}")
    for kind in ("cold", "warm"):
        ratio = rows[f"kursportal {kind}"]["seconds"] / rows[f"hugo {kind}"]["seconds"]
        print(f"kursportal/Hugo wall time, {kind}: {ratio:.2f}")
    results = HERE / "results" / f"pictures-{dt.date.today().isoformat()}.json"
    results.write_text(json.dumps({
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "system": platform.platform(), "load": os.getloadavg()},
        "photos": args.photos, "reps": args.reps, "medians": rows,
    }, indent=2) + "\n")
    log(f"wrote {results.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
