"""Hostile sizes (issue 10, "Speed on hostile sizes"): sites no editor means
to write, built by the release binary, each timed and measured.

A benchmark, not a test: it prints figures and writes them to
bench/results/hostile-<date>.json. Each case is a site generated into a
temporary folder, once on the disk and once on tmpfs (/dev/shm), so the
file system's own cost shows; `kursportal build` runs `--runs` times on
it, and the median wall time and the largest peak memory (the process's
maximum resident set) are reported beside the targets: under 10 s and under
1 GB each. Beside them, as a floor, the time to copy the output the build
wrote (`cp -r`) in the same place: on a disk where many trees were deleted,
ext4 makes new files slowly for everyone (see DESIGN.md).

Cases:
  page-50mb      one page of 50 MB of Markdown (paragraphs, headings,
                 lists, tables, links to the home page)
  headings-100k  one page with 100,000 headings of one name (ids numbered)
  nesting-10k    one page with a list nested 10,000 deep, a quotation
                 10,000 deep and raw HTML 10,000 elements deep
  folder-20k     20,000 pages in one folder under one section

    python3 bench/hostile.py [--runs 3] [--skip-cargo] [--only CASE]
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
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "kursportal"
TARGET_SECONDS = 10.0
TARGET_BYTES = 1 << 30

SITE_TOML = 'title = "Fiendtlig"\nbase_url = "https://example.org/"\n'

PARAGRAPH = (
    "Deltakerne øver på å lese arbeidsplaner, å melde fravær og å spørre om hjelp "
    "når noe er uklart. Veilederen viser hvordan utstyret brukes, og deltakerne "
    "forklarer det tilbake med egne ord. Se også [forsiden](@/_index.md).\n\n"
)


def page(title: str, body: str) -> str:
    return f'+++\ntitle = "{title}"\n+++\n{body}'


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def site_page_50mb(root: Path) -> None:
    block = (
        "## Dagens mål\n\n" + PARAGRAPH * 6
        + "- Møt presis\n- Ta med arbeidsklær\n  - sko\n  - hansker\n\n"
        + "| Oppgave | Tid |\n|---|---|\n| Gulv | 30 min |\n| Vinduer | 20 min |\n\n"
    )
    size = 50 * 1024 * 1024
    body = block * (size // len(block.encode("utf-8")) + 1)
    write(root, "content/stor.md", page("Stor side", body))


def site_headings_100k(root: Path) -> None:
    write(root, "content/overskrifter.md", page("Overskrifter", "## Mål\n\nTekst.\n\n" * 100_000))


def site_nesting_10k(root: Path) -> None:
    depth = 10_000
    body = (
        "- " * depth + "liste\n\n"
        + "> " * depth + "sitat\n\n"
        + "<div>" * depth + "boks" + "</div>" * depth + "\n"
    )
    write(root, "content/dypt.md", page("Dypt", body))


def site_folder_20k(root: Path) -> None:
    write(root, "content/sider/_index.md", page("Sider", "Alle sidene.\n"))
    for i in range(20_000):
        write(root, f"content/sider/side-{i:05}.md", page(f"Side {i}", PARAGRAPH))


CASES = {
    "page-50mb": site_page_50mb,
    "headings-100k": site_headings_100k,
    "nesting-10k": site_nesting_10k,
    "folder-20k": site_folder_20k,
}


def build_once(site: Path) -> tuple[float, int, int, str]:
    """Wall seconds, peak resident bytes, exit code and the summary line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BINARY), "build", "--root", str(site), "--output-dir", str(site / "public")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    out, err = process.communicate()
    wall = time.perf_counter() - started
    # This runs in a worker process of its own (`--one`) whose only child is
    # the build, so the children's peak is the build's.
    peak = resource_peak()
    text = (out + err).decode("utf-8", "replace").strip().splitlines()
    return wall, peak, process.returncode, text[0] if text else ""


def resource_peak() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def measure(case: str, runs: int, place: str) -> dict:
    """Each run in a worker Python of its own, so each peak is that run's.
    `place` is the folder the site is generated and built in: the disk, or
    tmpfs (memory), which leaves out the file system's own cost."""
    walls, peaks, summary = [], [], ""
    with tempfile.TemporaryDirectory(prefix=f"hostile-{case}-", dir=place) as tmp:
        site = Path(tmp)
        write(site, "site.toml", SITE_TOML)
        write(site, "content/_index.md", page("Forside", "Velkommen.\n"))
        generated = time.perf_counter()
        CASES[case](site)
        source_bytes = sum(p.stat().st_size for p in (site / "content").rglob("*") if p.is_file())
        print(f"{case}: generated {source_bytes / 1e6:.1f} MB in {time.perf_counter() - generated:.1f} s", flush=True)
        for _ in range(runs):
            result = subprocess.run(
                [sys.executable, __file__, "--one", str(site)],
                capture_output=True, text=True, check=True,
            )
            wall, peak, code, line = json.loads(result.stdout)
            if code != 0:
                raise SystemExit(f"{case}: the build failed: {line}")
            walls.append(wall)
            peaks.append(peak)
            summary = line
            # A floor for this place: copying the output the build wrote.
            started = time.perf_counter()
            shutil.copytree(site / "public", site / "floor")
            floor = time.perf_counter() - started
            shutil.rmtree(site / "floor", ignore_errors=True)
            shutil.rmtree(site / "public", ignore_errors=True)
    wall = statistics.median(walls)
    peak = max(peaks)
    return {
        "case": case,
        "place": place,
        "copy_output_seconds": round(floor, 3),
        "source_bytes": source_bytes,
        "wall_seconds_median": round(wall, 3),
        "wall_seconds_runs": [round(w, 3) for w in walls],
        "peak_bytes": peak,
        "summary": summary,
        "within_targets": wall < TARGET_SECONDS and peak < TARGET_BYTES,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-cargo", action="store_true")
    parser.add_argument("--only", choices=sorted(CASES))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(build_once(Path(args.one))))
        return
    if not args.skip_cargo:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    places = [tempfile.gettempdir()] + (["/dev/shm"] if Path("/dev/shm").is_dir() else [])
    cases = [args.only] if args.only else list(CASES)
    results = [measure(case, args.runs, place) for case in cases for place in places]
    print()
    print(f"{'case':<15} {'in':<10} {'source':>10} {'wall (median)':>14} {'peak memory':>12} {'cp -r output':>13}  within 10 s / 1 GB")
    for r in results:
        print(
            f"{r['case']:<15} {r['place']:<10} {r['source_bytes'] / 1e6:>8.1f} MB {r['wall_seconds_median']:>12.2f} s"
            f" {r['peak_bytes'] / 1e6:>9.0f} MB {r['copy_output_seconds']:>11.2f} s  {'yes' if r['within_targets'] else 'NO'}"
        )
    date = dt.date.today().isoformat()
    record = {
        "date": date,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
            "system": platform.platform(),
        },
        "runs_per_case": args.runs,
        "targets": {"wall_seconds": TARGET_SECONDS, "peak_bytes": TARGET_BYTES},
        "results": results,
    }
    out = ROOT / "bench" / "results" / f"hostile-{date}.json"
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
