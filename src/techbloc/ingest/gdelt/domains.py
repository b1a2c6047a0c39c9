"""A technology domain for a news event, from what the event row carries (docs/methodology.md,
"News events (GDELT 2.0)"). GDELT has no domain: techbloc tags each event from the words of its
SOURCEURL's path and, failing that, from its actors' names, with the document tagger's gazetteer
(the knowledge base's domain keywords, its plurals and its rules for ambiguous words).

Case is lost in both (URLs are lower case, GDELT writes actor names in capitals), so the words are
matched in capitals; acronyms of three letters or fewer (AI, 5G, EUV, RAN, EDA) then also match
ordinary words ('ai' in French and Italian, 'ran'), so such a term counts only when another term of
the same top-level domain supports it ('huawei-5g-ban': Huawei supports 5G). Then:

1. each top-level domain scores the number of terms that name it or one of its leaves; the
   highest score wins, ties going to the domain named first;
2. within it, the leaf named by most terms is ``domain_id`` (ties: named first); a text that
   names only the top-level domain ('chip') gets ``domain_id`` NULL and the top-level domain as
   ``domain_parent_id``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

import duckdb

from techbloc.documents.tagging import DocumentTagger
from techbloc.documents.tagging.entries import Entry, case_of, is_chinese, variants
from techbloc.documents.tagging.gazetteer import resolve
from techbloc.documents.tagging.textprep import matching_text
from techbloc.documents.tagging.trie import trie_pattern

DOMAIN_TAGGER_VERSION = "gdelt-url-1"
WEAK_TERM_CHARS = 3
_WORD = re.compile(r"[0-9A-Za-z\u00c0-\uffff]+")
_DIGITS = re.compile(r"[0-9]+")
_SHORT_ALNUM = 5
_WORD_END = "(?![0-9A-Z])"


@dataclass(frozen=True)
class DomainTag:
    domain_id: str | None  # a leaf domain, or None when only a top-level domain is named
    domain_parent_id: str  # the top-level domain
    terms: tuple[str, ...]  # the words that named it, lower case, in order


def url_words(url: str) -> list[str]:
    """The words of a URL's path: split on anything but letters and digits ('-', '_', '/', '.');
    a word with digits is kept whole when short (5g, 7nm, c919) and otherwise split on its digits
    (article12345 → article); one-letter words, the host name, the query and the fragment are
    dropped. Text that is no URL (GDELT cites some sources by a citation) is read whole."""
    path = url
    scheme = url.find("://")
    if scheme >= 0:
        slash = url.find("/", scheme + 3)
        path = url[slash:] if slash >= 0 else ""
        path = path.split("?", 1)[0].split("#", 1)[0]
    if "%" in path:
        path = unquote(path)
    words: list[str] = []
    for token in _WORD.findall(path):
        if token.isalpha():
            if len(token) > 1:
                words.append(token)
        elif len(token) <= _SHORT_ALNUM and not token.isdigit():
            words.append(token)
        else:
            words += [part for part in _DIGITS.split(token) if len(part) > 1]
    return words


class DomainTagger:
    """Tags short texts whose case is lost (URL words, GDELT actor names) with one domain."""

    version = DOMAIN_TAGGER_VERSION

    def __init__(self, tagger: DocumentTagger) -> None:
        self._gazetteer = tagger.gazetteer
        parents = tagger.vocabulary.domain_parents
        self._top = {d: _top_level(d, parents) for d in parents}
        self._is_leaf = {d: d not in set(parents.values()) for d in parents}
        self.terms = tuple(sorted({
            t.term for t in tagger.vocabulary.terms
            if t.type == "domain" and t.source != "not_mention" and not is_chinese(t.term)
        }))  # fmt: skip
        """The English domain terms (the Chinese ones need no pre-check)."""
        self._may_match = _first_words(self.terms)
        self._cache: dict[str, DomainTag | None] = {}

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> DomainTagger:
        return cls(DocumentTagger.from_store(con))

    def tag_url(self, url: str) -> DomainTag | None:
        return self.tag_words(url_words(url))

    def tag_words(self, words: list[str]) -> DomainTag | None:
        return self.tag(" ".join(words)) if words else None

    def tag(self, text: str) -> DomainTag | None:
        """The domain ``text`` names (matched in capitals), or None; each text is tagged once."""
        upper = text.upper()
        if upper not in self._cache:
            if self.may_match(upper):
                self._cache[upper] = self._tag(matching_text(upper))
            else:
                self._cache[upper] = None  # no domain term can start anywhere in it
        return self._cache[upper]

    def may_match(self, text: str) -> bool:
        """Whether any domain term could match ``text``: some word of it begins like a term."""
        upper = text.upper()
        return bool(self._may_match.search(upper)) or is_chinese(upper)

    def tag_uncached(self, text: str) -> DomainTag | None:
        """:meth:`tag` without the cache and the pre-check (for tests and comparisons)."""
        return self._tag(matching_text(text.upper()))

    def _tag(self, upper: str) -> DomainTag | None:
        hits = []
        for c in resolve(self._gazetteer.find(upper)):
            entries = [e for e in c.entries if e.type == "domain" and e.key in self._top]
            if entries:
                surface = upper[c.start : c.end].lower()
                weak = all(_weak(e) for e in entries)
                hits.append(_Hit(c.start, surface, frozenset(e.key for e in entries), weak))
        return self._choose(hits)

    def _choose(self, hits: list[_Hit]) -> DomainTag | None:
        supported = {self._top[d] for h in hits if not h.weak for d in h.domains}
        counted = [h for h in hits if not h.weak or any(self._top[d] in supported
                                                        for d in h.domains)]  # fmt: skip
        if not counted:
            return None
        top = _best([(h.position, {self._top[d] for d in h.domains}) for h in counted])
        in_top = [h for h in counted if any(self._top[d] == top for d in h.domains)]
        leaves = [
            (h.position, {d for d in h.domains if self._top[d] == top and self._is_leaf[d]})
            for h in in_top
        ]
        leaves = [(position, ds) for position, ds in leaves if ds]
        leaf = _best(leaves) if leaves else None
        return DomainTag(leaf, top, tuple(dict.fromkeys(h.surface for h in in_top)))


@dataclass(frozen=True)
class _Hit:
    position: int
    surface: str
    domains: frozenset[str]
    weak: bool


def _first_words(terms: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding, in a text in capitals, the start of any English domain term (or its
    plural): its first word as a whole word, or its first two words written together ('REENTRY'
    for 're-entry vehicle', as the gazetteer lets separators be left out). A text without one
    cannot match any term; one pattern, its terms' common prefixes shared
    (:func:`trie_pattern`), so checking a text costs one pass."""
    heads: dict[str, str] = {}
    for term in terms:
        if is_chinese(term):
            continue
        for form in variants(term, case_of(term)):
            words = [w for w in re.split(r"[\s\-]+", form.strip().upper()) if w]
            if words:
                heads[words[0]] = _WORD_END
            if len(words) > 1:
                heads.setdefault(words[0] + words[1], "")
    pattern = trie_pattern(([re.escape(ch) for ch in head], tail) for head, tail in heads.items())
    return re.compile(f"(?<![0-9A-Z])(?:{pattern})")


def _weak(entry: Entry) -> bool:
    """An acronym of at most three characters (AI, 5G, EUV): in a text whose case is lost it may
    be an ordinary word."""
    return entry.case == "exact" and len(entry.term) <= WEAK_TERM_CHARS


def _top_level(domain: str, parents: dict[str, str | None]) -> str:
    seen = {domain}
    while parents.get(domain):
        domain = str(parents[domain])
        if domain in seen:  # a cycle would be a knowledge-base error; stop rather than loop
            break
        seen.add(domain)
    return domain


def _best(hits: list[tuple[int, set[str]]]) -> str:
    """The key named by most hits; ties to the key named first, then alphabetically."""
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for position, keys in hits:
        for key in keys:
            count[key] = count.get(key, 0) + 1
            first.setdefault(key, position)
    return min(count, key=lambda k: (-count[k], first[k], k))
