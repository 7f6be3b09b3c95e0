#!/usr/bin/env python3
"""texts_check.py SRC_DIR — every L(lang, "English", "Deutsch") in the C
sources, also those that span lines, has three arguments and no empty side.
Prints one line per offending call and, last, how many calls it checked."""
import os
import re
import sys


def strip_comments(s):
    # keeps line breaks so that line numbers stay right
    out, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and s[j] != c:
                j += 2 if s[j] == '\\' else 1
            out.append(s[i:j + 1])
            i = j + 1
        elif s.startswith('/*', i):
            j = s.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', s[i:j]))
            i = j
        elif s.startswith('//', i):
            j = s.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def split_args(s, start):
    """Arguments of the call whose '(' is at start; returns (args, end)."""
    depth, i, cur, args = 0, start, [], []
    while i < len(s):
        c = s[i]
        if c == '"' or c == "'":
            j = i + 1
            while s[j] != c:
                j += 2 if s[j] == '\\' else 1
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        if c in '([{':
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append(''.join(cur).strip())
                return args, i
        elif c == ',' and depth == 1:
            args.append(''.join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    raise ValueError('unbalanced call')


def literal_text(a):
    """The concatenated text of an argument made only of string literals,
    or None when it is an expression."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', a)
    rest = re.sub(r'"((?:[^"\\]|\\.)*)"', '', a).strip()
    return ''.join(parts) if parts and not rest else None


bad, checked = [], 0
for root, _, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        if not f.endswith(('.c', '.h', '.def')):
            continue
        path = os.path.join(root, f)
        src = strip_comments(open(path, encoding='utf-8').read())
        for m in re.finditer(r'(?<![A-Za-z0-9_])L\(', src):
            line = src.count('\n', 0, m.start()) + 1
            if src[:m.start()].rstrip().endswith('#define'):
                continue
            args, _ = split_args(src, m.end() - 1)
            checked += 1
            if len(args) != 3:
                bad.append(f'{path}:{line}: L() with {len(args)} arguments')
                continue
            for side, a in zip(('English', 'German'), args[1:]):
                t = literal_text(a)
                if t is not None and not t.strip():
                    bad.append(f'{path}:{line}: L() with an empty {side} side')
for b in bad:
    print(b)
print(f'checked {checked}')
sys.exit(1 if bad else 0)
