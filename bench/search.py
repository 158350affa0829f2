#!/usr/bin/env python3
"""Search benchmark (issue 8, "Benchmark"): the portal's own search beside Pagefind.

A benchmark, not a test: it prints figures and writes them to
bench/results/search-<date>.json. In one run it

1. generates a deterministic 10,000-page site in Bokmål and English (5,000
   pages each, every page with an `x.en.md` translation), shaped like the
   shipped portal (bench/sitegen.py);
2. builds it with the release binary, timing wall time and peak memory (RSS),
   also without the search phase when `kursportal build` has a flag for that;
3. runs Pagefind 1.6 (npm `pagefind`, installed in target/bench-tools) over
   the same built folder, interleaved with the builds, timing it the same way,
   and counts the search files and bytes each writes;
4. in headless Chromium, serves the built folder over HTTP on 127.0.0.1 and
   counts the requests and bytes a first one-word query needs, search script
   included: until the first results, and until ten results with excerpts;
   for Pagefind through its JS API, for the portal by typing into its search
   field (bench/search-browser.mjs);
5. prints a table of medians over the repetitions.

Usage:
  python3 bench/search.py                # 10,000 pages, 3 repetitions
  python3 bench/search.py --quick        # 1,000 pages, 1 repetition
  python3 bench/search.py --help         # every option

Needs: cargo, Node.js with npm, and Debian's chromium (/usr/bin/chromium).
playwright-core comes from the project's node_modules (`npm ci
--ignore-scripts` is run if it is missing); Pagefind is installed into
target/bench-tools, never into the project's package.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no bench/__pycache__ beside the sources
import sitegen  # noqa: E402

BINARY = ROOT / "target" / "release" / "kursportal"
TOOLS = ROOT / "target" / "bench-tools"
PAGEFIND_VERSION = "1.6.0"
PAGEFIND_BIN = TOOLS / "node_modules" / "@pagefind" / "linux-x64" / "bin"
CHROMIUM = os.environ.get("KP_CHROMIUM", "/usr/bin/chromium")
BROWSER_SCRIPT = HERE / "search-browser.mjs"

# The portal's own search, as the browser sees it (themes/standard/static/
# search.js, files under sok-indeks/): the names this script looks for, each
# can be changed on the command line.
OUR_INDEX_HINTS = ("sok", "search")  # a folder under OUT named with one of these words holds the index
HINT = re.compile(r"(^|[-_.])(" + "|".join(OUR_INDEX_HINTS) + r")([-_.]|$)", re.I)  # "sok", "search-index"; not "jobbsoking"
OUR_INPUT = "input[type=search]"  # the search field (header or search page)
OUR_RESULTS = "ol.search-results > li, [data-search-results] li"  # one element per result
OUR_MARK = "mark"  # a matched word in a result's excerpt
# `kursportal build` options that would switch the search phase off
NO_SEARCH_FLAG = re.compile(r"--(?:no|skip|without)-(?:search|index)[a-z-]*")

DEFAULT_QUERIES = ["nb:renhold", "nb:dagligvare", "en:health"]

# Targets from issue 8, section 7
TARGETS = {
    "first": {"requests": 4, "kb": 60},
    "ten": {"requests": 8, "kb": 100},
    "build_time_share": 0.25,
    "build_memory_mb": 500,
}


# --- small helpers ---------------------------------------------------------

def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run_measured(cmd: list[str], cwd: Path | None = None) -> dict:
    """Runs a command; returns wall seconds, peak RSS (MB) of it and its children, and its output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{stdout}\n{stderr}")
    return {
        "seconds": wall,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # ru_maxrss is in KiB on Linux
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "stdout": stdout,
        "stderr": stderr,
    }


