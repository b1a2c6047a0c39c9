"""Where an import reads from: a local file, or an http(s) URL fetched to a temporary file first.

Both take the same path afterwards, so what is tested on local files holds for downloads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from techbloc.errors import InvalidArgument


@dataclass(frozen=True)
class LocalCopy:
    path: Path
    location: str
    default_retrieved: dt.date


@contextlib.contextmanager
def local_copy(location: str) -> Iterator[LocalCopy]:
    """A readable local file for ``location``; a URL is downloaded and removed afterwards."""
    if location.startswith(("http://", "https://")):
        with tempfile.TemporaryDirectory(prefix="techbloc-download-") as tmp:
            target = Path(tmp) / (location.rstrip("/").rsplit("/", 1)[-1] or "download")
            try:
                with (
                    urllib.request.urlopen(location, timeout=60) as response,
                    target.open("wb") as out,
                ):  # noqa: S310 - http(s) only, checked above
                    shutil.copyfileobj(response, out)
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                raise InvalidArgument(f"cannot download {location}: {exc}") from exc
            yield LocalCopy(target, location, dt.date.today())
        return
    path = Path(location).expanduser()
    if not path.is_file():
        raise InvalidArgument(
            f"no such file: {location}", hint="give a file path or an http(s) URL"
        )
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()
    yield LocalCopy(path, str(path.resolve()), modified)
