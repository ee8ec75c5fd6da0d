"""Apply French typography to the msgstr of a .po catalogue, leaving everything else alone.

Typographic apostrophes, a non-breaking space before « : ; ! ? » and inside « », decimal
commas. Format placeholders, HTML tags (and their attribute quotes) and URLs are never
touched; msgid lines are copied as they are. Usage: python tools/french_typography.py FILE.po
"""

import re
import sys

NBSP = "\u00a0"
# Pieces that must stay byte for byte: %(name)s / %s, {name}, <tags>, URLs.
PROTECTED = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr%]|\{[^{}]*\}|<[^>]*>"
                       r"|https?://\S+|www\.\S+")
LINE = re.compile(r'^(msgstr(?:\[\d+\])? |)"(.*)"$')


def fix_text(text: str) -> str:
    """Fix the French typography of plain text (no placeholders, tags or URLs in it)."""
    text = text.replace("'", "’")
    text = re.sub(r"(?<=\d)\.(?=\d)", ",", text)
    text = re.sub(r" ([:;!?»])", NBSP + r"\1", text)
    text = re.sub(r"(?<=\w)([;!?»])", NBSP + r"\1", text)
    return text.replace("« ", "«" + NBSP)


def fix_string(value: str) -> str:
    """Fix a msgstr's text around the protected pieces."""
    out, last = [], 0
    for match in PROTECTED.finditer(value):
        out.append(fix_text(value[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(fix_text(value[last:]))
    return "".join(out)


def fix_catalogue(lines: list[str]) -> list[str]:
    """Return the catalogue's lines with every msgstr (and its continuations) fixed."""
    result, in_msgstr, blocks = [], False, 0
    for line in lines:
        if line.startswith("msgstr"):
            in_msgstr = True
            blocks += 1
        elif not line.startswith('"'):
            in_msgstr = False
        header = blocks == 1  # the catalogue's header (msgid ""), not a translation
        match = LINE.match(line.rstrip("\n")) if in_msgstr and not header else None
        if match and not line.startswith("#"):
            line = f'{match.group(1)}"{fix_string(match.group(2))}"\n'
        result.append(line)
    return result


if __name__ == "__main__":
    path = sys.argv[1]
    with open(path, encoding="utf-8") as handle:
        lines = handle.readlines()
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(fix_catalogue(lines))
