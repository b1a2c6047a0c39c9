"""Screening organisation names against the imported restricted-party lists."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel, Field, model_validator

from techbloc.api.deps import ask, require_read, require_token
from techbloc.api.models import Screened
from techbloc.api.routers.uploads import saved_upload
from techbloc.matching.screen import DEFAULT_THRESHOLD, explain
from techbloc.workspace import Techbloc

router = APIRouter(tags=["screening 筛查"])

MAX_NAMES = 1000
"""Names in one JSON request; a longer list goes as a CSV upload (``/screen/file``)."""


Name = Annotated[str, Field(min_length=1, max_length=500)]
"""An organisation's name as a request gives it."""


class NameQuery(BaseModel):
    name: Name
    country: str | None = Field(None, description="ISO alpha-2 code of the organisation.")


class ScreenRequest(BaseModel):
    """One name (``name``) or a list (``names``: strings or ``{name, country}``)."""

    name: Name | None = None
    country: str | None = Field(None, description="Country of ``name`` (ISO alpha-2).")
    # a name given as a plain string is checked here too: a 5,000-character one passed and then
    # failed as NameQuery(name=…) inside the route (a 500; found by the hostile-body test)
    names: list[Name | NameQuery] | None = Field(None, max_length=MAX_NAMES)
    threshold: float = Field(DEFAULT_THRESHOLD, ge=0.0, le=1.0)
    limit: int = Field(5, ge=1, le=50, description="Hits per name at most.")

    @model_validator(mode="after")
    def one_of(self) -> ScreenRequest:
        if (self.name is None) == (self.names is None):
            raise ValueError("give either 'name' or 'names'")
        return self

    def queries(self) -> list[NameQuery]:
        if self.name is not None:
            return [NameQuery(name=self.name, country=self.country)]
        return [n if isinstance(n, NameQuery) else NameQuery(name=n) for n in self.names or []]


@router.post("/screen", response_model=list[Screened], dependencies=[Depends(require_read)])
async def screen(request: Request, body: ScreenRequest) -> list[dict[str, Any]]:
    """Hits for each name, best first, each with its score, list, alias and why it matched."""

    def screen_all(tb: Techbloc) -> list[dict[str, Any]]:
        results = []
        for query in body.queries():
            hits = tb.screen(query.name, query.country, body.threshold, body.limit)
            results.append(
                {
                    "query": query.name,
                    "country": query.country,
                    "row": None,
                    "hits": [{**dataclasses.asdict(h), "why": explain(h)} for h in hits],
                }
            )
        return results

    return await ask(request, screen_all)


@router.post("/screen/file", response_model=list[Screened], dependencies=[Depends(require_token)])
async def screen_file(
    request: Request,
    file: Annotated[UploadFile, File(description="A CSV file (UTF-8) with a column of names.")],
    column: Annotated[str, Form(description="Column of names.")] = "name",
    country_column: Annotated[str | None, Form(description="Column of countries.")] = None,
    threshold: Annotated[float, Form(ge=0.0, le=1.0)] = DEFAULT_THRESHOLD,
    limit: Annotated[int, Form(ge=1, le=50)] = 5,
) -> list[dict[str, Any]]:
    """Screen a whole CSV file (multipart upload; needs a token; size capped by the server)."""

    def screen_upload(tb: Techbloc) -> list[dict[str, Any]]:
        with saved_upload(file, (".csv",)) as path:
            return tb.screen_csv(path, column, country_column or None, threshold, limit)

    return await ask(request, screen_upload)
