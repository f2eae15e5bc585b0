"""Where keys and tables are in a TOML text: the line and column of a key path.

tomli gives values, not positions; schema errors (a typo key, a wrong type) need the line of the
key at fault. This scans an already-parsed (so valid) document's tokens once, recording where each
table header, key, inline-table key and array element starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Path = tuple[str | int, ...]
# The first-line comment that names a plan's JSON Schema for taplo / Even Better TOML.
SCHEMA_DIRECTIVE = "#:schema "

# Strings are matched as unrolled loops (a run of plain characters, then an escape, ...): a
# megabyte-long string then costs no backtracking stack.
_TOKEN = re.compile(
    r'''
    (?P<ws>[ \t\r]+)
  | (?P<nl>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<mlbasic>"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""(?:"{1,2})?)
  | (?P<mlliteral>\'\'\'[\s\S]*?\'\'\'(?:\'{1,2})?)
  | (?P<basic>"[^"\\\n]*(?:\\.[^"\\\n]*)*")
  | (?P<literal>'[^'\n]*')
  | (?P<punct>[\[\]{}=,.])
  | (?P<bare>[^\s\[\]{}=,.\#"']+)
    ''',
    re.VERBOSE | re.DOTALL,
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


@dataclass
class _Token:
    kind: str
    text: str
    line: int
    column: int


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


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    line, line_start = 1, 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "bare"
        value = match.group()
        if kind != "ws":
            tokens.append(_Token(kind, value, line, match.start() - line_start + 1))
        newlines = value.count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + value.rfind("\n") + 1
    return tokens


def locate(text: str) -> Locations:
    result = Locations()
    positions = result.positions
    tokens = _tokens(text)
    table: Path = ()
    stack: list[_Frame] = []
    i, count = 0, len(tokens)

    def read_key(start: int) -> tuple[Path, int]:
        """A dotted key starting at tokens[start]; returns it and the index after it."""
        parts: list[str] = []
        j = start
        while j < count:
            token = tokens[j]
            if token.kind in ("bare", "basic", "literal"):
                parts.append(_key_text(token.kind, token.text))
                j += 1
                if j < count and tokens[j].text == ".":
                    j += 1
                    continue
            break
        return tuple(parts), j

    while i < count:
        token = tokens[i]
        if token.kind == "comment":
            # A first-line `#:schema` directive is kept by the writer: not a comment it drops.
            if (token.line, token.column) != (1, 1) or not token.text.startswith(SCHEMA_DIRECTIVE):
                result.has_comments = True
            i += 1
            continue
        if token.kind == "nl":
            i += 1
            continue
        if not stack:
            if token.text == "[":
                array_table = i + 1 < count and tokens[i + 1].text == "["
                key, j = read_key(i + (2 if array_table else 1))
                table = key
                positions.setdefault(table, (token.line, token.column))
                i = j + (2 if array_table else 1)
                continue
            key, j = read_key(i)
            if not key:
                i += 1
                continue
            path = table + key
            positions.setdefault(path, (token.line, token.column))
            i = j + 1  # past "="
            stack_path = path
            # Scan the value; it ends at the newline that leaves every bracket closed.
            while i < count:
                token = tokens[i]
                if token.kind == "comment":
                    result.has_comments = True
                elif token.kind == "nl" and not stack:
                    break
                elif stack and stack[-1].bracket == "{" and stack[-1].expect_key:
                    if token.text == "}":
                        stack.pop()
                    elif token.kind != "nl":
                        key, j = read_key(i)
                        frame = stack[-1]
                        inner = frame.path + key
                        positions.setdefault(inner, (token.line, token.column))
                        frame.expect_key = False
                        i = j + 1
                        stack_path = inner
                        continue
                elif token.text in "[{" and token.kind == "punct":
                    if stack and stack[-1].bracket == "[":
                        frame = stack[-1]
                        element = (*frame.path, frame.index)
                        positions.setdefault(element, (token.line, token.column))
                        frame.element_started = True
                        stack_path = element
                    stack.append(_Frame(token.text, stack_path, expect_key=token.text == "{"))
                elif token.text in "]}" and token.kind == "punct":
                    stack.pop()
                elif token.text == ",":
                    frame = stack[-1]
                    if frame.bracket == "[":
                        frame.index += 1
                        frame.element_started = False
                    else:
                        frame.expect_key = True
                elif token.kind != "nl" and stack and stack[-1].bracket == "[":
                    frame = stack[-1]
                    if not frame.element_started:
                        positions.setdefault((*frame.path, frame.index), (token.line, token.column))
                        frame.element_started = True
                i += 1
            continue
        i += 1
    return result
