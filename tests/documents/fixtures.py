"""Where the document fixtures are, and a small real tagger for the store tests."""

from __future__ import annotations

import re
from pathlib import Path

from techbloc.documents.model import ExtractedDocument, Mention, TagResult

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def tag_word(doc: ExtractedDocument, word: str = "瓦森纳", key: str = "wassenaar") -> TagResult:
    """Every occurrence of ``word`` as an alliance mention, with its sentence (up to 。 or .)."""
    mentions = []
    for found in re.finditer(re.escape(word), doc.text):
        start = max(doc.text.rfind(sep, 0, found.start()) for sep in ("。", ". ", "\n")) + 1
        ends = [
            e for e in (doc.text.find(sep, found.end()) for sep in ("。", ". ", "\n")) if e >= 0
        ]
        end = min(ends) + 1 if ends else len(doc.text)
        mentions.append(
            Mention(
                type="alliance",
                key=key,
                label=word,
                surface=found.group(0),
                start=found.start(),
                end=found.end(),
                sentence=doc.text[start:end].strip(),
                sentence_start=start,
                method="literal",
            )  # fmt: skip
        )
    return TagResult(mentions=mentions)
