#!/usr/bin/env bash
# The review page in a real browser: the samples' report rendered by headless Chromium (installed
# from Debian if missing); the DOM it builds must highlight every fact of the records once at its
# span with the record's text between, and a link to a fact must open its detail panel. Keeps a
# screenshot for people to look at: out/browser/report.png (and the DOM beside it).
# Usage: browser-test.sh [TIQU_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
tiqu=${1:-.build/debug/tiqu}
if ! command -v chromium >/dev/null; then
  echo "installing: chromium" >&2
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
out=out/browser
mkdir -p "$out"
"$tiqu" extract --with-text Samples/*.txt Samples/*.html -o "$out/samples.jsonl" 2>/dev/null
"$tiqu" report "$out/samples.jsonl" -o "$out/report.html"
# The first quantity of the first record: the fact the link opens.
link=$(python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); print("1:%d" % r["quantities"][0]["start"])' "$out/samples.jsonl")
page="file://$PWD/$out/report.html#d-$link"
browser=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run)
"${browser[@]}" --dump-dom "$page" >"$out/report.dom.html" 2>"$out/chromium.log"
python3 scripts/check-report-dom.py "$out/samples.jsonl" "$out/report.dom.html" "$link"
"${browser[@]}" --window-size=1400,1600 --screenshot="$PWD/$out/report.png" "$page" 2>>"$out/chromium.log"
test -s "$out/report.png"
echo "report screenshot: $out/report.png"
