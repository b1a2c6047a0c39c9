"""One regular expression for many terms: the terms' common prefixes are shared (a trie written as
nested groups), so the engine walks each position once instead of trying every term in turn, and at
each position the longest term is tried first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Trie = dict[str, "Trie | str"]
_END = ""  # key of a node's end-of-term marker; its value is the term's tail pattern


def trie_pattern(words: Iterable[tuple[Sequence[str], str]]) -> str:
    """A pattern matching any of ``words``. Each word is its atoms (regex pieces, usually one
    escaped character each) and a tail pattern checked after it (a word-boundary lookahead)."""
    root: Trie = {}
    for atoms, tail in words:
        node = root
        for atom in atoms:
            child = node.setdefault(atom, {})
            assert isinstance(child, dict)
            node = child
        node[_END] = tail
    return _emit(root)


def _emit(node: Trie) -> str:
    branches = []
    for atom in sorted(k for k in node if k != _END):
        child = node[atom]
        assert isinstance(child, dict)
        branches.append(atom + _emit(child))
    tail = node.get(_END)
    if not branches:
        return str(tail or "")
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if tail is None:
        return body
    if tail == "":
        return f"(?:{body})?"
    return f"(?:{body}|{tail})"
