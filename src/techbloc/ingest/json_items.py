"""Reading the items of a JSON array one at a time, so that one broken item loses only itself.

``json.loads`` of a whole file gives all or nothing: a file cut off in its last item, or with one
damaged item in the middle, would lose every item. :func:`array_items` reads the array item by
item: an item that does not parse is skipped to its end (found by counting brackets outside
strings, so a damaged item inside well-formed ones costs that item alone) and reported as a
:class:`Broken` with its line and column; a file that ends inside an item reports the item and
stops. Nesting deeper than Python's recursion allows is reported the same way, never raised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Item:
    """An item (1-based position in the array), its value, and its text as the file has it."""

    index: int
    value: Any
    text: str


@dataclass(frozen=True)
class Broken:
    """An item (1-based position in the array) that cannot be read, where and why; ``text`` is
    the item's text as the file has it."""

    index: int
    reason: str
    text: str


class NotAnArray(ValueError):
    """The text holds no array where one was expected (the reason says what it holds)."""


def loads(text: str, *, text_only: bool = True) -> Any:
    """``json.loads``, with nesting too deep for the parser, and (``text_only``) escapes that are
    no character, as a ValueError like any bad JSON."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply to read") from None
    problem = not_text(value) if text_only else None
    if problem:
        raise ValueError(problem)
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def not_text(value: Any) -> str | None:
    """Why a decoded JSON or YAML value holds something that is no text, or None. Both let a
    string escape half of a UTF-16 pair alone (``"\\ud800"``): Python decodes it to a lone
    surrogate, which no UTF-8 file or database column can hold (a cut-off ``\\ud800\\udc00``
    in a damaged file is enough)."""
    pending = [value]
    while pending:  # no recursion: the value may be nested as deep as the parser allowed
        item = pending.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                return f"a \\u{ord(found.group()):04x} escape that is no character (half of a pair)"
        elif isinstance(item, dict):
            pending += item.keys()
            pending += item.values()
        elif isinstance(item, list):
            pending += item
    return None


def where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _skip(text: str, pos: int) -> int:
    end = _SPACE.match(text, pos)
    return end.end() if end else pos


def top_level_array(text: str, key: str) -> int:
    """Where the items start: after the '[' of a top-level array, or of the array under ``key``
    of a top-level object. Raises :class:`NotAnArray` otherwise."""
    pos = _skip(text, 0)
    if text.startswith("[", pos):
        return pos + 1
    if not text.startswith("{", pos):
        raise NotAnArray(f"expected a list of {key} (or an object with '{key}')")
    pos = _skip(text, pos + 1)
    while pos < len(text) and text[pos] != "}":
        try:
            name, pos = _DECODER.raw_decode(text, pos)
            pos = _skip(text, pos)
            if not text.startswith(":", pos):
                raise ValueError(f"expected ':' at {where(text, pos)}")
            pos = _skip(text, pos + 1)
            if name == key:
                if not text.startswith("[", pos):
                    raise NotAnArray(f"expected a list of {key}: '{key}' is not a list")
                return pos + 1
            _, pos = _DECODER.raw_decode(text, pos)
        except (ValueError, RecursionError) as exc:
            if isinstance(exc, NotAnArray):
                raise
            raise NotAnArray(f"not valid JSON before '{key}' ({where(text, pos)})") from None
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
    raise NotAnArray(f"expected a list of {key} (or an object with '{key}')")


def array_items(text: str, start: int) -> Iterator[Item | Broken]:
    """The items of the array whose first item begins at ``start`` (see the module docstring)."""
    pos = _skip(text, start)
    index = 0
    if text.startswith("]", pos):
        return
    while True:
        index += 1
        if pos >= len(text):
            yield Broken(index, f"the file ends where item {index} should be (truncated?)", "")
            return
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except (ValueError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            stop = _item_end(text, pos)
            if stop is None:
                yield Broken(index, f"the file ends inside item {index} ({where(text, pos)}: "
                             "truncated?)", text[pos:])  # fmt: skip
                return
            yield Broken(index, f"not valid JSON: {reason} (item at {where(text, pos)})",
                         text[pos:stop])  # fmt: skip
            end = stop
        else:
            # surrogates in the raw text are bytes that were not UTF-8 (the callers report
            # them as such); only an escape in valid text is refused here
            problem = None if _SURROGATE.search(text[pos:end]) else not_text(value)
            if problem:
                yield Broken(index, f"{problem} (item at {where(text, pos)})", text[pos:end])
            else:
                yield Item(index, value, text[pos:end])
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif text.startswith("]", pos):
            return
        elif pos >= len(text):
            yield Broken(index + 1, f"the file ends after item {index} (truncated?)", "")
            return
        else:
            index += 1
            stop = _item_end(text, pos)
            yield Broken(index, f"expected ',' or ']' before item {index} ({where(text, pos)})",
                         text[pos:stop])  # fmt: skip
            if stop is None:
                return
            pos = _skip(text, stop)
            if text.startswith("]", pos):
                return
            pos = _skip(text, pos + 1)  # after the ',' that ends the junk


def _item_end(text: str, pos: int) -> int | None:
    """Where the item starting at ``pos`` ends: at the ',' or ']' that closes it on its own
    level (brackets counted outside strings, a stray '}' skipped); None when the text ends
    first."""
    depth = 0
    in_string = False
    i = pos
    while i < len(text):
        char = text[i]
        if in_string:
            if char == "\\":
                i += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}" and depth > 0:
            depth -= 1
        elif char == "]" or (char == "," and depth == 0):
            return i
        i += 1
    return None
