#!/usr/bin/env python3
"""Scores Tiqu's quantities against hand labels (Tests/Labels/unseen-quantities.json).

usage: score-quantities.py RECORDS.jsonl LABELS.json [--errors]

A found quantity matches a label by its text (span), and exactly when its value (or min and max)
and unit agree too. Labels name pages by their path below the labels' folder (`tw/01.txt`); a
record belongs to the page its `source.path` ends with. Prints span and exact precision, recall
and F1 over all pages, then per region.
"""
import json
import sys
from collections import defaultdict


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def exact(label, fact):
    if label["unit"] != fact["unit"]:
        return False
    if label.get("value") is not None:
        return same(label["value"], fact.get("value"))
    return same(label.get("min"), fact.get("min")) and same(label.get("max"), fact.get("max"))


def score_page(labels, facts):
    """Greedy pairing: exact pairs first, then pairs by text alone."""
    left = list(facts)
    pairs = []
    unmatched = []
    for label in labels:
        hit = next((f for f in left if f["text"] == label["text"] and exact(label, f)), None)
        if hit is None:
            unmatched.append(label)
        else:
            left.remove(hit)
            pairs.append((label, hit, True))
    still = []
    for label in unmatched:
        hit = next((f for f in left if f["text"] == label["text"]), None)
        if hit is None:
            still.append(label)
        else:
            left.remove(hit)
            pairs.append((label, hit, False))
    return pairs, still, left


def prf(correct, found, expected):
    p = correct / found if found else 1.0
    r = correct / expected if expected else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--errors" in sys.argv
    records = []
    for line in open(args[0], encoding="utf-8"):
        r = json.loads(line)
        records.append(((r.get("source") or {}).get("path") or r.get("id", ""), r))
    labels = json.load(open(args[1], encoding="utf-8"))["pages"]
    totals = defaultdict(lambda: [0, 0, 0, 0])  # expected, found, span-correct, exact-correct
    for name, page in sorted(labels.items()):
        record = next((r for path, r in records if path == name or path.endswith("/" + name)), None)
        facts = record.get("quantities", []) if record else []
        pairs, missed, extra = score_page(page["quantities"], facts)
        for key in ("all", page.get("region", "?")):
            t = totals[key]
            t[0] += len(page["quantities"])
            t[1] += len(facts)
            t[2] += len(pairs)
            t[3] += sum(1 for p in pairs if p[2])
        if show:
            for label, fact, ok in pairs:
                if not ok:
                    print(f"{name} wrong   {label['text']}: want {desc(label)} got {desc(fact)}")
            for label in missed:
                print(f"{name} missed  {label['text']}: {desc(label)}")
            for fact in extra:
                print(f"{name} extra   {fact['text']}: {desc(fact)} ({fact.get('rule')})")
    for key, (expected, found, span, ok) in sorted(totals.items(), key=lambda kv: kv[0] != "all"):
        sp, sr, sf = prf(span, found, expected)
        ep, er, ef = prf(ok, found, expected)
        print(
            f"{key:9} labels {expected:4} found {found:4}  span P {sp:.3f} R {sr:.3f} F1 {sf:.3f}"
            f"  exact P {ep:.3f} R {er:.3f} F1 {ef:.3f}"
        )


def desc(q):
    v = q.get("value")
    v = v if v is not None else f"{q.get('min')}..{q.get('max')}"
    return f"{v} {q.get('unit')}"


if __name__ == "__main__":
    main()
