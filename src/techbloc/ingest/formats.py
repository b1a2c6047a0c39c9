"""The list-file formats techbloc imports, each a reader plus the lists it knows in advance.

A reader takes a local file, a progress callback (bytes read so far) and a dict of lists that it
fills with the :class:`ListInfo` of each list it meets; it yields records and rejections (and,
where the format has them, related parties, ownership links and withdrawals) one at a time. A
format may recognise change files, which are imported as partial. Every format shares one import
path (:func:`techbloc.ingest.lists.import_list_file`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from techbloc.errors import InvalidArgument
from techbloc.ingest import cn_countermeasures, csl, dod_1260h, ftm, jp_meti
from techbloc.ingest.records import ImportItem, ListInfo

Progress = Callable[[int], None]
Reader = Callable[[Path, Progress | None, dict[str, ListInfo]], Iterator[ImportItem]]


@dataclass(frozen=True)
class ListFormat:
    name: str
    description: str
    read: Reader
    is_change_file: Callable[[Path], bool] | None = None
    """True for a file that holds changes, not whole lists (imported as ``partial``)."""


def _read_csl(
    path: Path, on_progress: Progress | None, lists: dict[str, ListInfo]
) -> Iterator[ImportItem]:
    lists.update({info.list_id: info for info in csl.known_lists().values()})
    yield from csl.read_csl(path, on_progress, lists)


def _read_cn_countermeasures(
    path: Path, on_progress: Progress | None, lists: dict[str, ListInfo]
) -> Iterator[ImportItem]:
    lists.update(cn_countermeasures.known_lists())
    yield from cn_countermeasures.read_cn_countermeasures(path, on_progress)


def _read_jp_meti(
    path: Path, on_progress: Progress | None, lists: dict[str, ListInfo]
) -> Iterator[ImportItem]:
    lists.update(jp_meti.known_lists())
    yield from jp_meti.read_jp_meti(path, on_progress)


def _read_us_1260h(
    path: Path, on_progress: Progress | None, lists: dict[str, ListInfo]
) -> Iterator[ImportItem]:
    lists.update(dod_1260h.known_lists())
    yield from dod_1260h.read_dod_1260h(path, on_progress)


FORMATS: dict[str, ListFormat] = {
    "csl": ListFormat("csl", "US Consolidated Screening List (CSV or JSON)", _read_csl),
    "cn-countermeasures": ListFormat(
        "cn-countermeasures",
        "China's countermeasure and export-control lists (OpenSanctions CSV)",
        _read_cn_countermeasures,
    ),
    "jp-meti": ListFormat(
        "jp-meti",
        "Japan's export-ban lists of entities (text of the METI/MOFA PDF)",
        _read_jp_meti,
    ),
    "us-1260h": ListFormat(
        "us-1260h",
        "US DoD Section 1260H list of Chinese military companies (OpenSanctions CSV)",
        _read_us_1260h,
    ),
    "ftm": ListFormat(
        "ftm",
        "OpenSanctions FollowTheMoney entities (JSON lines), or a delta file of changes",
        ftm.read_ftm,
        ftm.is_delta_file,
    ),
}


def list_format(name: str) -> ListFormat:
    found = FORMATS.get(name)
    if found is None:
        raise InvalidArgument(
            f"unknown list format '{name}'", hint=f"formats: {', '.join(sorted(FORMATS))}"
        )
    return found
