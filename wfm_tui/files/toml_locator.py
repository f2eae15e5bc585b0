"""Where keys and tables are in a TOML text: the line and column of a key path.

tomli gives values, not positions; schema errors (a typo key, a wrong type) need the line of the
key at fault. This scans an already-parsed (so valid) document once, as a stream of tokens,
recording where each table header, key, inline-table key and array element starts. Asked for
some paths only, it records those, skips the arrays and inline tables that hold none of them
with one regular expression, and stops once it has them all: a 16 MiB file of two million list
entries is placed in a fraction of the time and memory a token per entry would take.

A little over 400 lines: the scanner's states share its position and its stack of tables, and
read best as one piece.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

Path = tuple[str | int, ...]

# Strings are matched as unrolled loops (a run of plain characters, then an escape, ...): a
# megabyte-long string then costs no backtracking stack.
_ML_BASIC = r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""(?:"{1,2})?'
_ML_LITERAL = r"'''[\s\S]*?'''(?:'{1,2})?"
_BASIC = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_LITERAL = r"'[^'\n]*'"
_TOKEN = re.compile(
    rf"""
    (?P<ws>[ \t\r]+)
  | (?P<nl>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<mlbasic>{_ML_BASIC})
  | (?P<mlliteral>{_ML_LITERAL})
  | (?P<basic>{_BASIC})
  | (?P<literal>{_LITERAL})
  | (?P<punct>[\[\]{{}}=,.])
  | (?P<bare>[^\s\[\]{{}}=,.\#"']+)
    """,
    re.VERBOSE | re.DOTALL,
)
# Everything up to the next bracket or brace outside strings and comments: what a skipped array
# or inline table holds between its brackets. Atomic groups, so that a long run never backtracks.
_FLAT = re.compile(
    rf"""(?:[^\[\]{{}}"'\#]++|(?>{_ML_BASIC})|(?>{_ML_LITERAL})|(?>{_BASIC})|(?>{_LITERAL})|\#[^\n]*+)*+""",
    re.DOTALL,
)
# One plain element of an array, from just after "[" or ",": space, line feeds and comments,
# a string or other scalar, then what follows it (the comma or the closing bracket).
_SPACE = r"(?:[ \t\r\n]++|\#[^\n]*+)*+"
_SCALAR = rf"""(?>{_BASIC})|(?>{_LITERAL})|[^\s,\[\]{{}}\#"']++"""
_SCALAR_ELEMENT = re.compile(rf"{_SPACE}(?P<value>{_SCALAR}){_SPACE}(?P<end>[,\]])")


@lru_cache(maxsize=128)
def _scalar_run(count: int) -> re.Pattern[str]:
    """`count` plain elements of an array, each with its comma."""
    return re.compile(rf"(?:{_SPACE}(?:{_SCALAR}){_SPACE},){{{count}}}")


_STRING_OR_COMMENT = re.compile(
    rf"(?>{_ML_BASIC})|(?>{_ML_LITERAL})|(?>{_BASIC})|(?>{_LITERAL})|(?P<comment>\#)", re.DOTALL
)
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",
}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)")


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(one, body)


def _key_text(kind: str, text: str) -> str:
    if kind == "basic":
        return _unescape(text[1:-1])
    if kind == "literal":
        return text[1:-1]
    return text


class _Token(NamedTuple):
    kind: str
    text: str
    line: int
    column: int


_KEY_KINDS = frozenset({"bare", "basic", "literal"})


@dataclass
class _Frame:
    """An open array or inline table while scanning a value."""

    bracket: str
    path: Path
    index: int = 0
    expect_key: bool = True
    element_started: bool = False


@dataclass
class Locations:
    """Key paths of a TOML document mapped to (line, column), both 1-based."""

    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    has_comments: bool = False

    def find(self, path: Path) -> tuple[int, int] | None:
        """Where `path` is defined, or else its nearest enclosing key or table."""
        path = tuple(path)
        while path:
            found = self.positions.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return None


def has_comments(text: str) -> bool:
    """Whether `text` (valid TOML) has a comment: a # outside every string."""
    if "#" not in text:
        return False
    return any(match.lastgroup == "comment" for match in _STRING_OR_COMMENT.finditer(text))


class _Stream:
    """The tokens of a text, white space and comments left out, with one step of look-ahead
    and a fast way past the rest of an array or inline table."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self._back: list[_Token] = []
        self.has_comments = False

    def _moved(self, start: int, end: int) -> None:
        """Keeps the line count while the position moves from `start` to `end`."""
        newlines = self.text.count("\n", start, end)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", start, end) + 1
        self.pos = end

    def take(self) -> _Token | None:
        if self._back:
            return self._back.pop()
        text, size = self.text, len(self.text)
        while self.pos < size:
            start = self.pos
            match = _TOKEN.match(text, start)
            if match is None:  # not valid TOML: step over the character
                self._moved(start, start + 1)
                continue
            kind = match.lastgroup or "bare"
            token = _Token(kind, match.group(), self.line, start - self.line_start + 1)
            self._moved(start, match.end())
            if kind == "comment":
                self.has_comments = True
            elif kind != "ws":
                return token
        return None

    def scalar_element(self) -> tuple[_Token, str] | None:
        """An array's next element when it is a plain scalar: its first character as a token,
        and the "," or "]" after it, taken too. One match instead of three tokens: a long list
        of names is walked quickly. None (nothing taken) for anything else."""
        if self._back:
            return None
        text, start = self.text, self.pos
        match = _SCALAR_ELEMENT.match(text, start)
        if match is None:
            return None
        value = match.start("value")
        if not self.has_comments and text.find("#", start, match.end()) >= 0:
            before, after = text.find("#", start, value), text.find("#", match.end("value"))
            self.has_comments = before >= 0 or 0 <= after < match.end()
        self._moved(start, value)
        token = _Token("scalar", match.group("value"), self.line, value - self.line_start + 1)
        self._moved(value, match.end())
        return token, match.group("end")

    def skip_scalars(self, count: int) -> int:
        """Past the next `count` elements of an array if all are plain scalars followed by a
        comma: one match for a run of elements no one asked about. Returns how many it
        skipped (`count` or 0)."""
        if self._back or count <= 0:
            return 0
        text, start = self.text, self.pos
        match = _scalar_run(min(count, 100)).match(text, start)
        if match is None:
            return 0
        if not self.has_comments and text.find("#", start, match.end()) >= 0:
            self.has_comments = has_comments(text[start : match.end()])
        self._moved(start, match.end())
        return min(count, 100)

    def put_back(self, token: _Token | None) -> None:
        if token is not None:
            self._back.append(token)

    def skip_open(self, depth: int = 1) -> None:
        """Past the bracket that closes the `depth` arrays or inline tables open here."""
        text, size = self.text, len(self.text)
        if self._back:  # a looked-ahead token is part of what is skipped
            token = self._back.pop()
            if token.kind == "punct" and token.text in "[{]}":
                depth += 1 if token.text in "[{" else -1
        while depth > 0 and self.pos < size:
            flat = _FLAT.match(text, self.pos)
            assert flat is not None  # it matches the empty string: there is always a match
            end = flat.end()
            if not self.has_comments and text.find("#", self.pos, end) >= 0:
                self.has_comments = has_comments(text[self.pos : end])
            self._moved(self.pos, end)
            if end < size:
                depth += 1 if text[end] in "[{" else -1
                self._moved(end, end + 1)

    def read_key(self, first: _Token) -> Path:
        """The dotted key that starts with `first` (a key token); leaves what follows it."""
        parts: list[str | int] = [_key_text(first.kind, first.text)]
        while True:
            dot = self.take()
            if dot is None or dot.text != "." or dot.kind != "punct":
                self.put_back(dot)
                return tuple(parts)
            part = self.take()
            if part is None or part.kind not in _KEY_KINDS:
                self.put_back(part)
                return tuple(parts)
            parts.append(_key_text(part.kind, part.text))


class _Wanted:
    """The paths a scan records: those asked for and every path enclosing them. Knows which
    are still missing and, per array, the last element index asked for."""

    def __init__(self, wanted: Iterable[Path] | None) -> None:
        self.all = wanted is None
        asked = set(wanted or ())
        self.missing = set(asked)
        self.keep = {path[:end] for path in asked for end in range(1, len(path) + 1)}
        indexes: dict[Path, set[int]] = {}
        for path in asked:
            for end in range(1, len(path)):
                if isinstance(index := path[end], int):
                    indexes.setdefault(path[:end], set()).add(index)
        self.indexes = {array: sorted(found) for array, found in indexes.items()}

    def __contains__(self, path: Path) -> bool:
        return self.all or path in self.keep

    @property
    def complete(self) -> bool:
        return not self.all and not self.missing

    def more_after(self, array: Path, index: int) -> bool:
        """Whether an element after `index` of `array` is asked for."""
        return self.all or self.indexes.get(array, [-1])[-1] > index

    def gap(self, array: Path, index: int) -> int:
        """How many elements of `array` from `index` on come before the next one asked for
        (or before one that holds a path asked for)."""
        if self.all:
            return 0
        wanted = self.indexes.get(array, ())
        at = bisect_left(wanted, index)
        return wanted[at] - index if at < len(wanted) else 0


def locate(text: str, wanted: Iterable[Path] | None = None) -> Locations:
    """Where each key, table and array element of `text` (a valid TOML document) starts.

    A table or key also places the tables it implies: `[apps.a.b]` and `apps.a.kind = ...`
    place `apps.a` where they are, so that a problem with `apps.a` has a line even though no
    header names it. With `wanted`, only those paths (and the ones enclosing them) are
    recorded, and the scan ends when it has them all: `has_comments` is then not to be relied
    on (see `has_comments(text)`).
    """
    result = Locations()
    positions = result.positions
    paths = _Wanted(wanted)

    def record(path: Path, token: _Token, implied_from: int) -> None:
        # The path itself and the tables it implies, from length `implied_from` on.
        for end in range(max(implied_from, 1), len(path) + 1):
            prefix = path[:end]
            if prefix in paths and prefix not in positions:
                positions[prefix] = (token.line, token.column)
                paths.missing.discard(prefix)

    stream = _Stream(text)
    table: Path = ()
    array_tables: dict[Path, int] = {}
    while not paths.complete and (token := stream.take()) is not None:
        if token.kind == "nl":
            continue
        if token.text == "[" and token.kind == "punct":
            after = stream.take()
            array_table = after is not None and after.text == "["
            if not array_table:
                stream.put_back(after)
            first = stream.take()
            if first is None or first.kind not in _KEY_KINDS:
                continue
            key = stream.read_key(first)
            record(key, token, 1)
            if array_table:
                # Each [[x]] is the next element of the array x.
                index = array_tables.get(key, -1) + 1
                array_tables[key] = index
                key = (*key, index)
                record(key, token, len(key))
            table = key
            continue
        if token.kind not in _KEY_KINDS:
            continue
        path = table + stream.read_key(token)
        record(path, token, len(table) + 1)
        stream.take()  # "="
        _scan_value(stream, path, record, paths)
    result.has_comments = stream.has_comments
    return result


def _scan_value(
    stream: _Stream,
    path: Path,
    record: Callable[[Path, _Token, int], None],
    paths: _Wanted,
) -> None:
    """Reads one value, recording the keys of its inline tables and its array elements; it
    ends at the line feed that leaves every bracket closed. An array or inline table that holds
    nothing asked for, or no more of it, is skipped in one step."""
    stack: list[_Frame] = []
    current = path
    while True:
        if stack and stack[-1].bracket == "[" and not stack[-1].element_started:
            frame = stack[-1]
            frame.index += stream.skip_scalars(paths.gap(frame.path, frame.index))
            element = stream.scalar_element()
            if element is not None:
                frame = stack[-1]
                first, end = element
                record((*frame.path, frame.index), first, len(frame.path) + 1)
                if end == "]":
                    stack.pop()
                elif paths.more_after(frame.path, frame.index):
                    frame.index += 1
                else:
                    stream.skip_open()
                    stack.pop()
                continue
        token = stream.take()
        if token is None:
            return
        if token.kind == "nl" and not stack:
            return
        if stack and stack[-1].bracket == "{" and stack[-1].expect_key:
            frame = stack[-1]
            if token.text == "}" and token.kind == "punct":
                stack.pop()
            elif token.kind in _KEY_KINDS:
                current = frame.path + stream.read_key(token)
                record(current, token, len(frame.path) + 1)
                frame.expect_key = False
                stream.take()  # "="
            continue
        if token.kind == "punct" and token.text in "[{":
            if stack and stack[-1].bracket == "[":
                frame = stack[-1]
                current = (*frame.path, frame.index)
                record(current, token, len(current))
                frame.element_started = True
            if current not in paths:
                stream.skip_open()
                continue
            stack.append(_Frame(token.text, current, expect_key=token.text == "{"))
        elif token.kind == "punct" and token.text in "]}":
            if stack:
                stack.pop()
        elif token.text == "," and token.kind == "punct":
            if stack:
                frame = stack[-1]
                if frame.bracket == "[":
                    if not paths.more_after(frame.path, frame.index):
                        stream.skip_open()
                        stack.pop()
                        continue
                    frame.index += 1
                    frame.element_started = False
                else:
                    frame.expect_key = True
        elif token.kind != "nl" and stack and stack[-1].bracket == "[":
            frame = stack[-1]
            if not frame.element_started:
                record((*frame.path, frame.index), token, len(frame.path) + 1)
                frame.element_started = True
