#!/usr/bin/env python3
"""Checks a report's DOM as a browser built it against the records it was made from.

Usage: check-report-dom.py RECORDS.jsonl DOM.html [N:START]

For every record: its document is in the page; the text content of its text view is the record's
text; every fact is one element with data-fact (its kind), data-start and data-end, exactly once,
opening at its start, and the text it (and any continuation of it) covers is the fact's text.
With N:START (the page was opened at `#d-N:START`, a link to a fact), the detail panel is shown
and holds that fact's text and rule, as a click on it would. Exits 1 and lists each difference.
"""
import collections
import json
import sys
from html.parser import HTMLParser

SINGULAR = {"quantities": "quantity", "ranks": "rank", "dates": "date", "programs": "program",
            "citations": "citation", "honors": "honor", "places": "place", "divisions": "division"}


class Documents(HTMLParser):
    """Per document id: the text of its found-side text view and its marks with their offsets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.docs = {}
        self.doc = None
        self.stack = []          # open elements: (tag, info)
        self.in_text = 0         # depth of the open text view, 0 outside
        self.at = 0
        self.panel = None        # the detail panel: {"hidden": bool, "cells": [text]}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "aside" and a.get("id") == "detail":
            self.panel = {"hidden": "hidden" in a, "cells": []}
        if tag == "td" and self.panel is not None:
            self.panel["cells"].append("")
        if tag == "section" and "doc" in classes:
            self.doc = {"text": [], "facts": [], "conts": [], "id": a.get("data-id")}
            self.docs[a.get("data-id")] = self.doc
        info = None
        if tag == "div" and "text" in classes and "found" in classes and self.doc is not None:
            self.in_text = len(self.stack) + 1
            self.at = 0
        elif tag == "mark" and self.in_text:
            info = {"open": self.at, "attrs": a, "cont": "cont" in classes}
        self.stack.append((tag, info))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, info = self.stack.pop()
            if info is not None:
                info["close"] = self.at
                (self.doc["conts"] if info["cont"] else self.doc["facts"]).append(info)
            if self.in_text and len(self.stack) < self.in_text:
                self.in_text = 0
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.panel is not None and self.panel["cells"] and self.stack and self.stack[-1][0] == "td":
            self.panel["cells"][-1] += data
        if self.in_text and self.doc is not None:
            self.doc["text"].append(data)
            self.at += len(data)


def check(records, docs):
    problems = []
    for record in records:
        rid = record["id"]
        if "error" in record:
            continue
        doc = docs.get(rid)
        if doc is None:
            problems.append(f"{rid}: not in the page")
            continue
        text = "".join(doc["text"])
        if text != record.get("text", ""):
            problems.append(f"{rid}: the text view's content is not the record's text")
        want = collections.Counter()
        for kind, singular in SINGULAR.items():
            for fact in record.get(kind, []):
                want[(singular, fact["start"], fact["end"], fact["text"])] += 1
        got = collections.Counter()
        for mark in doc["facts"]:
            a = mark["attrs"]
            start, end = int(a["data-start"]), int(a["data-end"])
            if mark["open"] != start:
                problems.append(f"{rid}: the {a['data-fact']} at {start} opens at {mark['open']}")
            covered = mark["close"]
            for cont in doc["conts"]:
                if cont["attrs"].get("data-detail") == a.get("data-detail") and cont["open"] == covered:
                    covered = cont["close"]
            if covered != end:
                problems.append(f"{rid}: the {a['data-fact']} {start}-{end} covers up to {covered}")
            got[(a["data-fact"], start, end, text[start:end])] += 1
        for key in want - got:
            problems.append(f"{rid}: fact {key} is not highlighted (or not once)")
        for key in got - want:
            problems.append(f"{rid}: highlight {key} is no fact of the record (or a second one)")
    return problems


def check_panel(records, panel, link):
    """The panel a link to fact START of document N (1-based) opens: shown, with its text and rule."""
    number, start = (int(x) for x in link.split(":"))
    record = [r for r in records][number - 1]
    facts = [f for k in SINGULAR for f in record.get(k, []) if f["start"] == start]
    if not facts:
        return [f"no fact at {start} in document {number}"]
    if panel is None or panel["hidden"]:
        return [f"the link #d-{link} opens no detail panel"]
    shown = set(panel["cells"])
    missing = [v for v in (facts[0]["text"], facts[0]["rule"]) if v not in shown]
    return [f"the detail panel lacks {missing} of the fact at {start}"] if missing else []


def main():
    records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    parser = Documents()
    parser.feed(open(sys.argv[2], encoding="utf-8").read())
    problems = check(records, parser.docs)
    if len(sys.argv) > 3:
        problems += check_panel(records, parser.panel, sys.argv[3])
    facts = sum(len(r.get(k, [])) for r in records for k in SINGULAR)
    for p in problems[:50]:
        print("report DOM: " + p, file=sys.stderr)
    if problems:
        print(f"report DOM: {len(problems)} problem(s)", file=sys.stderr)
        sys.exit(1)
    print(f"report DOM: {len(records)} documents, {facts} facts, each highlighted once at its span")


if __name__ == "__main__":
    main()
