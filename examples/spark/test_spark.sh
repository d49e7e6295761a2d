#!/usr/bin/env bash
# Integration test for examples/spark/tiqu_spark.py, run by CI: in local[2] mode over the shared
# corpus (as JSONL, and as WARC.gz), every input id must come back exactly once, with the same
# record a plain `tiqu extract` run gives, and a user rules folder must reach the executors.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tiqu=$root/.build/release/tiqu
shared=${TIQU_SHARED:-$root/../shared}
[ -x "$tiqu" ] || swift build -c release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Spark needs a Java runtime, and a virtualenv needs Debian's python3-venv when Python is Debian's.
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
python3 -m venv "$work/probe" >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q pyspark

# The corpus as two JSONL files (text scrapes and HTML pages), and the HTML pages as one WARC.gz.
python3 - "$shared" "$work" <<'PY'
import gzip, json, os, sys, uuid
shared, work = sys.argv[1:3]
os.makedirs(f"{work}/jsonl"); os.makedirs(f"{work}/warc")
def decode(b):
    for enc in ("utf-8", "gb18030"):
        try: return b.decode(enc)
        except UnicodeDecodeError: pass
    return b.decode("utf-8", "replace")
for kind, field in (("text", "text"), ("html", "html")):
    folder = f"{shared}/corpus/{kind}"
    with open(f"{work}/jsonl/{kind}.jsonl", "w", encoding="utf-8") as out:
        for name in sorted(os.listdir(folder)):
            if name.endswith(".md"): continue
            body = decode(open(f"{folder}/{name}", "rb").read())
            out.write(json.dumps({"id": f"{kind}-{name}", field: body, "site": kind}, ensure_ascii=False) + "\n")
with open(f"{work}/warc/pages.warc.gz", "wb") as out:
    folder = f"{shared}/corpus/html"
    for i, name in enumerate(sorted(os.listdir(folder))):
        body = open(f"{folder}/{name}", "rb").read()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.UUID(int=i + 1)}>\r\n"
                f"WARC-Target-URI: http://example.com/{name}\r\nContent-Length: {len(http)}\r\n\r\n").encode()
        out.write(gzip.compress(head + http + b"\r\n\r\n"))
PY

# A user rule, shipped to the executors: it drops a heading the built-in rules keep.
mkdir "$work/rules"
cat > "$work/rules/mine.yaml" <<'YAML'
kind: chrome
rules:
  - id: mine/spark-heading
    role: footer
    pattern: '^盈浦街道介绍$'
    examples:
      - drop: 盈浦街道介绍
      - keep: 盈浦街道面积25.14平方公里。
YAML

export SPARK_LOCAL_IP=127.0.0.1
run_spark() {
  "$work/venv/bin/python" examples/spark/tiqu_spark.py --master 'local[2]' --tiqu "$tiqu" "$@" 2> "$work/spark.log" \
    || { tail -40 "$work/spark.log"; exit 1; }
}
run_spark --input "$work/jsonl" --output "$work/out-jsonl" --rules "$work/rules"
run_spark --input "$work/warc" --output "$work/out-warc"
"$tiqu" extract --rules "$work/rules" --jsonl "$work/jsonl/text.jsonl" --jsonl "$work/jsonl/html.jsonl" -o "$work/plain-jsonl.jsonl" 2>/dev/null
"$tiqu" extract --jsonl "$work/jsonl/text.jsonl" -o "$work/builtin-text.jsonl" 2>/dev/null
"$tiqu" extract "$work/warc/pages.warc.gz" -o "$work/plain-warc.jsonl" 2>/dev/null

python3 - "$work" <<'PY'
import glob, json, sys
work = sys.argv[1]
def load(paths):
    records = [json.loads(l) for p in paths for l in open(p, encoding="utf-8") if l.strip()]
    for r in records: r["source"].pop("path", None)
    return records
def compare(name, spark_paths, plain_path, inputs):
    spark, plain = load(spark_paths), load([plain_path])
    ids = [r["id"] for r in spark]
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids from Spark"
    assert sorted(ids) == sorted(inputs), f"{name}: ids differ: missing {set(inputs) - set(ids)}, extra {set(ids) - set(inputs)}"
    by_id = {r["id"]: r for r in plain}
    differ = [r["id"] for r in spark if r != by_id[r["id"]]]
    assert not differ, f"{name}: records differ from a plain run: {differ[:5]}"
    print(f"{name}: {len(ids)} ids, each once, records identical to a plain tiqu extract run")
    return spark
inputs = [json.loads(l)["id"] for p in sorted(glob.glob(f"{work}/jsonl/*.jsonl")) for l in open(p, encoding="utf-8")]
spark = compare("jsonl", glob.glob(f"{work}/out-jsonl/part-*"), f"{work}/plain-jsonl.jsonl", inputs)
assert any("盈浦街道" in json.dumps(r, ensure_ascii=False) for r in spark), "Chinese came back mangled"
assert any(r["source"].get("extra", {}).get("site") == "text" for r in spark), "extra fields were not carried"
builtin = {r["id"]: r for r in load([f"{work}/builtin-text.jsonl"])}
yingpu = next(r for r in spark if r["id"] == "text-011.txt")
assert yingpu["stats"]["chrome_lines"] == builtin["text-011.txt"]["stats"]["chrome_lines"] + 1, "the shipped rule did not reach the executors"
print("the user rules folder reached the executors (text-011 lost its heading)")
warc_inputs = [r["id"] for r in load([f"{work}/plain-warc.jsonl"])]
compare("warc", glob.glob(f"{work}/out-warc/part-*"), f"{work}/plain-warc.jsonl", warc_inputs)
PY
