"""Stance towards each alliance: cues, window, negation, relaxing, decision."""

from __future__ import annotations

import pytest

from techbloc.documents.tagging import DocumentTagger

# (text, alliance, stance, direction, (restrictive, cooperative, relaxing))
CASES = [
    ("MTCR members agreed to tighten controls on missile technology and to deny transfers.",
     "mtcr", "blockade", "restrictive", (3, 0, 0)),
    ("四方安全对话领导人同意加强合作，共同开发关键技术。", "quad", "cooperation", "cooperative",
     (0, 2, 0)),
    ("GPAI members collaborate on responsible AI through a partnership of experts.",
     "gpai", "cooperation", "cooperative", (0, 2, 0)),
    # negation drops a cue …
    ("The Wassenaar Arrangement does not restrict exports of these items.",
     "wassenaar", "neutral", None, (0, 0, 0)),
    ("瓦森纳安排不会限制此类物项。", "wassenaar", "neutral", None, (0, 0, 0)),
    ("该安排并未限制此类物项。瓦森纳安排", "wassenaar", "neutral", None, (0, 0, 0)),
    # … a negated relaxing cue too (a negated act is no act), with what it governs
    ("The Wassenaar Arrangement will not lift its controls on these items.",
     "wassenaar", "neutral", None, (0, 0, 0)),
    ("瓦森纳安排不会放宽相关管制。", "wassenaar", "neutral", None, (0, 0, 0)),
    # "not only" is not a negation
    ("The TTC will not only restrict but also review exports.", "ttc", "blockade", "restrictive",
     (1, 0, 0)),
    # relaxing: the relaxing cue governs the restriction it names
    ("The Nuclear Suppliers Group lifted sanctions on India.", "nsg", "blockade", "relaxing",
     (0, 0, 1)),
    ("核供应国集团决定放宽出口管制。", "nsg", "blockade", "relaxing", (0, 0, 1)),
    # easing among members is cooperation; easing with no members named sits on the blockade side
    ("The TTC agreed to relax export controls among members and to deepen cooperation.",
     "ttc", "cooperation", "relaxing", (0, 1, 1)),
    ("AUKUS partners are exempted from licence requirements.", "aukus", "cooperation",
     "relaxing", (0, 0, 1)),
    ("美欧贸易和技术委员会宣布放宽部分出口管制，并加强在人工智能领域的合作。",
     "ttc", "mixed", None, (0, 1, 1)),
    ("美欧贸易和技术委员会决定在成员之间放宽出口管制。", "ttc", "cooperation", "relaxing",
     (0, 0, 1)),
    # a topic word says what a regime does, but coordinating controls is cooperation
    ("瓦森纳安排是两用物项出口管制的多边机制。", "wassenaar", "blockade", "restrictive", (1, 0, 0)),
    ("The Wassenaar Arrangement is a regime of export controls.", "wassenaar", "blockade",
     "restrictive", (1, 0, 0)),
    ("Wassenaar Arrangement members coordinate their export controls.", "wassenaar", "cooperation",
     "cooperative", (0, 1, 0)),
    ("瓦森纳安排成员国协调出口管制政策。", "wassenaar", "cooperation", "cooperative", (0, 1, 0)),
    # the sentence after counts when it goes on about the alliance
    ("The MTCR was created in 1987. It restricts missile transfers.", "mtcr", "blockade",
     "restrictive", (1, 0, 0)),
    ("该机制成立于2020年。瓦森纳安排成员国开会。该安排限制两用物项出口。", "wassenaar", "blockade",
     "restrictive", (1, 0, 0)),
    ("The MTCR was created in 1987. Separately, Japan restricts exports.", "mtcr", "neutral",
     None, (0, 0, 0)),
    ("The Quad met in Tokyo. Members agreed to cooperate on vaccines. They will also fund cables.",
     "quad", "cooperation", "cooperative", (0, 2, 0)),
    ("四方机制外长会晤在东京举行。成员国同意推进关键技术合作。", "quad", "cooperation",
     "cooperative", (0, 2, 0)),
    # an act on what it names: 加强对…的管制, 列入…清单
    ("瓦森纳安排成员国加强对先进芯片的出口管制。", "wassenaar", "blockade", "restrictive",
     (1, 0, 0)),
    # cues inside an alliance's name do not count
    ("The Minerals Security Partnership met.", "minerals-security-partnership", "neutral", None,
     (0, 0, 0)),
    ("人工智能全球合作伙伴组织召开会议。", "gpai", "neutral", None, (0, 0, 0)),
    ("The Missile Technology Control Regime met.", "mtcr", "neutral", None, (0, 0, 0)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "alliance", "stance", "direction", "counts"), CASES)
def test_stance(
    tagger: DocumentTagger,
    text: str,
    alliance: str,
    stance: str,
    direction: str | None,
    counts: tuple[int, int, int],
) -> None:
    found = {s.alliance_id: s for s in tagger.tag(text).stances}
    got = found[alliance]
    assert (got.stance, got.direction) == (stance, direction)
    assert (got.restrictive, got.cooperative, got.relaxing) == counts


def test_one_stance_per_alliance_with_evidence(tagger: DocumentTagger) -> None:
    text = (
        "The TTC met in Brussels. The TTC agreed to cooperate on semiconductors. "
        "MTCR partners restrict missile exports."
    )
    result = tagger.tag(text)
    assert [s.alliance_id for s in result.stances] == ["ttc", "mtcr"]
    ttc = result.stances[0]
    assert ttc.evidence == "The TTC agreed to cooperate on semiconductors."
    assert ttc.evidence_start is not None
    assert text[ttc.evidence_start :].startswith(ttc.evidence)


def test_a_neutral_stance_has_no_evidence(tagger: DocumentTagger) -> None:
    (stance,) = tagger.tag("The Quad met.").stances
    assert (stance.stance, stance.evidence, stance.evidence_start) == ("neutral", None, None)