def tree_stats(folder: Path, skip_html: bool = False) -> dict:
    files = 0
    size = 0
    for path in folder.rglob("*"):
        if path.is_file() and not (skip_html and path.suffix == ".html"):
            files += 1
            size += path.stat().st_size
    return {"files": files, "bytes": size}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def version_of(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[-1]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def machine_facts(work: Path) -> dict:
    facts = {"nproc": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                facts["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                facts["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    facts["work_dir_fs"] = version_of(["stat", "-f", "-c", "%T", str(work)])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "themes", "Cargo.toml", "Cargo.lock"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    facts["kursportal_commit"] = commit + ("+uncommitted" if dirty else "")
    facts["rustc"] = version_of(["rustc", "--version"])
    facts["node"] = version_of(["node", "--version"])
    facts["chromium"] = version_of([CHROMIUM, "--version"])
    facts["pagefind"] = version_of([str(PAGEFIND_BIN / "pagefind_extended"), "--version"])
    return facts


# --- setting up ----------------------------------------------------------------

def ensure_tools(args) -> None:
    if not args.skip_cargo:
        log("cargo build --release")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if not BINARY.exists():
        raise SystemExit(f"{BINARY} is missing: run `cargo build --release`")
    if not (PAGEFIND_BIN / "pagefind_extended").exists():
        log(f"installing pagefind {PAGEFIND_VERSION} into {TOOLS.relative_to(ROOT)}")
        TOOLS.mkdir(parents=True, exist_ok=True)
        if not (TOOLS / "package.json").exists():
            (TOOLS / "package.json").write_text('{"name": "kursportal-bench-tools", "private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                        f"pagefind@{PAGEFIND_VERSION}"], cwd=TOOLS, check=True)
    if not args.no_browser:
        if not (ROOT / "node_modules" / "playwright-core").exists():
            log("npm ci --ignore-scripts (playwright-core for the browser measurements)")
            subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=ROOT, check=True)
        if not Path(CHROMIUM).exists():
            raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium (or pass --no-browser)")


def site_stamp(pages: int, seed: int) -> str:
    digest = hashlib.sha256()
    digest.update(f"{pages}:{seed}".encode())
    digest.update((HERE / "sitegen.py").read_bytes())
    digest.update((ROOT / "site.toml").read_bytes())
    for path in sorted((ROOT / "content").rglob("*.md")):  # the language model's corpus
        digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare_site(site: Path, pages: int, seed: int) -> dict:
    stamp_file = site / ".bench-stamp.json"
    stamp = site_stamp(pages, seed)
    if stamp_file.exists():
        saved = json.loads(stamp_file.read_text())
        if saved.get("stamp") == stamp:
            log(f"reusing the generated site in {site}")
            return saved["stats"]
    log(f"generating {pages * 2:,} pages ({pages:,} nb + {pages:,} en) in {site}")
    if site.exists():
        shutil.rmtree(site)
    started = time.perf_counter()
    stats = sitegen.generate(site, pages, seed)
    stats["generate_seconds"] = round(time.perf_counter() - started, 1)
    stamp_file.write_text(json.dumps({"stamp": stamp, "stats": stats}, indent=1))
    return stats


def no_search_flag(args) -> str | None:
    if args.no_search_flag is not None:
        return args.no_search_flag or None
    help_text = subprocess.run([str(BINARY), "build", "--help"], capture_output=True, text=True).stdout
    found = NO_SEARCH_FLAG.search(help_text)
    return found.group(0) if found else None


# --- the portal's own search files -----------------------------------------------

def find_our_index(out: Path, given: list[str]) -> list[Path]:
    """The folders that hold the portal's search files (not Pagefind's)."""
    if given:
        return [out / g for g in given if (out / g).is_dir()]
    found: list[Path] = []
    for folder in sorted(p for p in out.rglob("*") if p.is_dir()):
        rel = folder.relative_to(out)
        if rel.parts[0] == "pagefind" or len(rel.parts) > 3:
            continue
        if not HINT.search(folder.name):
            continue
        if any(f.is_file() and f.suffix != ".html" for f in folder.rglob("*")):
            if not any(parent in found for parent in folder.parents):
                found.append(folder)
    return found


def our_search_files(out: Path, folders: list[Path]) -> dict:
    """Search data under the index folders (pages excluded), and search scripts at the top."""
    files, size, names = 0, 0, []
    for folder in folders:
        stats = tree_stats(folder, skip_html=True)
        files += stats["files"]
        size += stats["bytes"]
        names.append(str(folder.relative_to(out)) + "/")
    for script in sorted(out.glob("*.js")) + sorted(out.glob("*.mjs")):
        if HINT.search(script.stem):
            files += 1
            size += script.stat().st_size
            names.append(script.name)
    return {"files": files, "bytes": size, "where": names}


def our_search_pages(out: Path, given: dict[str, str], languages: list[str]) -> dict[str, str]:
    """The URL path of each language's search page, or its home page (header field)."""
    pages = {}
    for lang in languages:
        if lang in given:
            pages[lang] = given[lang]
            continue
        prefix = "" if lang == "nb" else f"{lang}/"
        base = out / prefix
        candidates = sorted(p for p in base.iterdir()
                            if p.is_dir() and HINT.search(p.name) and (p / "index.html").exists()) if base.is_dir() else []
        pages[lang] = f"/{prefix}{candidates[0].name}/" if candidates else f"/{prefix}"
    return pages


# --- runs ------------------------------------------------------------------------

SEARCH_PHASES = ("search index", "search export")


def build(site: Path, out: Path, extra: list[str]) -> dict:
    result = run_measured([str(BINARY), "build", "--root", str(site), "--output-dir", str(out), "--timings", *extra])
    text = result["stdout"] + result["stderr"]
    summary = re.search(r"Built (\d+) pages, (\d+) files \(([\d.]+) MB\)", text)
    if summary:
        result["pages"], result["files"], result["mb"] = int(summary[1]), int(summary[2]), float(summary[3])
    # `build --timings`: "Phases: load, parse, model 0.57 s, theme 0.00 s, search index 0.94 s, …"
    phases = re.search(r"^Phases: (.*)$", text, re.M)
    if phases:
        result["phases"] = {name.strip(): float(secs) for name, secs in
                            re.findall(r"([a-z ,]+?) ([\d.]+) s(?:, |$)", phases[1])}
    return result


def pagefind(out: Path) -> dict:
    bundle = out / "pagefind"
    if bundle.exists():
        shutil.rmtree(bundle)
    result = run_measured([str(PAGEFIND_BIN / "pagefind_extended"), "--site", str(out)])
    text = result["stdout"] + result["stderr"]
    for key, pattern in (("pages", r"Indexed (\d+) pages"), ("words", r"Indexed (\d+) words"),
                         ("languages", r"Indexed (\d+) languages")):
        found = re.search(pattern, text)
        if found:
            result[key] = int(found[1])
    result.update({f"disk_{k}": v for k, v in tree_stats(bundle).items()})
    return result


def browser_run(out: Path, queries: list[dict], args, ours: dict | None) -> dict:
    config = {
        "dir": str(out),
        "gzip": not args.no_gzip,
        "chromium": CHROMIUM,
        "queries": queries,
        "results": 10,
        "timeout_ms": args.timeout_ms,
        "pagefind": {"bundle": "/pagefind/"},
        "ours": ours,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
    try:
        done = subprocess.run(["node", str(BROWSER_SCRIPT), f.name], cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
    finally:
        os.unlink(f.name)
    if done.returncode != 0:
        raise SystemExit(f"bench/search-browser.mjs failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def strip_output(run: dict) -> dict:
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in run.items() if k not in ("stdout", "stderr")}


# --- summarising ---------------------------------------------------------------

def query_medians(runs: list[dict], tool: str, query: dict, variant: str | None = None) -> dict:
    ms = [m for run in runs for m in run[tool] if m["lang"] == query["lang"] and m["q"] == query["q"]
          and (variant is None or m.get("from") == variant)]
    ok = [m for m in ms if m.get("ok")]
    if not ok:
        return {"ok": False, "error": (ms[0].get("error") if ms else "not measured"),
                "problems": ms[0].get("problems", []) if ms else []}
    summary = {"ok": True, "hits": median([m["hits"] for m in ok]), "repetitions": len(ok)}
    for phase in ("first", "ten", "total"):
        if phase in ok[-1]:
            summary[phase] = {k: median([m[phase].get(k) for m in ok])
                              for k in ("requests", "body_bytes", "transfer_bytes", "ms")}
            summary[f"files_{phase}"] = ok[-1][phase]["files"]
    summary["top"] = ok[-1].get("top")
    for key in ("page", "status", "shown"):
        if key in ok[-1]:
            summary[key] = ok[-1][key]
    if "excerpts_complete" in ok[-1]["ten"]:
        summary["ten"]["excerpts_complete"] = all(m["ten"]["excerpts_complete"] for m in ok)
        summary["ten"]["with_excerpt"] = min(m["ten"]["with_excerpt"] for m in ok)
    return summary


def fmt_s(v, cpu=None):
    if v is None:
        return "–"
    return f"{v:.2f} s" + (f" ({cpu:.1f} s CPU)" if cpu is not None else "")


def fmt_mb(v):
    return "–" if v is None else f"{v:,.0f} MB"


def fmt_kb(v):
    return "–" if v is None else f"{v / 1024:,.1f} KB"


def fmt_phase(p: dict | None) -> str:
    if not p or p.get("requests") is None:
        return "not available"
    return f"{p['requests']:.0f} req, {fmt_kb(p['transfer_bytes'])} ({fmt_kb(p['body_bytes'])} decoded)"


VARIANT_TITLES = {"page": "ours, search page", "header": "ours, header field"}


def print_rows(rows: list[tuple]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def print_table(report: dict) -> None:
    s = report["summary"]
    ours = s["ours"]
    print()
    print(f"Search benchmark: {report['site']['source_files']:,} source pages "
          f"({report['site']['pages_per_language']:,} nb + {report['site']['pages_per_language']:,} en; "
          f"built: {s['build']['pages'] or 0:,} pages, {s['build']['files'] or 0:,} files), "
          f"{report['settings']['repetitions']} repetition(s), medians; work dir on {report['machine']['work_dir_fs']}")
    print()
    rows = [("", "kursportal (ours)", f"Pagefind {PAGEFIND_VERSION}")]
    rows.append(("build of the site", f"{fmt_s(s['build']['seconds'], s['build']['cpu_s'])}, "
                                      f"{fmt_mb(s['build']['peak_rss_mb'])} peak", "–"))
    if s["build_without_search"]["seconds"] is not None:
        rows.append((f"  … with {s['build_without_search']['flag']}",
                     f"{fmt_s(s['build_without_search']['seconds'], s['build_without_search']['cpu_s'])}, "
                     f"{fmt_mb(s['build_without_search']['peak_rss_mb'])} peak", "–"))
    present = ours["disk_files"] is not None
    rows.append(("index build time", (fmt_s(ours["index_seconds"], ours["index_cpu_s"]) + ours["index_basis"])
                 if present else "not there yet", fmt_s(s["pagefind"]["seconds"], s["pagefind"]["cpu_s"])))
    if ours.get("share_of_build") is not None:
        rows.append(("  … adds to the build", f"{ours['share_of_build']:.0%} of its other phases' wall time", "–"))
    if ours.get("phases"):
        rows.append(("  build phases", ", ".join(f"{k} {v:.2f} s" for k, v in ours["phases"].items()), "–"))
    peak_basis = " (whole build)" if ours["index_basis"].startswith(" (search phases") else ours["index_basis"]
    rows.append(("index peak memory", (fmt_mb(ours["index_peak_rss_mb"]) + peak_basis) if present else "not there yet",
                 fmt_mb(s["pagefind"]["peak_rss_mb"])))
    rows.append(("search files on disk",
                 f"{ours['disk_files']:,} files, {ours['disk_bytes'] / 1e6:,.2f} MB" if present else "not there yet",
                 f"{s['pagefind']['disk_files']:,.0f} files, {s['pagefind']['disk_bytes'] / 1e6:,.2f} MB"))
    print_rows(rows)

    variants = report["settings"]["our_from"]
    if s["browser"]["pagefind"]:
        print()
        rows = [("first query (cold cache)", *[VARIANT_TITLES[v] for v in variants], f"Pagefind {PAGEFIND_VERSION}")]

        def cell(m: dict, phase: str, hits=False) -> str:
            if not m.get("ok"):
                return "not available" if phase == "first" else ""
            text = fmt_phase(m.get(phase))
            if phase == "ten" and m["ten"].get("excerpts_complete") is False:
                text += " (no excerpt marked)"
            return text + (f" [{m['hits']:,.0f} hits]" if hits and m.get("hits") is not None else "")

        for q in report["queries"]:
            key = f"{q['lang']}:{q['q']}"
            pf = s["browser"]["pagefind"].get(key, {})
            us = [s["browser"]["ours"].get(v, {}).get(key, {}) for v in variants]
            rows.append((f"“{q['q']}” ({q['lang']}): first results", *[cell(m, "first", True) for m in us],
                         cell(pf, "first", True) if pf.get("ok") else f"failed: {pf.get('error', '')[:50]}"))
            rows.append(("  … ten results with excerpts", *[cell(m, "ten") for m in us], cell(pf, "ten")))
            rows.append(("  … all it loaded for the query", *[cell(m, "total") for m in us], cell(pf, "ten")))
        print_rows(rows)
        for v in variants:
            failed = [m for m in s["browser"]["ours"].get(v, {}).values() if not m.get("ok") and m.get("error")]
            if not failed:
                continue
            print(f"{VARIANT_TITLES[v]}: not available for {len(failed)} of {len(report['queries'])} queries; "
                  f"first: {failed[0]['error'].splitlines()[0][:160]}")
            problems = []
            for m in failed:
                for problem in m.get("problems") or []:
                    problem = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1", problem)
                    if problem not in problems:
                        problems.append(problem)
            for problem in problems[:5]:
                print(f"    {problem[:200]}")
    print()
    print(f"Targets (issue 8): first results ≤ {TARGETS['first']['requests']} requests and < {TARGETS['first']['kb']} KB; "
          f"ten with excerpts ≤ {TARGETS['ten']['requests']} requests and ≤ {TARGETS['ten']['kb']} KB; "
          f"search phase < {TARGETS['build_time_share']:.0%} of build time and < {TARGETS['build_memory_mb']} MB.")
    print("Requests reach the server (cache answers not counted); KB = response headers + bodies as sent"
          f"{' (text gzip-compressed)' if report['settings']['gzip'] else ''}; \"decoded\" = bodies as scripts get them. "
          "Search script included, the page itself not.")
    if ours["note"]:
        print(f"Ours: {ours['note']}")
    elif not s["build_without_search"]["flag"]:
        print("Ours: no `kursportal build` option switches search off, so index time and memory are the whole build's.")
    if ours["where"]:
        print(f"Ours on disk: {', '.join(ours['where'])}")


# --- main -------------------------------------------------------------------------

def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 pages and 1 repetition")
    parser.add_argument("--pages", type=int, help="pages per language (default 5,000; --quick: 500)")
    parser.add_argument("--reps", type=int, help="repetitions (default 3; --quick: 1)")
    parser.add_argument("--seed", type=int, default=8, help="seed of the generated site (default 8)")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "target" / "bench-search",
                        help="where the site is generated and built (default target/bench-search; "
                             "a folder on /dev/shm shows the CPU side without ext4's cost of deleted trees)")
    parser.add_argument("--query", action="append", dest="queries", metavar="LANG:WORD",
                        help=f"a first query, measured cold (repeatable; default {' '.join(DEFAULT_QUERIES)})")
    parser.add_argument("--our-index-dir", action="append", default=[], metavar="DIR",
                        help="folder under OUT holding our search files (repeatable); default: every folder "
                             f"whose name has the word {' or '.join(OUR_INDEX_HINTS)} (sok, search-index, not jobbsoking) "
                             "and that holds files other than pages")
    parser.add_argument("--our-page", action="append", default=[], metavar="LANG=/PATH/",
                        help="our search page per language (default: /sok/-like folder of the language, else its home page)")
    parser.add_argument("--our-input", default=OUR_INPUT, help=f"search field selector (default {OUR_INPUT!r})")
    parser.add_argument("--our-results", default=OUR_RESULTS, help=f"one result's selector (default {OUR_RESULTS!r})")
    parser.add_argument("--our-mark", default=OUR_MARK, help=f"marked word in an excerpt (default {OUR_MARK!r})")
    parser.add_argument("--our-from", choices=["page", "header", "both"], default="both",
                        help="type into the language's search page, the header field of its home page, or both (default)")
    parser.add_argument("--type-delay", type=int, default=0, metavar="MS",
                        help="type the query a letter at a time with this delay (default 0: fill it at once)")
    parser.add_argument("--no-search-flag", default=None, metavar="FLAG",
                        help="the build option that switches search off (default: found in `kursportal build --help`; "
                             "'' for none)")
    parser.add_argument("--no-gzip", action="store_true", help="serve text files uncompressed")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser measurements")
    parser.add_argument("--skip-cargo", action="store_true", help="use target/release/kursportal as it is")
    parser.add_argument("--timeout-ms", type=int, default=20000, help="browser wait limit per step")
    parser.add_argument("--json-out", type=Path, help="where to write the JSON (default bench/results/search-<date>.json)")
    args = parser.parse_args(argv)
    args.pages = args.pages or (500 if args.quick else 5000)
    args.reps = args.reps or (1 if args.quick else 3)
    args.queries = args.queries or DEFAULT_QUERIES
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    queries = []
    for item in args.queries:
        lang, _, word = item.partition(":")
        if not word or lang not in ("nb", "en"):
            raise SystemExit(f"--query {item!r}: write LANG:WORD with LANG nb or en")
        queries.append({"lang": lang, "q": word})
    our_pages_given = dict(p.split("=", 1) for p in args.our_page)

    ensure_tools(args)
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    site = work / f"site-{args.pages}-{args.seed}"
    out = work / f"out-{args.pages}-{args.seed}"
    site_stats = prepare_site(site, args.pages, args.seed)
    flag = no_search_flag(args)
    log(f"search can be switched off with {flag}" if flag else "no build option switches search off: "
        "ours is measured as the whole build")

    runs = []
    browser_runs = []
    our_index: list[Path] = []
    for rep in range(args.reps):
        run = {"rep": rep + 1}
        if flag:
            log(f"rep {rep + 1}/{args.reps}: kursportal build {flag}")
            run["build_without_search"] = strip_output(build(site, out, [flag]))
        log(f"rep {rep + 1}/{args.reps}: kursportal build")
        run["build"] = strip_output(build(site, out, []))
        our_index = find_our_index(out, args.our_index_dir)
        run["ours_disk"] = our_search_files(out, our_index) if our_index else None
        log(f"rep {rep + 1}/{args.reps}: pagefind")
        run["pagefind"] = strip_output(pagefind(out))
        runs.append(run)
        if not args.no_browser:
            ours_cfg = None
            if our_index:
                ours_cfg = {
                    "from": ["page", "header"] if args.our_from == "both" else [args.our_from],
                    "pages": our_search_pages(out, our_pages_given, ["nb", "en"]),
                    "index_dir": str(our_index[0].relative_to(out)),
                    "input": args.our_input, "results": args.our_results, "mark": args.our_mark,
                    "type_delay_ms": args.type_delay,
                }
            log(f"rep {rep + 1}/{args.reps}: headless Chromium, {len(queries)} queries"
                + ("" if ours_cfg else " (Pagefind only: our index is not there yet)"))
            browser_runs.append(browser_run(out, queries, args, ours_cfg))

    # medians
    def med(key, field):
        return median([r[key][field] for r in runs if r.get(key)])

    build_s, build_mb, build_cpu = med("build", "seconds"), med("build", "peak_rss_mb"), med("build", "cpu_s")
    without_s, without_mb = med("build_without_search", "seconds"), med("build_without_search", "peak_rss_mb")
    without_cpu = med("build_without_search", "cpu_s")
    ours_note = ""
    if not our_index:
        ours_note = ("our index is not there yet: no folder under the output named with the word "
                     f"{' or '.join(OUR_INDEX_HINTS)} holds search files (see --our-index-dir)")
        index_s = index_mb = index_cpu = None
        basis = ""
    elif flag:
        index_s, index_mb, index_cpu = build_s - without_s, build_mb - without_mb, build_cpu - without_cpu
        basis = f" (build − build {flag})"
    elif all(r["build"].get("phases") for r in runs):
        # The build times its own phases (`--timings`): the search phases' wall time.
        index_s = median([sum(r["build"]["phases"].get(p, 0.0) for p in SEARCH_PHASES) for r in runs])
        index_mb, index_cpu = build_mb, None
        basis = " (search phases, build --timings)"
    else:
        index_s, index_mb, index_cpu = build_s, build_mb, build_cpu
        basis = " (whole build)"
    ours_disk = [r["ours_disk"] for r in runs if r.get("ours_disk")]
    variants = ["page", "header"] if args.our_from == "both" else [args.our_from]
    summary = {
        "build": {"seconds": build_s, "cpu_s": build_cpu, "peak_rss_mb": build_mb, "pages": runs[-1]["build"].get("pages"),
                  "files": runs[-1]["build"].get("files"), "mb": runs[-1]["build"].get("mb")},
        "build_without_search": {"seconds": without_s, "cpu_s": without_cpu, "peak_rss_mb": without_mb, "flag": flag},
        "ours": {
            "index_seconds": index_s, "index_cpu_s": index_cpu, "index_peak_rss_mb": index_mb, "index_basis": basis,
            "share_of_build": ((index_s / without_s) if (index_s is not None and flag and without_s)
                               else (index_s / (build_s - index_s)) if (index_s is not None and basis.startswith(" (search phases"))
                               else None),
            "phases": {name: median([r["build"]["phases"].get(name, 0.0) for r in runs if r["build"].get("phases")])
                       for name in (runs[-1]["build"].get("phases") or {})},
            "disk_files": ours_disk[-1]["files"] if ours_disk else None,
            "disk_bytes": ours_disk[-1]["bytes"] if ours_disk else None,
            "where": ours_disk[-1]["where"] if ours_disk else [],
            "note": ours_note,
        },
        "pagefind": {
            "seconds": med("pagefind", "seconds"), "peak_rss_mb": med("pagefind", "peak_rss_mb"),
            "cpu_s": med("pagefind", "cpu_s"),
            "disk_files": med("pagefind", "disk_files"), "disk_bytes": med("pagefind", "disk_bytes"),
            "pages": runs[-1]["pagefind"].get("pages"), "words": runs[-1]["pagefind"].get("words"),
        },
        "browser": {"pagefind": {}, "ours": {v: {} for v in variants}},
    }
    if browser_runs:
        for q in queries:
            key = f"{q['lang']}:{q['q']}"
            summary["browser"]["pagefind"][key] = query_medians(browser_runs, "pagefind", q)
            for v in variants:
                summary["browser"]["ours"][v][key] = (
                    query_medians(browser_runs, "ours", q, v) if our_index
                    else {"ok": False, "error": "not available: our index is not there yet"})
    report = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "settings": {"pages_per_language": args.pages, "repetitions": args.reps, "seed": args.seed,
                     "gzip": not args.no_gzip, "queries": args.queries, "work_dir": str(work),
                     "our_selectors": {"input": args.our_input, "results": args.our_results, "mark": args.our_mark},
                     "our_from": variants,
                     "type_delay_ms": args.type_delay},
        "machine": machine_facts(work),
        "site": site_stats,
        "queries": queries,
        "targets": TARGETS,
        "summary": summary,
        "runs": runs,
        "browser_runs": browser_runs,
    }
    print_table(report)
    target = args.json_out or (HERE / "results" / f"search-{dt.date.today().isoformat()}{'-quick' if args.quick else ''}.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nFigures written to {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    main()
