#!/usr/bin/env python3
"""Scores cleaned records against keep/drop labels (Tests/Labels/unseen-cleaning.json).

Usage: score-cleaning.py RECORDS.jsonl LABELS.json [--pages]
RECORDS must come from `tiqu extract --with-text`. All comparisons are made with white space removed.
keep = share of `with` snippets found in the text; leak = share of `without` (hard chrome) found in it;
soft = share of `soft` snippets (bylines, captions, source lines) found in it; title/published/author
count pages whose metadata agrees with the label (published by day).
"""
import json, os, re, sys

def squeeze(s):
    return re.sub(r"\s+", "", s or "")

def main(argv):
    records = {}
    for line in open(argv[0], encoding="utf-8"):
        r = json.loads(line)
        records[os.path.splitext(os.path.basename(r["source"]["path"]))[0]] = r
    labels = json.load(open(argv[1], encoding="utf-8"))["pages"]
    totals = {k: [0, 0] for k in ("keep", "leak", "soft", "title", "published", "author")}
    for name, label in sorted(labels.items()):
        r = records.get(name, {})
        text, meta = squeeze(r.get("text")), r.get("meta") or {}
        row = []
        for key, field in (("keep", "with"), ("leak", "without"), ("soft", "soft")):
            found = [s for s in label.get(field, []) if squeeze(s) in text]
            totals[key][0] += len(found)
            totals[key][1] += len(label.get(field, []))
            row.append(f"{key} {len(found)}/{len(label.get(field, []))}")
        for key in ("title", "published", "author"):
            want = label.get(key)
            if not want:
                continue
            got = meta.get(key) or ""
            right = squeeze(got)[:10] == squeeze(want)[:10] if key == "published" else squeeze(got) == squeeze(want)
            totals[key][0] += right
            totals[key][1] += 1
            row.append(f"{key} {'ok' if right else 'WRONG'} {got!r}")
        if "--pages" in argv:
            print(name, " · ".join(row))
    share = lambda k: totals[k][0] / totals[k][1] if totals[k][1] else 1.0
    print(f"keep {share('keep'):.3f} ({totals['keep'][0]}/{totals['keep'][1]}) · "
          f"leak {share('leak'):.3f} ({totals['leak'][0]}/{totals['leak'][1]}) · "
          f"soft {share('soft'):.3f} ({totals['soft'][0]}/{totals['soft'][1]}) · "
          f"title {totals['title'][0]}/{totals['title'][1]} · published {totals['published'][0]}/{totals['published'][1]} · "
          f"author {totals['author'][0]}/{totals['author'][1]}")

if __name__ == "__main__":
    main(sys.argv[1:])
