"""Fonts for the reports: a font that covers Chinese (for matplotlib and the CSS font stack), found
among the fonts installed on the machine; a clear error instead of tofu boxes when there is none."""

from __future__ import annotations

from dataclasses import dataclass

from techbloc.errors import TechblocError

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
)
"""Fonts with simplified Chinese glyphs, preferred first (Debian: fonts-noto-cjk, fonts-wqy-*)."""

LATIN_FALLBACK = ("DejaVu Sans", "Liberation Sans", "Arial")


class MissingFont(TechblocError):
    """No installed font can draw Chinese text."""


@dataclass(frozen=True)
class ReportFonts:
    """The font families a report uses, first choice first."""

    families: tuple[str, ...]
    cjk: str | None

    def css_stack(self) -> str:
        names = [f'"{name}"' for name in self.families]
        return ", ".join([*names, "sans-serif"])


def installed_families() -> set[str]:
    """The font families matplotlib finds in the system font folders (those fontconfig reads)."""
    from matplotlib import font_manager

    return {entry.name for entry in font_manager.fontManager.ttflist}


def report_fonts(lang: str, candidates: tuple[str, ...] = CJK_FAMILIES) -> ReportFonts:
    """The fonts for a report in ``lang``: the first installed CJK family, then Latin fallbacks.
    A Chinese report without a CJK font is refused (its text would print as empty boxes)."""
    have = installed_families()
    cjk = next((name for name in candidates if name in have), None)
    if cjk is None and lang == "zh":
        raise MissingFont(
            "no installed font can draw Chinese text, so a Chinese report would print empty "
            f"boxes (looked for: {', '.join(candidates)})",
            hint="install one, e.g. Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), "
            "or write the report in English: --lang en",
        )
    latin = tuple(name for name in LATIN_FALLBACK if name in have)
    return ReportFonts(families=((cjk,) if cjk else ()) + latin, cjk=cjk)
