"""Tagging a news event's technology domain from its URL's words and its actors' names."""

from __future__ import annotations

import duckdb
import pytest

from techbloc.ingest.gdelt.domains import DomainTag, DomainTagger, url_words


@pytest.fixture(scope="module")
def tagger(builtin_con: duckdb.DuckDBPyConnection) -> DomainTagger:
    return DomainTagger.from_store(builtin_con)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://www.reuters.com/technology/us-curbs-euv-exports-2023-01-27/?utm_source=x#top",
         ["technology", "us", "curbs", "euv", "exports"]),
        ("https://x.example/a/article12345/c919_5g.7nm-drones.html",
         ["article", "c919", "5g", "7nm", "drones", "html"]),
        ("https://x.example/%E8%8A%AF%E7%89%87-export", ["芯片", "export"]),
        ("https://semiconductor-news.example.com/", []),  # the host is not read
        ("BBC Monitoring", ["BBC", "Monitoring"]),  # a citation, not a URL
        ("https://x.example/a-b-c/1234567890/x", []),
    ],
)  # fmt: skip
def test_url_words(url: str, words: list[str]) -> None:
    assert url_words(url) == words


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # leaf keywords
        ("https://x.example/us-curbs-euv-lithography-exports-china",
         DomainTag("semiconductor-equipment", "semiconductors", ("euv", "lithography"))),
        ("https://x.example/nvidia-gpu-sales-to-china-data-center",
         DomainTag("advanced-computing", "computing-ai", ("gpu", "data center"))),
        ("https://x.example/us-adds-drone-makers-to-entity-list",
         DomainTag("unmanned-systems", "aerospace-defence", ("drone",))),
        # plural of a keyword
        ("https://x.example/japan-restricts-exports-of-23-chipmaking-tools-and-lithography-systems",
         DomainTag("semiconductor-equipment", "semiconductors", ("chipmaking", "lithography"))),
        # only the top-level domain is named
        ("https://x.example/world/us-chip-curbs-hit-huawei",
         DomainTag(None, "semiconductors", ("chip",))),
        # a weak acronym alone does not count; supported by a term of its domain it does
        ("https://x.example/j-ai-vu-le-film", None),
        ("https://x.example/man-ran-over-dog", None),
        ("https://x.example/huawei-5g-ban-extended",
         DomainTag("telecom-5g", "ict", ("huawei", "5g"))),
        ("https://x.example/ai-chip-exports",
         DomainTag("artificial-intelligence", "computing-ai", ("ai chip",))),
        # no technology at all
        ("https://x.example/2023/01/27/local-football-club-wins-cup", None),
    ],
)  # fmt: skip
def test_tag_url(tagger: DomainTagger, url: str, expected: DomainTag | None) -> None:
    assert tagger.tag_url(url) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("HUAWEI", DomainTag("telecom-5g", "ict", ("huawei",))),
     ("UNITED STATES", None),
     ("SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION",
      DomainTag(None, "semiconductors", ("semiconductor",)))],
)  # fmt: skip
def test_tag_actor_names(tagger: DomainTagger, name: str, expected: DomainTag | None) -> None:
    assert tagger.tag(name) == expected


def test_the_quick_check_never_drops_a_text_the_gazetteer_would_tag(tagger: DomainTagger) -> None:
    """The pre-check is only a shortcut: every English domain term (its plural, its words written
    together), in a text of its own, passes it, and is tagged the same with it as without it."""
    assert len(tagger.terms) > 300
    for term in tagger.terms:
        assert tagger.may_match(f"news about {term} today"), term
        for form in (term, term + "s", term.replace(" ", "").replace("-", "")):
            text = f"news about {form} today"
            assert tagger.tag(text) == tagger.tag_uncached(text), form
