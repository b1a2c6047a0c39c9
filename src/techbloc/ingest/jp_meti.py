"""Japan's export-ban lists of entities (METI publishes them; MOFA notices designate the entities),
read from the text of the government's PDFs.

The text starts with a header — the notice's title (which says whose entities: the Russian
Federation's, or those of countries other than Russia and Belarus), 指定日 (the notice's
designation date) and 最終更新日 (the date the list was last updated) — then numbered entries::

    12 国際量子光学・量子技術センター（別称、ロシア量子センター及び RQC）
    International Center for Quantum Optics and Quantum Technologies LLS, a.k.a. the
    following two aliases:
    -Russian Quantum Center; and
    -RQC
    所在地：Business-center “Ural,” 100 Novaya Street, …; and 30 Bolshoy Blvd, …, Russia.

Newer entries give the aliases after 別称： (Japanese ones, then English ones separated by ';'),
and a Chinese name in brackets after the Japanese or English name. PDF extraction wraps entries
across lines and pages and sometimes glues an entry to the end of the previous one
('…, Russia.296 株式会社…'), so an entry starts where the next number in sequence is followed by
Japanese text, and the Japanese/English boundary is found by script, not by line. The text is
NFKC-normalised first (full-width digits and brackets become ASCII).

The list gives no date per entity: records leave listing_date empty and say in their remarks
which dates the header gives.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from techbloc.ingest.countries import address_country
from techbloc.ingest.records import ListedRecord, ListInfo, Rejection
from techbloc.ingest.rows import Progress, counted_lines, name_key, unique
from techbloc.ingest.text_files import escaped, open_text, undecodable

ISSUER = (
    "Government of Japan: Ministry of Foreign Affairs (designating notice) and Ministry of "
    "Economy, Trade and Industry (export ban under the Foreign Exchange and Foreign Trade Act)"
)
PROGRAM = "輸出等に係る禁止措置 (export ban)"


@dataclass(frozen=True)
class JapanList:
    """One of the lists, and the words of the header's title that identify it."""

    info: ListInfo
    title_marker: str


LISTS = (
    JapanList(
        ListInfo(
            "jp-meti-third-country-export-ban",
            "輸出等に係る禁止措置の対象となるロシア連邦及びベラルーシ共和国以外の国の団体 "
            "Entities of countries other than Russia and Belarus subject to Japan's export ban",
            ISSUER,
            "JP",
        ),
        "ロシア連邦及びベラルーシ共和国以外の国の団体",
    ),
    JapanList(
        ListInfo(
            "jp-meti-russia-export-ban",
            "輸出等に係る禁止措置の対象となるロシア連邦の団体 "
            "Entities of the Russian Federation subject to Japan's export ban",
            ISSUER,
            "JP",
        ),
        "ロシア連邦の団体",
    ),
)

_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff]")  # kana, kanji, 、。「」
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_AKA = re.compile(
    r"[\s,]*(?:a\.?\s?k\.?\s?a\.?[\s,]*)?(?:the\s*)?follow(?:ing)?\s*\w+?\s*alias(?:es)?\s*:", re.I
)
_ADDRESS_LABEL = re.compile(r"所\s*在\s*地\s*:?\s*")
_MAX_GAP = 3
"""How far the numbering may jump before a number is no longer taken for the next entry."""


def known_lists() -> dict[str, ListInfo]:
    return {known.info.list_id: known.info for known in LISTS}


@dataclass(frozen=True)
class Header:
    """What the header says about the whole list."""

    japan_list: JapanList
    notice: str | None
    designated: dt.date | None
    updated: dt.date | None

    def remarks(self) -> str:
        def day(value: dt.date | None) -> str:
            return value.isoformat() if value else "not stated"

        return (
            "The list gives no designation date for each entity; its header gives 指定日 "
            f"(designation date of the notice) {day(self.designated)} and 最終更新日 "
            f"(list last updated) {day(self.updated)}."
        )


