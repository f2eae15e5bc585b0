"""Fitting plan strings into a number of cells: names shortened so that distinct names stay
distinct, and text wrapped at word boundaries. Pure functions; no Textual here.

At 80 columns a cut at the end made names identical: "WFM Data Aggregator Dublin", "... Leeds"
and "... London" all showed as "WFM Data Aggregator …". Names of a group usually share their
start and differ at the end, so a shortened name keeps its last word and gives up its middle.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from rich.cells import cell_len, get_character_cell_size

ELLIPSIS = "…"
# Past this many names shortened in one group, colliding names take the first free form
# instead of the best assignment (a matching costs names x forms for each collision).
MATCH_UP_TO = 64


def _head(text: str, cells: int) -> str:
    """The longest start of `text` that fits in `cells` cells."""
    used = 0
    for index, char in enumerate(text):
        used += get_character_cell_size(char)
        if used > cells:
            return text[:index]
    return text


def _tail(text: str, cells: int) -> str:
    """The longest end of `text` that fits in `cells` cells."""
    used = 0
    for index in range(len(text) - 1, -1, -1):
        used += get_character_cell_size(text[index])
        if used > cells:
            return text[index + 1 :]
    return text


def _form(name: str, tail: int, budget: int) -> str:
    """`name` as head…tail: `tail` cells of its end, the rest of `budget` of its start."""
    return _head(name, budget - tail) + ELLIPSIS + _tail(name, tail)


def _preferred_tail(name: str, budget: int) -> int:
    """How many of `budget` cells the end of a shortened `name` gets: its last word (with the
    space before it), where names of a group differ, but no more than two thirds."""
    most = budget * 2 // 3
    _, space, last = name.rpartition(" ")
    if not space or not last:
        return budget // 2
    return max(1, min(cell_len(space + last), most))


def _tails(name: str, budget: int) -> list[int]:
    """Every split of a shortened `name`, the preferred first, then the nearest to it (more
    of the end before more of the start)."""
    preferred = _preferred_tail(name, budget)
    return sorted(range(budget + 1), key=lambda t: (abs(t - preferred), -t))


def shorten(name: str, width: int) -> str:
    """`name` in at most `width` cells: whole when it fits, else its start and its last word
    around an ellipsis ("WFM Data Agg… Dublin")."""
    if cell_len(name) <= width:
        return name
    if width <= 1:
        return ELLIPSIS[:width]
    budget = width - 1
    return _form(name, _preferred_tail(name, budget), budget)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut at the end: for a kind's title, whose start
    says more than its end ("WFM Data Aggre…")."""
    if cell_len(text) <= width:
        return text
    return _head(text, width - 1) + ELLIPSIS if width >= 1 else ""


def cut_distinct(texts: Iterable[str], width: int) -> dict[str, str]:
    """Each of `texts` cut at the end (as `cut`: a kind's title says more by its start), but
    shortened in the middle (as `shorten_distinct`) where cuts would make two the same: at
    the narrowest, "WFM …" for every WFM kind told them apart no more."""
    unique = list(dict.fromkeys(texts))
    short = {text: cut(text, width) for text in unique}
    cuts = Counter(short.values())
    if len(cuts) == len(unique):
        return short
    clashing = [text for text in unique if cuts[short[text]] > 1]
    short.update(shorten_distinct(clashing, width))
    if len(set(short.values())) < len(unique):
        return shorten_distinct(unique, width)  # a middle form met another's cut: all so
    return short


