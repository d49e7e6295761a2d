#!/usr/bin/env bash
# The Python pipeline a user would otherwise assemble, on the same pages as `tiqu bench`:
# trafilatura (main text) + OpenCC (Traditional → Simplified) + jionlp (money expressions).
# Installs them from PyPI into a virtualenv (VENV, default /tmp/tiqu-bench-venv) and reports MB/s
# on one core. Usage: scripts/bench_python.sh [DIR] [MB]
set -euo pipefail
dir=${1:-$(dirname "$0")/../../shared/corpus/html}
mb=${2:-20}
venv=${VENV:-/tmp/tiqu-bench-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q trafilatura lxml_html_clean opencc-python-reimplemented jionlp
"$venv/bin/python" - "$dir" "$mb" <<'PY'
import os, sys, time
import trafilatura, opencc, jionlp
folder, mb = sys.argv[1], float(sys.argv[2])
pages = [open(os.path.join(folder, f), "rb").read() for f in sorted(os.listdir(folder)) if not f.startswith(".")]
size = sum(map(len, pages))
replays = max(1, int(mb * 1e6 // size) + 1)
cc = opencc.OpenCC("t2s")
start = time.perf_counter()
facts = 0
for _ in range(replays):
    for page in pages:
        text = trafilatura.extract(page) or ""
        text = cc.convert(text)
        facts += len(jionlp.ner.extract_money(text))
seconds = time.perf_counter() - start
total = size * replays / 1e6
print(f"python (trafilatura + OpenCC + jionlp), 1 core: {total:.1f} MB, {len(pages) * replays} documents in {seconds:.1f} s: "
      f"{total / seconds:.2f} MB/s, {len(pages) * replays / seconds:.0f} docs/s ({facts} money facts)")
PY
