#!/usr/bin/env python3
"""Scores programs, citations, honors and places of Tiqu records against hand labels.

Usage: score-names.py RECORDS.jsonl LABELS.json [--errors] [--in-text]

--in-text (records written with --with-text) scores only the labelled mentions the record's text
still holds, to tell extraction from cleaning: labels in a page's title line or in lines the
cleaner dropped as chrome (captions, credits) are left out.

LABELS.json is Tests/Labels/unseen-names.json: {"pages": {"THEME/NN.txt": {"programs": [{"text": …}],
"citations": […], "honors": […], "places": [{"text": …, "code": …}]}}}. Labels carry the text as written
on the page, not spans, so a page's found facts and labels are paired as multisets of written names:
a program's name is the text inside its quotation marks (or the whole text of an unquoted scheme), a
citation's the title inside 《》, an honor's its text; quotation marks are left out on both sides.
A place is its text.
Codes are scored over the labelled places that have a code and were found (by text).
"""
import json
import sys
from collections import Counter

QUOTES = "“”\"「」『』‘’'《》〈〉"
OPENING = {"“": "”", '"': '"', "「": "」", "『": "』", "‘": "’", "'": "'"}


def unquoted(text):
    return "".join(c for c in text if c not in QUOTES)


def written_name(kind, fact):
    """The name as written, without quotation marks (labels are compared without them too)."""
    text = fact["text"]
    if kind == "programs":
        for i, c in enumerate(text):
            if c in OPENING:
                close = text.rfind(OPENING[c])
                if close > i:
                    return unquoted(text[i + 1 : close])
    return unquoted(text)


def page_key(record):
    path = record.get("source", {}).get("path") or record["id"]
    parts = path.split("/")
    return "/".join(parts[-2:])


def main():
    records_path, labels_path = sys.argv[1], sys.argv[2]
    errors = "--errors" in sys.argv
    in_text = "--in-text" in sys.argv
    labels = json.load(open(labels_path))["pages"]
    records = {}
    for line in open(records_path):
        r = json.loads(line)
        records[page_key(r)] = r
    kinds = ["programs", "citations", "honors", "places"]
    totals = {k: Counter() for k in kinds + ["names"]}
    codes = Counter()
    for page, lab in sorted(labels.items()):
        r = records.get(page, {})
        if not r:
            print(f"no record for {page}", file=sys.stderr)
        for kind in kinds:
            want = Counter(unquoted(x["text"]) if kind != "places" else x["text"] for x in lab.get(kind, []))
            if in_text and "text" in r:
                # Only the mentions the cleaned text still holds (its title and dropped chrome are not body).
                want = Counter({name: min(c, unquoted(r["text"]).count(name)) for name, c in want.items()})
            got = Counter(written_name(kind, f) for f in r.get(kind, []))
            right = sum((want & got).values())
            t = totals[kind]
            t["right"] += right
            t["found"] += sum(got.values())
            t["labels"] += sum(want.values())
            if kind != "places":
                n = totals["names"]
                n["right"] += right
                n["found"] += sum(got.values())
                n["labels"] += sum(want.values())
            if errors:
                for name, c in (got - want).items():
                    print(f"{page}\t{kind}\twrong\t{name}\t×{c}")
                for name, c in (want - got).items():
                    print(f"{page}\t{kind}\tmissed\t{name}\t×{c}")
        found_codes = {}
        for f in r.get("places", []):
            found_codes.setdefault(f["text"], []).append(f.get("code"))
        for x in lab.get("places", []):
            if not x.get("code"):
                continue
            found = found_codes.get(x["text"], [])
            if not found:
                codes["not_found"] += 1
                continue
            got = x["code"] if x["code"] in found else found[0]
            found.remove(got)
            codes["right" if got == x["code"] else "wrong"] += 1
            if errors and got != x["code"]:
                print(f"{page}\tcode\t{x['text']}\twant {x['code']} got {got}")
    for kind in ["names"] + kinds:
        t = totals[kind]
        p = t["right"] / t["found"] if t["found"] else 1.0
        rc = t["right"] / t["labels"] if t["labels"] else 1.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        label = "programs+citations+honors" if kind == "names" else kind
        print(f"{label:26s} labels {t['labels']:4d} found {t['found']:4d} right {t['right']:4d}  P {p:.3f} R {rc:.3f} F1 {f1:.3f}")
    n = codes["right"] + codes["wrong"]
    print(
        f"{'codes (places found)':26s} labelled {n + codes['not_found']:4d} found {n:4d} right {codes['right']:4d}"
        f"  {codes['right'] / n if n else 1.0:.3f}"
    )


if __name__ == "__main__":
    main()
