"""Country names cross-checked against the Unicode CLDR (via Babel): a typo in a Chinese or English
name, or a wrong code, shows up as a mismatch."""

from __future__ import annotations

import pytest
from babel import Locale

from techbloc.kb.loader import load_kb
from techbloc.text.normalize import normalize_name

KB = load_kb()
CURRENT = [a for a in KB.actors.values() if a.kind.value != "supranational" and not a.ended]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cldr_name_is_a_known_name(lang: str) -> None:
    cldr = Locale(lang).territories
    missing = []
    for actor in CURRENT:
        if actor.code not in cldr:
            continue
        ours = {normalize_name(n) for n in (actor.name.en, actor.name.zh, *actor.aliases) if n}
        if normalize_name(cldr[actor.code]) not in ours:
            missing.append((actor.code, cldr[actor.code]))
    assert missing == []


def test_no_name_names_two_actors() -> None:
    owner: dict[str, str] = {}
    for actor in KB.actors.values():
        for name in {actor.name.en, actor.name.zh, *actor.aliases}:
            key = normalize_name(name or "")
            assert owner.setdefault(key, actor.code) == actor.code, (name, owner[key], actor.code)
