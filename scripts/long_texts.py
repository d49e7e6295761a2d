#!/usr/bin/env python3
"""Long synthetic scrapes for checking that time grows with a page, not with its square.

usage: scripts/long_texts.py OUT_DIR [TIQU]

Writes four shapes at two sizes (the second four times the first) into OUT_DIR, runs
`TIQU extract` (default .build/release/tiqu) on each and prints the seconds it took and the
rate: where time grows with the page the rate holds at four times the size; where it grows with
its square the rate falls to a quarter. The shapes are what made the
extractors quadratic before: one paragraph wrapped into thousands of short lines (a PDF export),
a text dense with place names, generic ones among them (a yearbook), a text of honors, programs,
citations and division lists, and one of named awards. The characters are drawn at random,
seeded, so every run writes the same files.
"""
import pathlib
import random
import subprocess
import sys
import time

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
PLACES = ["城关镇", "东城区", "河口街道", "桃源村", "新华社区", "庆阳市", "镇原县", "甘肃省", "大城乡", "北区", "工业集中区", "城区"]


def words(rng, n):
    return "".join(rng.choice(HAN) for _ in range(n))


def wrapped(rng, size):
    paragraph = "".join(rng.choice(HAN) + ("，" if rng.random() < 0.1 else "") for _ in range(size)) + "。"
    return "标题\n\n" + "\n".join(paragraph[i:i + 38] for i in range(0, len(paragraph), 38))


def places(rng, size):
    lines = []
    for _ in range(size // 50):
        a, b, c = rng.sample(PLACES, 3)
        lines.append(f"{a}位于{b}，常住人口{rng.randint(1, 99)}.{rng.randint(0, 9)}万人，面积{rng.randint(10, 999)}平方公里，"
                     f"比上年增长{rng.randint(1, 20)}%。{c}共有{rng.randint(2, 30)}个社区。")
    return "\n".join(lines)


def honors(rng, size):
    def sentence():
        kind = rng.randint(0, 5)
        if kind == 0:
            return f"{words(rng, 3)}社区荣获“全国{words(rng, 2)}示范社区”称号，{words(rng, 2)}村被评为省级{words(rng, 2)}先进单位。"
        if kind == 1:
            return f"实施“{words(rng, 4)}工程”和{words(rng, 3)}计划，推进{words(rng, 2)}项目建设。"
        if kind == 2:
            return f"根据《{words(rng, 6)}条例》和《关于{words(rng, 5)}的通知》要求，"
        if kind == 3:
            return f"下辖{rng.randint(3, 9)}个社区：" + "、".join(words(rng, 2) + "社区" for _ in range(6)) + "。"
        if kind == 4:
            return "、".join(words(rng, 3) for _ in range(8)) + f"等{rng.randint(5, 30)}个村。"
        return f"全年完成{words(rng, 3)}产值{rng.randint(1, 999)}.{rng.randint(0, 9)}亿元，同比增长{rng.randint(1, 30)}%。"
    lines, length = [], 0
    while length < size:
        line = "".join(sentence() for _ in range(8))
        lines.append(line)
        length += len(line)
    return "\n".join(lines)


def timed(tiqu, path):
    """The fastest of three runs; a document that fails (over a budget raised far past these
    texts, or any other way) fails the script, so a slow build is never timed as a fast error."""
    best = None
    for _ in range(3):
        start = time.monotonic()
        subprocess.run([tiqu, "extract", str(path), "-o", str(path.with_suffix(".jsonl")), "--budget", "1000",
                        "--strict"], check=True, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - start
        best = seconds if best is None else min(best, seconds)
    return best


def awards(rng, size):
    lines, length = [], 0
    while length < size:
        line = (f"{rng.choice(PLACES)}{words(rng, 2)}获得「{words(rng, 3)}卓越奖」，{rng.choice(PLACES)}荣获省级{words(rng, 2)}先进集体、"
                f"{words(rng, 3)}优秀奖和{words(rng, 2)}金奖，被授予“{words(rng, 4)}模范单位”称号。")
        lines.append(line)
        length += len(line)
    return "\n".join(lines)


def main():
    out = pathlib.Path(sys.argv[1])
    tiqu = sys.argv[2] if len(sys.argv) > 2 else ".build/release/tiqu"
    out.mkdir(parents=True, exist_ok=True)
    # Start-up (rules, gazetteer, OpenCC) is timed on a one-line text and taken off each run.
    short = out / "start-up.txt"
    short.write_text("常住人口3万人。", encoding="utf-8")
    start_up = timed(tiqu, short)
    print(f"start-up: {start_up:.2f} s (taken off the times below)")
    shapes = (("wrapped", wrapped, 200_000), ("places", places, 125_000), ("honors", honors, 190_000),
              ("awards", awards, 180_000))
    for name, make, size in shapes:
        runs = []
        for factor in (1, 4):
            path = out / f"{name}-{factor}x.txt"
            path.write_text(make(random.Random(1), size * factor), encoding="utf-8")
            runs.append((path.stat().st_size / 1e6, max(timed(tiqu, path) - start_up, 0.001)))
        print(f"{name}: " + ", ".join(f"{mb:.1f} MB in {s:.2f} s ({mb / s:.1f} MB/s)" for mb, s in runs))


if __name__ == "__main__":
    main()