def shorten_distinct(names: Iterable[str], width: int) -> dict[str, str]:
    """Each of `names` in at most `width` cells, distinct names staying distinct whenever
    some choice of the forms `shorten` uses (whole, or head…tail with any split) tells them
    apart. Each name gets its `shorten` form unless that would be the same as another's."""
    unique = list(dict.fromkeys(names))
    short = {name: shorten(name, width) for name in unique}
    shared: dict[str, list[str]] = {}
    for name, form in short.items():
        shared.setdefault(form, []).append(name)
    if width <= 1 or all(len(group) == 1 for group in shared.values()):
        return short
    budget = width - 1
    fixed = {name for name in unique if cell_len(name) <= width}
    taken = {short[name] for name in fixed}
    movable = [name for name in unique if name not in fixed]
    # Those whose own form is free first: they keep it unless a collision needs it.
    movable.sort(key=lambda name: len(shared[short[name]]) > 1)
    forms = {
        name: list(dict.fromkeys(_form(name, t, budget) for t in _tails(name, budget)))
        for name in movable
    }
    owner = _assign(movable, forms, taken)
    for form, name in owner.items():
        short[name] = form
    return short


def _assign(names: Sequence[str], forms: dict[str, list[str]], taken: set[str]) -> dict[str, str]:
    """A form for as many names as can have one, no form twice, none of `taken` (a maximum
    bipartite matching by augmenting paths; beyond MATCH_UP_TO names, the first free one)."""
    owner: dict[str, str] = {}
    if len(names) > MATCH_UP_TO:
        for name in names:
            free = next((f for f in forms[name] if f not in taken and f not in owner), None)
            if free is not None:
                owner[free] = name
        return owner

    def place(name: str, seen: set[str]) -> bool:
        for form in forms[name]:
            if form in taken or form in seen:
                continue
            seen.add(form)
            holder = owner.get(form)
            if holder is None or place(holder, seen):
                owner[form] = name
                return True
        return False

    for name in names:
        place(name, set())
    return owner


# After these a long word may break: "missing-" / "connection", "corp." / "example".
_BREAK_AFTER = re.compile(r"(?<=[-./_:,])")


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Where to cut `text` into lines of at most `width` cells: (start, end) of each line, the
    spaces at a break left out. Lines break at spaces; a word longer than a line breaks after
    a hyphen (or . / _ : ,) where it can, and only else within a run of letters. A newline
    in `text` always breaks."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split("\n"):
        lines += _wrap_paragraph(paragraph, start, width)
        start += len(paragraph) + 1
    return lines


def _pieces(word: str, start: int, width: int) -> list[tuple[int, int]]:
    """A word as the parts it may break into, none wider than `width`."""
    parts: list[tuple[int, int]] = []
    offset = start
    for chunk in _BREAK_AFTER.split(word):
        while cell_len(chunk) > width:
            head = _head(chunk, width) or chunk[0]
            parts.append((offset, offset + len(head)))
            offset += len(head)
            chunk = chunk[len(head) :]
        if chunk:
            parts.append((offset, offset + len(chunk)))
            offset += len(chunk)
    return parts


def _wrap_paragraph(text: str, start: int, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    line: list[int] = []  # [start, end, cells] of the line being filled; [] before any word
    for match in re.finditer(r"\S+", text):
        word_start = start + match.start()
        size = cell_len(match.group())
        gap = word_start - line[1] if line else 0  # the spaces before the word
        if line and line[2] + gap + size <= width:
            line[1], line[2] = word_start + len(match.group()), line[2] + gap + size
            continue
        pieces = [(word_start, word_start + len(match.group()))]
        if size > width:
            pieces = _pieces(match.group(), word_start, width)
        for piece_start, piece_end in pieces:
            cells = cell_len(text[piece_start - start : piece_end - start])
            gap = piece_start - line[1] if line else 0
            if line and size > width and line[2] + gap + cells <= width:
                line[1], line[2] = piece_end, line[2] + gap + cells
                continue
            if line:
                lines.append((line[0], line[1]))
            line = [piece_start, piece_end, cells]
    if line:
        lines.append((line[0], line[1]))
    elif not lines:
        lines.append((start, start))  # an empty paragraph is an empty line
    return lines


def wrap_words(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` cells (see `wrap_offsets`)."""
    return [text[start:end] for start, end in wrap_offsets(text, width)]
