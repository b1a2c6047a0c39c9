"""Importing a restricted-party list by upload (``techbloc import …`` as a request; needs a
token). The import runs while the server holds the store alone (techbloc.store.access)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from techbloc.api.deps import IsoDate, in_thread, require_token, server
from techbloc.api.models import Answer
from techbloc.api.routers.uploads import saved_upload

router = APIRouter(tags=["imports 导入"])

SUFFIXES = (".csv", ".json", ".jsonl", ".txt")
MAX_REJECTIONS = 100


@router.post(
    "/imports/lists/{source_format}", response_model=Answer, dependencies=[Depends(require_token)]
)
async def import_list(
    request: Request,
    source_format: str,
    file: Annotated[UploadFile, File(description="The list file as its issuer publishes it.")],
    retrieved: Annotated[IsoDate | None, Form(description="Day the snapshot was taken.")] = None,
    partial: Annotated[bool, Form(description="The file holds part of the list.")] = False,
) -> dict[str, Any]:
    """Import one list snapshot (formats: csl, cn-countermeasures, jp-meti, us-1260h, ftm): what
    was added, changed, removed and quarantined (the first 100 rejections)."""
    from techbloc.ingest.formats import list_format
    from techbloc.ingest.lists import import_list_file

    list_format(source_format)  # an unknown format fails before the upload is saved
    name = file.filename or "upload"

    def run() -> Any:
        with saved_upload(file, SUFFIXES) as path:

            def load(db: Path) -> Any:
                day = retrieved or dt.date.today()
                return import_list_file(db, str(path), source_format, day, partial)

            return server(request).write_file(load)

    report = await in_thread(request, run)
    result = dataclasses.asdict(report)
    result["source_location"] = name
    rejections = result.pop("rejections")
    result["rejections"] = [{**r, "file": name} for r in rejections[:MAX_REJECTIONS]]
    return result
