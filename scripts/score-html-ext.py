#!/usr/bin/env python3
"""Scores records of ../shared/corpus/html-ext/pages against the peer's hand-made content, author and date.

Usage: score-html-ext.py RECORDS.jsonl [HTML_EXT_DIR] [--pages] [--json]
RECORDS must come from `tiqu extract --with-text`. Content is compared with all white space removed, character by
character over the longest matching blocks (the dataset's own convention); F1 is the mean of the pages' F1.
A date is right when it names the same day (or the same month/year when the label says no more); an author is
right when the set of names agrees, white space and separators aside.
"""
import difflib, json, os, re, sys

def squeeze(s):
    return re.sub(r"\s+", "", s or "")

def overlap(ours, theirs):
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks())

def content_scores(ours, theirs):
    ours, theirs = squeeze(ours), squeeze(theirs)
    if not theirs:
        return None
    hit = overlap(ours, theirs) if ours else 0
    p = hit / len(ours) if ours else 0.0
    r = hit / len(theirs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)

def label_date(raw):
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", raw or "")
    if not m:
        return None
    return tuple(int(g) for g in m.groups() if g)

def our_date(raw, precision):
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", raw or "")
    if not m:
        return None
    parts = tuple(int(g) for g in m.groups() if g)
    return parts[:precision] if len(parts) >= precision else None

def names(raw):
    return {n for n in re.split(r"[\s、,，;；/&]+", raw or "") if n}

def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""

def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    records_path = args[0]
    root = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/corpus/html-ext")
    records = {}
    with open(records_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            path = (r.get("source") or {}).get("path") or r.get("id") or ""
            records[os.path.splitext(os.path.basename(path))[0]] = r
    pages = sorted(os.path.splitext(n)[0] for n in os.listdir(os.path.join(root, "pages")))
    rows, dates, authors = [], [0, 0], [0, 0]
    for name in pages:
        r = records.get(name, {})
        meta = r.get("meta") or {}
        c = content_scores(r.get("text", ""), read(os.path.join(root, "content", name + ".txt")))
        want_date = label_date(read(os.path.join(root, "date", name + ".txt")))
        got_date = our_date(meta.get("published"), len(want_date)) if want_date else None
        if want_date:
            dates[1] += 1
            dates[0] += got_date == want_date
        want_author = read(os.path.join(root, "author", name + ".txt"))
        if want_author and not want_author.upper().startswith("UNK"):
            authors[1] += 1
            authors[0] += names(meta.get("author")) == names(want_author)
        rows.append((name, c, want_date, meta.get("published"), want_author, meta.get("author")))
    scored = [c for _, c, *_ in rows if c]
    mean = lambda i: sum(c[i] for c in scored) / len(scored)
    summary = {"pages": len(scored), "content_p": round(mean(0), 3), "content_r": round(mean(1), 3),
               "content_f1": round(mean(2), 3), "date_right": dates[0], "date_pages": dates[1],
               "author_right": authors[0], "author_pages": authors[1]}
    if "--pages" in argv:
        for name, c, wd, gd, wa, ga in rows:
            f1 = f"{c[0]:.2f}/{c[1]:.2f}/{c[2]:.2f}" if c else "-"
            print(f"{name[:8]} {f1:>15} date {wd} ← {gd}  author {wa!r} ← {ga!r}")
    if "--json" in argv:
        print(json.dumps(summary))
    else:
        print(f"content P {summary['content_p']} R {summary['content_r']} F1 {summary['content_f1']} "
              f"({summary['pages']} pages); date {dates[0]}/{dates[1]}; author {authors[0]}/{authors[1]}")

if __name__ == "__main__":
    main(sys.argv[1:])
