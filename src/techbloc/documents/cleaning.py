"""Clean text inside a paragraph: one space for any run of whitespace, lines joined again.

A paragraph arrives as the lines it was printed or typed in. Lines are joined

* without a space when either side of the break is a CJK character or punctuation (a Chinese
  sentence wrapped by the page), and between two digits in a mostly Chinese paragraph (a number
  cut by a fixed-width wrap);
* without the hyphen when an English word was hyphenated at the line end ("con-" + "trols"),
  unless the document also writes the word with its hyphen elsewhere ("dual-" + "use" where
  "dual-use" occurs): then the hyphen stays;
* with one space otherwise.

Zero-width characters and stray control characters are dropped, spaces between two CJK characters
(an artefact of PDF text extraction) are removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CJK_RANGES = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK punctuation (、。「」…) and the ideographic space
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\uff00-\uffef"  # full-width forms (，：（）)
    "\U00020000-\U0002ebef"  # Han extensions B-F
)
CJK = re.compile(f"[{_CJK_RANGES}]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_RANGES}]) +(?=[{_CJK_RANGES}])")
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HYPHENATED = re.compile(r"(?<![A-Za-z])[A-Za-z]+(?:-[A-Za-z]+)+")
"""A hyphenated word; it starts only where a run of letters starts (without the lookbehind the
search retries from every letter of a long run: 20,000 letters took 8 s, 200,000 five minutes)."""
_TRAILING_WORD = re.compile(r"([A-Za-z]+)-$")
_LEADING_WORD = re.compile(r"^([a-z]+)")
SECTION_NUMBER = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+[章节条部编]|[一二三四五六七八九十]+、)"
)
"""A Chinese section number opening a heading: 第一章, 第三条, 一、, 十二、."""
_SENTENCE_END = "。！？；：.!?;:…”’」』）)"


def is_cjk(char: str) -> bool:
    return bool(CJK.match(char))


def normalise_spaces(text: str) -> str:
    """One space for every run of whitespace, none between CJK characters, no invisible or
    control characters; stripped."""
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    text = " ".join(text.split())
    return _SPACE_BETWEEN_CJK.sub("", text)


def hyphenated_words(lines: Iterable[str]) -> set[str]:
    """Words written with a hyphen inside a line ('dual-use'), lower-cased: the hyphens that are
    part of the word rather than of a line break."""
    found: set[str] = set()
    for line in lines:
        found.update(w.lower() for w in _HYPHENATED.findall(line))
    return found


def join_lines(lines: Iterable[str], keep_hyphen: set[str] | frozenset[str] = frozenset()) -> str:
    """The paragraph these lines were wrapped from (see the module docstring)."""
    parts = [p for p in (_line(line) for line in lines) if p]
    if not parts:
        return ""
    mostly_han = _han_share("".join(parts)) >= 0.5
    out = parts[0]
    for line in parts[1:]:
        out = _join(out, line, keep_hyphen, mostly_han)
    return normalise_spaces(out)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation (Chinese or English)."""
    return bool(text) and text.rstrip()[-1:] in _SENTENCE_END


def _line(line: str) -> str:
    # a soft hyphen at the end of a line is a hyphenation point: make it a hyphen to be joined
    line = line.strip()
    if line.endswith("\u00ad"):
        line = line[:-1] + "-"
    return normalise_spaces(line)


def _join(out: str, line: str, keep_hyphen: set[str] | frozenset[str], mostly_han: bool) -> str:
    before, after = out[-1], line[0]
    if before == "-" and len(out) > 1 and out[-2].isalpha() and after.islower():
        head, tail = _TRAILING_WORD.search(out), _LEADING_WORD.match(line)
        if head and tail and f"{head.group(1)}-{tail.group(1)}".lower() in keep_hyphen:
            return out + line
        return out[:-1] + line
    if before == "-" and len(out) > 1 and out[-2].isalnum():
        return out + line  # "COVID-" + "19", "Section 1758-" + "Technologies": keep, no space
    if is_cjk(before) or is_cjk(after):
        return out + line
    if mostly_han and before.isdigit() and after.isdigit():
        return out + line
    return f"{out} {line}"


def _han_share(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    return len(HAN.findall(text)) / letters if letters else 0.0
