#!/usr/bin/env bash
# Runs every test of kursportal: formatting, lints, unit and integration
# tests (including a build of the shipped portal with every link checked).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo test"
CI=true cargo test --locked --all-targets
