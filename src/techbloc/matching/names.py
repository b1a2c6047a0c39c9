"""Analysis of an organisation name into comparable tokens, in any script.

A Latin-script name becomes lower-case ASCII tokens without legal forms and stopwords, with a
light singular form ("Technologies" → technology). A Chinese name (simplified or traditional)
loses its legal form (有限公司), then is cut by longest match against the glossary: glossary words
become their English tokens (技术 → technology), and each run of other characters becomes one
pinyin token (华为 → huawei). Every token remembers where it came from, to explain a match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pypinyin import lazy_pinyin

from techbloc.text.normalize import to_simplified

Kind = Literal["name", "term", "place"]
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Token:
    """One comparable token: its text, what kind of word it is, and how it was obtained."""

    text: str
    kind: Kind
    origin: str  # e.g. "pinyin of 华为", "translation of 技术", "word"
    unit: int = 0  # tokens of one source word share a unit ...
    alternative: int = 0  # ... and, where it has several usual renderings, an alternative

    optional: bool = False  # one of several renderings: not held against a candidate
    droppable: bool = False  # English names often leave the word out: not counted when unmatched


@dataclass(frozen=True)
class AnalysedName:
    original: str
    script: Literal["han", "latin"]
    tokens: tuple[Token, ...]

    def __getstate__(self) -> dict[str, Any]:
        """Only the fields travel (to a worker process): what other modules keep beside them
        (the scorer's layout) is made again where it is needed."""
        return {"original": self.original, "script": self.script, "tokens": self.tokens}

    @property
    def key(self) -> str:
        """The required tokens, sorted and joined: equal keys mean the same name."""
        return " ".join(sorted({t.text for t in self.tokens if not t.optional}))


@dataclass(frozen=True)
class Glossary:
    legal_zh: tuple[str, ...]
    legal_en: frozenset[str]
    legal_pinyin: frozenset[str]
    pinyin_words: dict[str, str]
    stopwords: frozenset[str]
    synonyms: dict[str, str]
    words: dict[str, tuple[tuple[str, ...], ...]]
    places: frozenset[str]
    places_zh: frozenset[str]
    terms: frozenset[str]

    @property
    def longest_word(self) -> int:
        return max(len(w) for w in self.words)


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    text = resources.files("techbloc.matching").joinpath("glossary.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    words: dict[str, tuple[tuple[str, ...], ...]] = {}
    for zh, value in raw["words"].items():
        alternatives = value if value and isinstance(value[0], list) else [value]
        words[to_simplified(zh)] = tuple(tuple(singular(t) for t in alt) for alt in alternatives)
    country_words = raw.get("countries") or {}
    for zh, value in country_words.items():
        alternatives = value if value and isinstance(value[0], list) else [value]
        # a leading country name is often left out in English: droppable (the empty rendering)
        words[zh] = (*(tuple(singular(t) for t in alt) for alt in alternatives), ())
    # one-word renderings (china, japan, usa) are places wherever they stand; the words of
    # 'united states' are not ('united' alone is an ordinary word)
    country_tokens = {alt[0] for zh in country_words for alt in words[zh] if len(alt) == 1}
    places_zh = frozenset(raw["places_zh"]) | frozenset(country_words)
    for place in places_zh:
        words.setdefault(place, (("".join(lazy_pinyin(place)),),))
    terms = frozenset(
        t for zh, alts in words.items() if zh not in places_zh for alt in alts for t in alt
    )
    return Glossary(
        legal_zh=tuple(sorted(raw["legal_forms"]["zh"], key=len, reverse=True)),
        legal_en=frozenset(raw["legal_forms"]["en"]),
        legal_pinyin=frozenset(raw["legal_forms_pinyin"]),
        pinyin_words={"".join(lazy_pinyin(zh)): zh for zh in words if zh not in places_zh},
        stopwords=frozenset(raw["stopwords"]),
        synonyms=dict(raw["english_synonyms"]),
        words=words,
        places=frozenset(raw["places"])
        | {"".join(lazy_pinyin(p)) for p in raw["places_zh"]}
        | country_tokens,
        places_zh=places_zh,
        terms=terms,
    )


def singular(word: str) -> str:
    """A light English singular: technologies → technology, systems → system (not 'class')."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _kind(word: str, g: Glossary) -> Kind:
    if word in g.places:
        return "place"
    return "term" if word in g.terms else "name"


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def analyse_latin(name: str) -> AnalysedName:
    g = glossary()
    tokens: list[Token] = []
    for raw in re.findall(r"[a-z0-9]+", ascii_fold(name).replace("&", " and ")):
        word = g.synonyms.get(raw, raw)
        if word in g.legal_en or word in g.stopwords or word in g.legal_pinyin:
            continue
        if word in g.pinyin_words:  # a generic word written in pinyin: jishu → technology
            zh = g.pinyin_words[word]
            unit = tokens[-1].unit + 1 if tokens else 0
            alternatives = tuple(alt for alt in g.words[zh] if alt)
            tokens += _renderings(alternatives, f"translation of pinyin {word} ({zh})", unit, g)
            # ... or a proper name that reads the same (Zhongxin is also 中芯, not only 中心)
            tokens.append(Token(word, "name", "word", unit, len(alternatives), optional=True))
            continue
        word = re.sub(r"^(\d+)(st|nd|rd|th)$", r"\1", singular(word))
        tokens.append(Token(word, _kind(word, g), "word", tokens[-1].unit + 1 if tokens else 0))
    return AnalysedName(name, "latin", tuple(tokens))


def _strip_legal_zh(text: str, g: Glossary) -> str:
    """Legal forms go wherever they stand (集团有限公司第十四研究所 → 集团第十四研究所)."""
    for form in g.legal_zh:
        stripped = text.replace(form, "")
        if stripped:
            text = stripped
    return text


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip


def chinese_number(text: str) -> int | None:
    """一 .. 九百九十九 (十四 → 14, 二十 → 20, 七〇九 → 709); None when it is not a number."""
    if not text or any(ch not in _DIGITS and ch not in "十百" for ch in text):
        return None
    if "十" not in text and "百" not in text:
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            total += (current or 1) * (100 if ch == "百" else 10)
            current = 0
    return total + current


def _ordinals_to_digits(text: str) -> str:
    """第十四研究所 → 14研究所, so that it meets '14th Research Institute'."""

    def number(match: re.Match[str]) -> str:
        value = chinese_number(match[1])
        return f" {value} " if value is not None else match[0]

    text = re.sub(r"第([零〇一二两三四五六七八九十百]+)", number, text)
    # bare numbers of institutes and factories: 七〇六所, 二〇一厂
    return re.sub(r"([零〇一二三四五六七八九十百]{2,})(?=所|厂)", number, text)


def _pinyin_run(run: str, g: Glossary, unit: int) -> Token:
    word = "".join(lazy_pinyin(run)).lower()
    return Token(word, _kind(word, g), f"pinyin of {run}", unit=unit)


def analyse_han(name: str) -> AnalysedName:
    g = glossary()
    text = to_simplified(unicodedata.normalize("NFKC", name))
    text = _ordinals_to_digits(_strip_legal_zh("".join(ch for ch in text if ch.isalnum()), g))
    tokens: list[Token] = []
    run = ""
    i = 0
    unit = 0
    while i < len(text):
        match = next(
            (text[i : i + n] for n in range(min(g.longest_word, len(text) - i), 1, -1)
             if text[i : i + n] in g.words),
            None,
        )  # fmt: skip
        if match is None:
            if text[i] == " ":
                if run:
                    tokens.append(
                        _pinyin_run(run, g, unit)
                        if _HAN.search(run)
                        else Token(run, "name", "word", unit)
                    )
                    unit += 1
                    run = ""
            elif _HAN.match(text[i]):
                run += text[i]
            elif run and not _HAN.match(run[-1]):
                run += text[i].lower()
            else:
                if run:
                    tokens.append(_pinyin_run(run, g, unit))
                    unit += 1
                run = text[i].lower()
            i += 1
            continue
        if run:
            tokens.append(_pinyin_run(run, g, unit))
            unit += 1
            run = ""
        alternatives = g.words[match]
        how = "pinyin" if match in g.places_zh else "translation"
        tokens += _renderings(alternatives, f"{how} of {match}", unit, g)
        unit += 1
        i += len(match)
    if run:
        tokens.append(
            _pinyin_run(run, g, unit) if _HAN.search(run) else Token(run, "name", "word", unit)
        )
    return AnalysedName(name, "han", tuple(tokens))


def _renderings(
    alternatives: tuple[tuple[str, ...], ...], origin: str, unit: int, g: Glossary
) -> list[Token]:
    """The tokens of a glossary word's renderings, as alternatives of one unit."""
    droppable = any(not alt for alt in alternatives)
    return [
        Token(word, _kind(word, g), origin, unit, number,
              optional=len(alternatives) > 1, droppable=droppable)
        for number, alternative in enumerate(alternatives)
        for word in alternative
    ]  # fmt: skip


ANALYSIS_CACHE = 1 << 14


@lru_cache(maxsize=ANALYSIS_CACHE)
def analyse(name: str) -> AnalysedName:
    """Tokens of a name in either script (a name with any Chinese character counts as Chinese).

    The analysis depends on the text alone and the result is immutable, so the latest distinct
    names are kept: a batch with repeated names, and the bridge's English names that many Chinese
    queries lead to, are analysed once."""
    return analyse_han(name) if _HAN.search(name) else analyse_latin(name)
