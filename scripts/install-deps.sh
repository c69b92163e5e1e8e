#!/usr/bin/env bash
# Installs everything haoban's build, server and tests need on Debian 12.
# Idempotent: when every package is present it only checks and returns in about a second.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"

debian_packages=(
  # toolchain
  build-essential cmake ninja-build ccache mold pkg-config git
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev libpq-dev
  libsodium-dev libssl-dev
  libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libyaml-cpp-dev libicu-dev
  libopencc-dev libxapian-dev
  # the monthly operations report (PDF): Cairo and Pango (its CJK font: fonts-noto-cjk, below)
  libcairo2-dev libpango1.0-dev
  # data: the jieba dictionary the search segmenter reads
  python3-jieba
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev postgresql wrk curl
  # the report's test renders a page of the PDF as an image and reads its text
  poppler-utils
  # bench/load/help_load.mjs runs the server at a business-hours time of day
  libfaketime
  # web build and browser tests
  nodejs chromium fonts-noto-cjk
)

missing=()
for p in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm is shipped with nodesource's nodejs; Debian's nodejs needs the separate npm package.
if ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm
fi

# Web packages: reinstall only when the lock file changed since the last install.
web="$here/web"
if [[ -f "$web/package-lock.json" ]]; then
  stamp="$web/node_modules/.haoban-lock-stamp"
  if [[ ! -f "$stamp" ]] || ! cmp -s "$web/package-lock.json" "$stamp"; then
    echo "install-deps: npm ci in web/"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$web/package-lock.json" "$stamp"
  fi
fi
