"""The language of a text from its script: Han characters against Latin letters.

One Han character carries about as much as three Latin letters ("出口管制", 4 characters, is
"export controls", 14 letters), so Latin letters count a third each. With ``han`` Han characters
and ``latin`` Latin letters (A-Z, a-z and the accented Latin letters), ``units = han + latin / 3``
and ``share = han / units``:

* fewer than 10 units (e.g. a page of numbers, or three English words): ``und``;
* ``share >= 0.8``: ``zh`` (a Chinese text quoting a few English names stays Chinese);
* ``share <= 0.2``: ``en`` (an English text giving a few Chinese names stays English);
* in between: ``mixed`` (bilingual texts, parallel Chinese and English paragraphs).

Latin script is taken as English: the system reads Chinese and English documents.
"""

from __future__ import annotations

import re

from techbloc.documents.cleaning import HAN
from techbloc.documents.model import Language

LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
LATIN_LETTERS_PER_HAN = 3.0
MIN_UNITS = 10.0
ZH_SHARE = 0.8
EN_SHARE = 0.2


def han_share(text: str) -> tuple[float, float]:
    """(units, share of Han) of ``text`` as defined in the module docstring."""
    han = len(HAN.findall(text))
    units = han + len(LATIN.findall(text)) / LATIN_LETTERS_PER_HAN
    return units, (han / units if units else 0.0)


def detect_language(text: str) -> Language:
    units, share = han_share(text)
    if units < MIN_UNITS:
        return "und"
    if share >= ZH_SHARE:
        return "zh"
    if share <= EN_SHARE:
        return "en"
    return "mixed"
