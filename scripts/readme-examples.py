#!/usr/bin/env python3
"""Runs every shell example in README.md and checks that its output is what the README shows.

Usage: readme-examples.py TIQU_BINARY [README.md]

An example is a fenced block whose first line starts with `$ `. Each `$ ` line is a command, run
with bash in a scratch folder that links to the repository's Samples/ and Rules/ (`tiqu` is the
binary given); the lines after it, up to the next command, are its output (stdout, then stderr).
A command `$ cat FILE` shows a file the example needs: the file is written with the lines shown
before the example runs. In the shown output a line `…` stands for any number of lines and `…`
inside a line for any text (a time, a long record), so the README can shorten what varies.
Exits 1 and prints each difference when an example no longer holds.
"""
import os
import re
import subprocess
import sys
import tempfile

ELLIPSIS = "…"


def examples(readme):
    """(line number, [(command, [output lines])]) for every block that starts with `$ `."""
    lines = open(readme, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```") and i + 1 < len(lines) and lines[i + 1].startswith("$ "):
            start = i + 1
            j = start
            while not lines[j].startswith("```"):
                j += 1
            steps = []
            for line in lines[start:j]:
                if line.startswith("$ "):
                    steps.append((line[2:], []))
                else:
                    steps[-1][1].append(line)
            yield start + 1, steps
            i = j
        i += 1


def line_matches(shown, actual):
    parts = [re.escape(p) for p in shown.split(ELLIPSIS)]
    return re.fullmatch(".*?".join(parts), actual, re.S) is not None


def output_matches(shown, actual):
    """Whether the actual lines are the shown ones, `…` lines standing for any run of lines."""
    if not shown:
        return not actual
    if shown[0] == ELLIPSIS:
        return any(output_matches(shown[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and line_matches(shown[0], actual[0]) and output_matches(shown[1:], actual[1:])


def run(binary, repo, steps):
    """The differences of one example, or an empty list."""
    work = tempfile.mkdtemp(prefix="readme-")
    for name in ("Samples", "Rules", "Tests"):
        os.symlink(os.path.join(repo, name), os.path.join(work, name))
    bin_dir = os.path.join(work, ".bin")
    os.mkdir(bin_dir)
    os.symlink(binary, os.path.join(bin_dir, "tiqu"))
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
    problems = []
    for command, shown in steps:
        cat = re.fullmatch(r"cat (\S+)", command.strip())
        if cat:
            path = os.path.join(work, cat.group(1))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(shown) + "\n")
            continue
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True)
        actual = (done.stdout + done.stderr).rstrip("\n").split("\n")
        if not output_matches(shown, actual):
            problems.append(f"$ {command}\n  shown:\n    " + "\n    ".join(shown)
                            + "\n  actual:\n    " + "\n    ".join(actual[:40]))
    return problems


def main():
    binary = os.path.abspath(sys.argv[1])
    readme = sys.argv[2] if len(sys.argv) > 2 else "README.md"
    repo = os.path.dirname(os.path.abspath(readme))
    failed = 0
    count = 0
    for line, steps in examples(readme):
        count += 1
        for problem in run(binary, repo, steps):
            failed += 1
            print(f"{readme}:{line}: example no longer holds\n{problem}\n")
    print(f"README examples: {count} checked, {failed} not holding", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