@dataclass
class _Entry:
    number: int
    line: int
    lines: list[str] = field(default_factory=list)
    broken: str | None = None
    """Why a line of the entry cannot be read (bytes that are not UTF-8, NUL bytes)."""


def read_jp_meti(
    path: Path, on_progress: Progress | None = None
) -> Iterator[ListedRecord | Rejection]:
    """Records of one list's text, one per numbered entry; an entry that cannot be read, a gap in
    the numbering or an unknown header becomes a rejection naming its line."""
    header_lines: list[str] = []
    header: Header | None = None
    entry: _Entry | None = None
    with open_text(path, newline=None) as handle:
        for number, raw in enumerate(counted_lines(handle, on_progress), start=1):
            problem = undecodable(raw)
            line = unicodedata.normalize("NFKC", escaped(raw).replace("\x00", "")).strip()
            expected = entry.number + 1 if entry else 1
            while (start := _entry_start(line, expected, gap=entry is not None)) is not None:
                at, found, rest = start
                before = line[:at].strip()
                if entry is None or header is None:
                    parsed = parse_header([*header_lines, before])
                    if isinstance(parsed, Rejection):
                        yield parsed
                        return
                    header = parsed
                else:
                    entry.lines.append(before)
                    yield _entry_or_rejection(entry, header)
                    if found > expected:
                        yield _gap(expected, found, number)
                entry = _Entry(found, number)
                line = line[rest:]
                expected = found + 1
            (entry.lines if entry else header_lines).append(line)
            if problem and entry is not None:
                entry.broken = entry.broken or f"line {number}: {problem}"
    if entry is None or header is None:
        yield Rejection(1, "no numbered entries found (the first should start with '1 ')", "entry")
        return
    yield _entry_or_rejection(entry, header)


def _entry_or_rejection(entry: _Entry, header: Header) -> ListedRecord | Rejection:
    """The entry's record, or its rejection when one of its lines cannot be read."""
    if entry.broken:
        text = "\n".join(line for line in entry.lines if line)
        return Rejection(entry.line, entry.broken, None, {"number": entry.number, "text": text})
    return parse_entry(entry, header)


def _gap(expected: int, found: int, line: int) -> Rejection:
    missing = f"{expected}" if found == expected + 1 else f"{expected}–{found - 1}"
    return Rejection(
        line,
        f"entry {missing} missing: the numbering jumps from {expected - 1} to {found}",
        "number",
        {"expected": expected, "found": found},
    )


def _entry_start(line: str, expected: int, gap: bool) -> tuple[int, int, int] | None:
    """Where the entry numbered ``expected`` (or a little later, at a line start) starts in the
    line: (position, number, position after the number), if Japanese text follows the number."""
    last = expected + _MAX_GAP if gap else expected
    head = re.match(r"(\d{1,4})\s+", line)
    if head and expected <= int(head[1]) <= last and _JAPANESE.search(line[head.end() :]):
        return 0, int(head[1]), head.end()
    for glued in re.finditer(r"(?<=[.;)])(\d{1,4})\s+", line):  # '…, Russia.296 株式会社…'
        if int(glued[1]) == expected and _JAPANESE.search(line[glued.end() :]):
            return glued.start(), expected, glued.end()
    return None


