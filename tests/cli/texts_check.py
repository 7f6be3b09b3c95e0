#!/usr/bin/env python3
"""texts_check.py SRC_DIR — every L(lang, "English", "Deutsch") in the C
sources, also those that span lines, has three arguments and no empty side.
And the terminology of docs/VOCABULARY.md holds in every text:
  - no string literal outside a synonym list (SYN(...): the words import
    and `treue add` accept) says "Versprechen", "Dialog(e)" or "Gespräch(e)"
    — German text says Zusage and Kundengespräch;
  - "gehalten" is the honoured measure (kept on time or renegotiated in
    time), so a German side saying it has an English side saying
    "honoured" (L(), HT(), HFL() and {code, "English", "Deutsch"} tables);
    the status kept is "eingehalten".
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


OLD_TERMS = re.compile(r'Versprechen|\bDialog(?:e|en|s)?\b|\bGespräch(?:e|en)?\b')
HONOURED_DE = re.compile(r'\b[gG]ehalten(?:e|en|er)?\b')
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
TRIPLE = re.compile(r'\{\s*"(?:[^"\\]|\\.)*",\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\s*[,}]')


def blank_synonyms(src):
    """The source with the arguments of every SYN(...) blanked (line
    breaks kept): the synonyms may name the old words."""
    out, last = [], 0
    for m in re.finditer(r'(?<![A-Za-z0-9_])SYN\(', src):
        if m.start() < last:
            continue
        _, end = split_args(src, m.end() - 1)
        out.append(src[last:m.end()])
        out.append(re.sub(r'[^\n]', ' ', src[m.end():end]))
        last = end
    out.append(src[last:])
    return ''.join(out)


def honoured_pair(path, line, en, de):
    if en is not None and de is not None and HONOURED_DE.search(de) and \
            not re.search(r'honou?r', en, re.I):
        return [f'{path}:{line}: "gehalten" is the honoured measure, but the English '
                f'side says "{en[:60]}" (the status kept is "eingehalten")']
    return []


bad, checked = [], 0
for root, _, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        if not f.endswith(('.c', '.h', '.def')):
            continue
        path = os.path.join(root, f)
        src = strip_comments(open(path, encoding='utf-8').read())
        terms = blank_synonyms(src)
        for m in LITERAL.finditer(terms):
            o = OLD_TERMS.search(m.group(1))
            if o:
                line = terms.count('\n', 0, m.start()) + 1
                bad.append(f'{path}:{line}: old term "{o.group(0)}" (docs/VOCABULARY.md: '
                           f'Zusage, Kundengespräch): "{m.group(1)[:60]}"')
        for m in TRIPLE.finditer(src):
            bad += honoured_pair(path, src.count('\n', 0, m.start()) + 1, m.group(1), m.group(2))
        for m in re.finditer(r'(?<![A-Za-z0-9_])(?:HT|HFL)\(', src):
            if src[:m.start()].rstrip().endswith('#define'):
                continue
            args, _ = split_args(src, m.end() - 1)
            if len(args) >= 3:
                bad += honoured_pair(path, src.count('\n', 0, m.start()) + 1,
                                     literal_text(args[1]), literal_text(args[2]))
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
            bad += honoured_pair(path, line, literal_text(args[1]), literal_text(args[2]))
for b in bad:
    print(b)
print(f'checked {checked}')
sys.exit(1 if bad else 0)
