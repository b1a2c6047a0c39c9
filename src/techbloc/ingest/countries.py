"""Country names as lists write them (Japan, Czech Republic, 日本, USA) → ISO 3166-1 alpha-2 codes.

The names are the knowledge base's own (every English and Chinese name and alias of its actors), so
an imported list and the rest of techbloc agree on what a country is called; the European Union
stays ``EU``, the code the knowledge base gives it. Historical states (SU, DD, …) are left out: a
list written today means today's countries. A name that is not known gives no code — a list's
country is never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from techbloc.kb.loader import DATA_DIR
from techbloc.kb.yaml_io import read_yaml
from techbloc.text.normalize import normalize_name

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Normalised name → code: alpha-2 codes first, then alpha-3, then names and aliases."""
    actors = [
        a for a in read_yaml(DATA_DIR / "actors" / "actors.yaml")["actors"] if not a.get("ended")
    ]
    table: dict[str, str] = {}
    for actor in actors:
        table[normalize_name(actor["code"])] = actor["code"]
    for actor in actors:
        if actor.get("iso3"):
            table.setdefault(normalize_name(actor["iso3"]), actor["code"])
    for actor in actors:
        names = [actor["name"]["en"], actor["name"]["zh"], *actor.get("aliases", [])]
        for name in names:
            table.setdefault(normalize_name(name), actor["code"])
    return table


def country_code(value: str) -> str | None:
    """The code of a country column's value: a code (DE, DEU) or a name (Germany, 德国)."""
    key = normalize_name(value)
    return _table().get(key) if key else None


def _country_name(text: str) -> str | None:
    """A country named in full: in Latin script three letters or more ('USA' yes, a US state's
    'CA' no), in Chinese script two characters or more (日本)."""
    key = normalize_name(text)
    return _table().get(key) if len(key) >= (2 if _HAN.match(key) else 3) else None


def address_country(address: str) -> str | None:
    """The country an address names at its end ('…, Shenzhen, China'; 'Moscow 107031, Russia') or,
    in Chinese script, at its start ('日本东京都…'). 'Hong Kong, China' and 'Macao, China' are HK
    and MO, as the knowledge base names them. An address that names no country gives None."""
    text = address.strip().rstrip(".;,。， ")
    if not text:
        return None
    if _HAN.match(text):
        for length in range(min(len(text), 10), 1, -1):  # the longest known name first
            code = _country_name(text[:length])
            if code:
                return code
        return None
    parts = [_without_numbers(p) for p in re.split(r"[,，]", text)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    code = _country_name(parts[-1])
    if code is None:
        stated = re.search(r"\bin\s+(.+)$", parts[-1])  # 'All address located in Russia'
        return _country_name(stated[1]) if stated else None
    if code == "CN" and len(parts) > 1:
        return _country_name(f"{parts[-2]}, China") or code
    return code


def _without_numbers(part: str) -> str:
    """An address part without its postal codes and numbers ('Russia 618018' → 'Russia')."""
    words = [w for w in part.split() if not re.search(r"\d", w)]
    return " ".join(words).strip(" .;:")
