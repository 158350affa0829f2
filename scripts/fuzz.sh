#!/usr/bin/env bash
# Runs each fuzz target (fuzz/fuzz_targets/) for a bounded time and prints
# how many inputs each tried. A crash stops that target; libFuzzer writes
# the input to fuzz/artifacts/<target>/, and it becomes a regression test.
#
#   bash scripts/fuzz.sh [SECONDS-PER-TARGET] [TARGET ...]
#
# cargo-fuzz is installed from crates.io when missing. The project builds
# with the stable toolchain; RUSTC_BOOTSTRAP lets cargo-fuzz pass its
# coverage flags to it. No sanitizer: the code has no `unsafe`, and what we
# look for are panics, overflows and endless loops (-timeout).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(front_matter markdown links slug serve_path)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

cargo fuzz build -O -s none
status=0
printf '%-14s %12s %10s  %s\n' target runs seconds result
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    log="$(mktemp)"
    if cargo fuzz run -O -s none "$target" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
        result=ok
    else
        result="CRASH (see fuzz/artifacts/$target/)"
        status=1
    fi
    runs="$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1 || true)"
    if [ -z "$runs" ]; then
        runs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)"
    fi
    printf '%-14s %12s %10s  %s\n' "$target" "${runs:-?}" "$seconds" "$result"
    if [ "$result" != ok ]; then
        grep -E 'panicked|ERROR|SUMMARY' "$log" | head -5
    fi
    rm -f "$log"
done
exit "$status"
