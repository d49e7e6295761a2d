#!/usr/bin/env bash
# Tiqu beside its peers on the same pages, one run: `tiqu bench` (libxml2 parse-only as the floor,
# tiqu end to end on one core and on all, the per-stage split), resiliparse's main-content text
# (`extract_plain_text(main_content=True)`, charset detection included), and the Python pipeline a
# user would otherwise assemble (trafilatura + OpenCC t2s + jionlp money expressions). Each peer
# replays the pages to MB on one core. Installs the Python packages into a virtualenv (VENV,
# default /tmp/tiqu-bench-venv); prints a Markdown table for the README.
# Usage: scripts/bench_peers.sh [DIR] [MB] [TIQU_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/corpus/html}
mb=${2:-200}
tiqu=${3:-.build/release/tiqu}
venv=${VENV:-/tmp/tiqu-bench-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q trafilatura lxml_html_clean opencc-python-reimplemented jionlp resiliparse

bench=$("$tiqu" bench "$dir" --mb "$mb" --runs 3 2>/dev/null)
echo "$bench" >&2
"$venv/bin/python" - "$dir" "$mb" "$bench" <<'PY'
import os, re, sys, time
folder, mb, bench = sys.argv[1], float(sys.argv[2]), sys.argv[3]
pages = [open(os.path.join(folder, f), "rb").read() for f in sorted(os.listdir(folder))
         if not f.startswith(".") and os.path.isfile(os.path.join(folder, f))]
size = sum(map(len, pages))
replays = max(1, int(mb * 1e6 // size) + 1)


def timed(name, run):
    """MB/s and docs/s of `run` over every page, replayed to MB, on this one core."""
    start = time.perf_counter()
    for _ in range(replays):
        for page in pages:
            run(page)
    seconds = time.perf_counter() - start
    total = size * replays / 1e6
    print(f"{name}: {total:.1f} MB in {seconds:.1f} s", file=sys.stderr)
    return total / seconds, len(pages) * replays / seconds


from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import detect_encoding
from resiliparse.parse.html import HTMLTree

def resiliparse(page):
    extract_plain_text(HTMLTree.parse_from_bytes(page, detect_encoding(page)), main_content=True)

import jionlp, opencc, trafilatura
cc = opencc.OpenCC("t2s")

def python_pipeline(page):
    jionlp.ner.extract_money(cc.convert(trafilatura.extract(page) or ""))

rows = {}
for line in bench.splitlines():
    m = re.match(r"(libxml2 parse-only, 1 core|tiqu end to end, \d+ cores?)\s+[\d.]+ s\s+([\d.]+) MB/s\s+(\d+) docs/s", line)
    if m:
        rows[m.group(1)] = (float(m.group(2)), float(m.group(3)))
floor = rows["libxml2 parse-only, 1 core"][0]
rows["resiliparse main content, 1 core"] = timed("resiliparse", resiliparse)
rows["trafilatura + OpenCC + jionlp, 1 core"] = timed("python pipeline", python_pipeline)
stages = [l.strip() for l in bench.splitlines() if re.match(r"\s+(ingest|clean|normalize|extract|emit)", l)]
print(f"| {os.path.basename(os.path.normpath(folder))}, {mb:.0f} MB a run | MB/s | docs/s | of libxml2 |")
print("|---|---|---|---|")
for name, (rate, docs) in rows.items():
    print(f"| {name} | {rate:.1f} | {docs:.0f} | {100 * rate / floor:.0f}% |")
print("| tiqu per stage, 1 core | " + "; ".join(re.sub(r"\s{2,}", " ", s) for s in stages) + " | | |")
extra = [m.group(0) for m in re.finditer(r"scaling on \d+ cores: [\d.]+x|peak RSS: \d+ MB", bench)]
print("| " + ", ".join(extra) + " | | | |")
PY
