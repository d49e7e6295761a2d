#!/usr/bin/env bash
# Installs the Debian packages Tiqu needs (if missing), builds the release binary, and runs the main
# job on Samples/ with the built-in rules. Output: out/samples.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(pkg-config libxml2-dev libopencc-dev libopencc-data libstdc++-12-dev libuchardet-dev zlib1g-dev libicu-dev libsqlite3-dev sqlite3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

swift build -c release
mkdir -p out
.build/release/tiqu extract --with-text Samples/*.txt Samples/*.html -o out/samples.jsonl