def _date(text: str, label: str) -> dt.date | None:
    match = re.search(label + r"\s*:\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_header(lines: list[str]) -> Header | Rejection:
    """The list the header names, its notice and its two dates."""
    text = "".join(lines)
    for known in LISTS:
        if known.title_marker in text:
            notice = re.search(r"\(([^()]*告示[^()]*)\)", text)
            return Header(
                known,
                notice[1] if notice else None,
                _date(text, "指定日"),
                _date(text, "最終更新日"),
            )
    return Rejection(
        1,
        "the header names no list this reader knows (expected the export-ban lists of entities of "
        "the Russian Federation, or of countries other than Russia and Belarus)",
        "header",
        {"header": text[:500]},
    )


def parse_entry(entry: _Entry, header: Header) -> ListedRecord | Rejection:
    """One numbered entry → a record (English name first, every other name an alias)."""
    text = "\n".join(line for line in entry.lines if line)
    label = _ADDRESS_LABEL.search(text)
    names_text = text if label is None else text[: label.start()]
    address_text = "" if label is None else text[label.end() :]
    split = _english_start(names_text, allow_start=False)
    japanese_text = names_text if split is None else names_text[:split]
    english_text = "" if split is None else names_text[split:]
    japanese, japanese_aliases = _japanese_names(_join(japanese_text))
    english, english_aliases = _english_names(english_text)
    primary = english or japanese
    if not primary:
        return Rejection(entry.line, f"entry {entry.number} has no name", "name", {"text": text})
    addresses = _addresses(address_text)
    countries = tuple(dict.fromkeys(c for c in map(address_country, addresses) if c))
    return ListedRecord(
        list_id=header.japan_list.info.list_id,
        source_key=name_key(primary, *addresses),
        name=primary,
        aliases=unique([japanese, *japanese_aliases, *english_aliases], besides=primary),
        addresses=addresses,
        countries=countries,
        programs=(PROGRAM,),
        citation=header.notice,
        remarks=header.remarks(),
        row=entry.line,
    )


def _join(text: str) -> str:
    """Wrapped lines as one: Japanese joins without a space, a word broken at a hyphen ('21-' +
    '27 Wing Kut') without one, everything else with one."""
    joined = ""
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        if not joined:
            joined = line
        elif (
            _JAPANESE.match(joined[-1])
            or _JAPANESE.match(line[0])
            or (joined.endswith("-") and joined[-2:-1].isalnum())
        ):
            joined += line
        else:
            joined += " " + line
    return joined


def _english_start(text: str, allow_start: bool) -> int | None:
    """Where the English part of the names begins: outside brackets, the first line that has no
    Japanese ('(OOO) Microelectronic …' included), or Latin text glued to Japanese that runs to the
    line's end without Japanese — a Chinese name in brackets at the end aside. Glued, it must be
    more than one word: 'インテグラルSPB' is a Japanese name, 'クロッカス・ナノ・エレクトロニクス
    Crocus Nano Electronics' a Japanese and an English one. ``allow_start``: the text's first
    line may be English (aliases after 別称:)."""
    depth = 0
    previous = "\n"
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        at_line_start = previous == "\n" and (i > 0 or allow_start)
        if depth == (1 if ch == "(" else 0) and ch.isascii() and not ch.isspace():
            glued = ch.isalnum() and i > 0 and (previous == ")" or _JAPANESE.match(previous))
            if at_line_start or glued:
                end = text.find("\n", i)
                run = text[i : end if end >= 0 else len(text)]
                core = re.sub(r"\([^()]*\)\s*$|\([^()]*$", "", run).strip()
                if core and not _JAPANESE.search(core) and (at_line_start or " " in core):
                    return i
        previous = ch
    return None


def _split_top(text: str, separators: str) -> list[str]:
    """``text`` split at separators outside brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth <= 0 and ch in separators:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost bracket group, brackets included."""
    groups, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


def _is_han_name(content: str) -> bool:
    """Chinese characters only (a Chinese name), not Japanese kana or Latin."""
    return (
        bool(_HAN.search(content))
        and not _KANA.search(content)
        and not re.search(r"[A-Za-z]", content)
    )


def _han_names(content: str) -> list[str]:
    """The names in a Chinese-name bracket: '长光卫星技术股份有限公司(长光卫星)' gives both."""
    names: list[str] = []
    for item in _split_top(content, "、"):
        outer, inner = _without_han_brackets(item)
        names += [outer, *inner]
    return names


def _without_han_brackets(text: str) -> tuple[str, list[str]]:
    """``text`` without its bracketed Chinese names, and those names."""
    kept, names, last = "", [], 0
    for start, end in _bracket_groups(text):
        content = text[start + 1 : end - 1]
        if start > 0 and _is_han_name(content):  # a leading (有限会社) is a legal form
            kept += text[last:start]
            names += _han_names(content)
            last = end
    kept += text[last:]
    return " ".join(kept.split()), names


def _japanese_names(text: str) -> tuple[str, list[str]]:
    """The Japanese name and its aliases: those of '(別称、A、B及びC)' and the Chinese names in
    brackets."""
    kept, aliases, last = "", [], 0
    for start, end in _bracket_groups(text):
        content = text[start + 1 : end - 1]
        if content.startswith("別称"):
            kept += text[last:start]
            aliases += _japanese_aliases(content[2:].lstrip("、: "))
            last = end
    kept += text[last:]
    name, chinese = _without_han_brackets(kept)
    return name, [*chinese, *aliases]


def _japanese_aliases(text: str) -> list[str]:
    """Aliases written 'A、B及びC' (or 'A; B'), each with any Chinese name in brackets."""
    items = _split_top(text, "、;")
    if items:
        last = items.pop()
        depth_free = re.sub(r"\([^()]*\)", lambda m: "\0" * len(m[0]), last)
        cut = depth_free.find("及び")
        items += [last[:cut], last[cut + 2 :]] if cut > 0 else [last]
    names: list[str] = []
    for item in items:
        name, chinese = _without_han_brackets(item.strip())
        names += [name, *chinese]
    return [n for n in names if n]


def _english_names(text: str) -> tuple[str, list[str]]:
    """The English name and the other names of the English part: aliases after 'a.k.a. the
    following N aliases:' (bullets) or after '別称:' (Japanese, then English separated by ';'),
    and Chinese names in brackets."""
    aliases: list[str] = []
    if "別称" in text:
        name_text, alias_text = text.split("別称", 1)
        alias_text = alias_text.lstrip(":、 ")
        split = _english_start(alias_text, allow_start=True)
        japanese = alias_text if split is None else alias_text[:split]
        aliases += _japanese_aliases(_join(japanese))
        if split is not None:
            aliases += [a.strip() for a in _join(alias_text[split:]).split(";")]
    else:
        aka = _AKA.search(text)
        name_text = text if aka is None else text[: aka.start()]
        if aka is not None:
            aliases += _bullets(text[aka.end() :])
    name, chinese = _without_han_brackets(_join(name_text))
    more: list[str] = []
    for alias in aliases:
        kept, names = _without_han_brackets(alias)
        more += [kept, *names]
    return name.rstrip(" ,;"), [*chinese, *(m for m in more if m)]


def _bullets(text: str) -> list[str]:
    """The items of '-A;\\n-B; and\\n-C.' (dashes of any kind; ';' alone where there are none)."""
    text = re.sub(r";\s*and\s*(?=[-—–‐])", ";", text)
    items = re.split(r"(?:^|\n|(?<=[;:]))[ \t]*[-—–‐][ \t]*", text)
    if len(items) == 1:
        items = items[0].split(";")
    return [cleaned for item in items if (cleaned := _clean_item(_join(item)))]


def _clean_item(item: str) -> str:
    """An alias without the list's punctuation: a trailing ';', 'and' or the full stop that ends
    the list (an abbreviation's stop — Ltd., Co. — stays)."""
    item = re.sub(r"(?:[;,]\s*)?(?:\band)?[\s;,]*$", "", item.strip())
    last = item.rsplit(" ", 1)[-1]
    short_form = len(last) <= 4 and not last[:-1].isupper() and not last[:-1].isdigit()
    if item.endswith(".") and "." not in last[:-1] and not short_form:
        item = item[:-1]
    return item.strip()


def _addresses(text: str) -> tuple[str, ...]:
    """The addresses after 所在地, split at ';' (and '; and', ', and,')."""
    joined = _join(text)
    parts = re.split(r";\s*(?:and\s+)?|,\s*and,\s*", joined)
    return tuple(dict.fromkeys(p.strip().rstrip(".").strip() for p in parts if p.strip(" .")))
