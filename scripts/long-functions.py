#!/usr/bin/env python3
"""Lists functions, initializers and computed properties longer than a limit (default 60 lines)
under the given folders: the code-size check the README's layout section promises."""
import re, sys, pathlib

DECL = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|mutating|override|final|nonisolated)\s+)*'
                  r'(func\s+[^\s(<]+|init[?!]?|var\s+\w+\s*:[^=]*\{\s*$|subscript)')

def functions(path):
    lines = path.read_text().split('\n')
    i = 0
    while i < len(lines):
        m = DECL.match(lines[i])
        if m and '{' in ''.join(lines[i:i + 8]):
            depth, j, started = 0, i, False
            while j < len(lines):
                code = re.sub(r'"(?:\\.|[^"\\])*"', '""', lines[j].split('//')[0])
                depth += code.count('{') - code.count('}')
                started = started or '{' in code
                if started and depth <= 0:
                    break
                j += 1
            yield m.group(1).strip(), i + 1, j - i + 1
            i += 1
        else:
            i += 1

def main():
    args = sys.argv[1:]
    limit = 60
    if args and args[0].startswith('--limit='):
        limit = int(args.pop(0).split('=')[1])
    found = []
    for root in args or ['Sources/Tiqu']:
        for path in sorted(pathlib.Path(root).rglob('*.swift')):
            for name, line, length in functions(path):
                if length > limit:
                    found.append((length, f'{path}:{line}: {name} is {length} lines (limit {limit})'))
    for _, message in sorted(found, reverse=True):
        print(message)
    sys.exit(1 if found else 0)

main()
