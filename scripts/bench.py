#!/usr/bin/env python3
"""Times `kursportal build` on a generated site of many courses.

A benchmark, not a test: it prints figures (pages, seconds, pages per
second) for the release binary, so speed can be compared between commits
and, later, against Zola and Hugo on the same content.

Usage: python3 scripts/bench.py [COURSES] [MODULES_PER_COURSE]
"""

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "kursportal"
SECTORS = ["Renhold", "Varehandel", "Matproduksjon", "Helse", "Friluftsliv"]
PARAGRAPH = (
    "Deltakerne lærer arbeidsoppgaver, ord og uttrykk fra bransjen, og de øver på å "
    "snakke med kolleger og kunder. Læreren knytter norskopplæringen til praksis. "
)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(site: Path, courses: int, modules: int) -> int:
    shutil.copy(ROOT / "site.toml", site / "site.toml")
    content = site / "content"
    for lang in ["", ".nn", ".en", ".ar"]:
        write(content / f"_index{lang}.md", '+++\ntitle = "Kursportalen"\n+++\nVelkommen.\n')
    write(content / "kurs" / "_index.md", '+++\ntitle = "Kurs"\nchild_kind = "course"\n+++\n')
    pages = 5
    for c in range(courses):
        sector = SECTORS[c % len(SECTORS)]
        folder = content / "kurs" / f"kurs-{c:04d}"
        write(folder / "index.md", (
            f'+++\ntitle = "Kurs {c}"\nsummary = "Et arbeidsrettet kurs."\nduration = "8 uker"\n'
            f'levels = ["A2"]\ntarget_groups = ["Deltakere i introduksjonsprogrammet"]\n'
            f'sectors = ["{sector}"]\nmunicipalities = ["Inderøy"]\nupdated = 2022-10-18\n+++\n'
            f"## Om kurset\n\n{PARAGRAPH * 6}\n\n## Mål\n\n- Mål én\n- Mål to\n"
        ))
        pages += 1
        for m in range(modules):
            write(folder / f"{m + 1:02d}-modul.md", (
                f'+++\ntitle = "Modul {m + 1}"\nweight = {m + 1}\n+++\n'
                f"## Innhold\n\n{PARAGRAPH * 8}\n\n| Ord | Forklaring |\n|---|---|\n| mopp | redskap |\n\n"
                f"[Neste](@/kurs/kurs-{c:04d}/index.md)\n"
            ))
            pages += 1
    return pages


def main() -> None:
    courses = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    modules = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        pages = generate(site, courses, modules)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([str(BINARY), "build", "--root", str(site), "--output-dir", str(site / "public")],
                           check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        print(f"{pages} source pages ({courses} courses x {modules} modules), 5 builds")
        print(f"median {median:.3f} s, best {min(times):.3f} s, {pages / median:,.0f} pages/s")


if __name__ == "__main__":
    main()
