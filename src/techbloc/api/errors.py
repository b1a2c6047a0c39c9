"""One error shape for every failure: ``{"error": {"code", "message", "hint"}}``, mapped from
techbloc's own errors, from request validation and from HTTP errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from techbloc.errors import InvalidArgument, NotFound, NotReady, StoreError, TechblocError

STATUS_CODES = {
    400: "invalid_argument",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "not_ready",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_argument",
    503: "store_unavailable",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    hint: str | None = None


class ErrorResponse(BaseModel):
    """What every failing request returns."""

    error: ErrorBody


class ApiError(Exception):
    """An error raised by the API layer itself (authentication, size limits)."""

    def __init__(self, status: int, message: str, hint: str | None = None,
                 headers: dict[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.status = status
        self.message = message
        self.hint = hint
        self.headers = headers


def error_response(status: int, message: str, hint: str | None = None,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:  # fmt: skip
    code = STATUS_CODES.get(status, "internal" if status >= 500 else "error")
    body = {"error": {"code": code, "message": message, "hint": hint}}
    return JSONResponse(body, status_code=status, headers=dict(headers) if headers else None)


def status_of(exc: TechblocError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, InvalidArgument):
        return 400
    if isinstance(exc, NotReady):  # the request is fine; the store lacks a step (a 409, not a 5xx)
        return 409
    if isinstance(exc, StoreError):
        return 503
    return 400


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for item in errors[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    async def techbloc_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, TechblocError)
        return error_response(status_of(exc), exc.message, exc.hint)

    async def api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, exc.hint, exc.headers)

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(
            422, _validation_message(list(exc.errors())), "see /api/docs for the parameters"
        )

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        hint = "see /api/docs for the endpoints" if exc.status_code in (404, 405) else None
        message = str(exc.detail) if exc.detail else "error"
        return error_response(exc.status_code, message, hint, exc.headers)

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        return error_response(500, "internal error", "the server log has the details")

    app.add_exception_handler(TechblocError, techbloc_error)
    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
