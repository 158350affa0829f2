#!/usr/bin/env bash
# Runs every test of kursportal:
#   1. formatting and lints (cargo fmt, cargo clippy);
#   2. unit and integration tests (cargo test), including a build of the
#      shipped portal with every link checked;
#   3. browser tests of the built portal in headless Chromium: axe-core,
#      the Nu HTML Checker, links over HTTP, journeys, page weight, screenshots.
# On a fresh machine it installs what the browser tests need (Debian's
# chromium and chromium-driver, and the npm packages pinned in
# package-lock.json). A tool that cannot be installed stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "scripts/test.sh: $*" >&2; exit 1; }

install_browser() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then return; fi
  echo "== installing chromium and chromium-driver (apt)"
  command -v apt-get >/dev/null || fail "chromium is missing and apt-get is not available to install it"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q chromium chromium-driver >/dev/null; } \
    || fail "could not install chromium and chromium-driver with apt-get"
  command -v chromium >/dev/null || fail "chromium is still not on PATH after installing it"
}

install_npm_packages() {
  command -v npm >/dev/null || fail "npm is missing; the browser tests need Node.js and npm"
  command -v java >/dev/null || fail "java is missing; the Nu HTML Checker needs Java 17"
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null; then
    echo "== npm ci"
    # --ignore-scripts: vnu-jar's install script only fetches a Java we already have.
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || fail "npm ci failed"
  fi
  [ -f node_modules/vnu-jar/build/dist/vnu.jar ] || fail "vnu-jar did not install its vnu.jar"
}

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo test"
CI=true cargo test --locked --all-targets

install_browser
install_npm_packages

echo "== building the shipped portal for the browser tests"
site="$PWD/target/browser-site"
cargo run --locked --quiet -- build --output-dir "$site"

echo "== browser tests"
KP_SITE_DIR="$site" KP_TEST_OUTPUT="$PWD/test-output" \
  node --test --test-concurrency=1 --test-reporter=spec tests/browser/
echo "Screenshots: test-output/screenshots/"
