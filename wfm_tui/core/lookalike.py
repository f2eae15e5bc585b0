"""Names that look alike: the confusable skeletons of Unicode TR39 (UTS #39, section 4).

Two names are confusable when they have the same skeleton: each name in NFD, every character
replaced by the prototype of the characters it can be mistaken for ("А", CYRILLIC CAPITAL
LETTER A, and "A" share one), NFD again. Default-ignorable code points (variation selectors,
Hangul fillers, the format characters names refuse anyway) are dropped first, so that an
invisible character cannot tell two names apart either.

The confusables data is Unicode's confusables.txt as the confusable_homoglyphs package ships it
(a maintained, pure-Python package): it lists each pair both ways, so the skeleton maps every
character to one fixed member of its class of look-alikes, which gives equal skeletons exactly
where the prototypes of confusables.txt are equal. The data (about 1 MB of JSON) is read on the
first non-ASCII name only: `_ASCII` is its ASCII part (tests check it against the package), so
that a plan of ASCII names, the common case, never pays for reading it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Code, Finding
from wfm_tui.core.names import quote
from wfm_tui.core.plan import Plan

# What the data maps printable ASCII characters to (ASCII names need nothing more).
_ASCII_SKELETON = {
    '"': "''",
    "%": "º/₀",
    "I": "1",
    "O": "0",
    "`": "'",
    "l": "1",
    "m": "rn",
    "|": "1",
}
_ASCII = str.maketrans(_ASCII_SKELETON)
# The same for many names at once, as bytes: C-speed replace and translate over all of them.
_ASCII_LONGER = [(a.encode(), b.encode()) for a, b in _ASCII_SKELETON.items() if len(b) > 1]
_ASCII_BYTES = bytes.maketrans(
    "".join(a for a, b in _ASCII_SKELETON.items() if len(b) == 1).encode(),
    "".join(b for b in _ASCII_SKELETON.values() if len(b) == 1).encode(),
)

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 16).
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# The package's file shows right-to-left characters between left-to-right marks.
_LRM = "\u200e"


def skeleton(name: str) -> str:
    """The name's confusable skeleton: two names that look alike have the same one."""
    if name.isascii():
        return name.translate(_ASCII)
    return _skeleton(name)


@lru_cache(maxsize=16384)
def _skeleton(name: str) -> str:
    table = _table()
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).translate(table))


class _Prototypes(dict[int, str | None]):
    """ord(character) -> its skeleton (None: dropped), worked out on first use of each."""

    def __init__(self, neighbours: dict[str, list[str]]) -> None:
        super().__init__()
        self.neighbours = neighbours

    def __missing__(self, code: int) -> str | None:
        value = self._prototype(chr(code), code)
        self[code] = value
        return value

    def _prototype(self, char: str, code: int) -> str | None:
        if any(low <= code <= high for low, high in _IGNORABLE_RANGES):
            return None
        near = self.neighbours.get(char)
        if not near:
            return char
        # A character mapped to a sequence ("m" looks like "rn"): that sequence, itself mapped.
        if len(near) == 1 and len(near[0]) > 1:
            return "".join(self[ord(c)] or "" for c in near[0])
        # Otherwise its class: a prototype and the characters mapped to it, two steps away at
        # most whichever of the two `char` is. Its smallest member stands for it.
        members = {char, *near}
        for other in near:
            members.update(self.neighbours.get(other, ()))
        return min(m for m in members if len(m) == 1)


@cache
def _table() -> _Prototypes:
    # Package data read like a module: not a plan file, not a path the user gave.
    data = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    pairs: dict[str, list[dict[str, str]]] = json.loads(data)
    return _Prototypes(
        {
            key.strip(_LRM): [entry["c"].strip(_LRM) for entry in value]
            for key, value in pairs.items()
        }
    )


def look_alikes(names: Iterable[str]) -> list[list[str]]:
    """Groups of two or more names (in the order given, each once) that share a skeleton."""
    listed = list(dict.fromkeys(names))
    in_ascii = _ascii_skeletons(listed)
    skeletons: Sequence[str | bytes] = (
        [skeleton(name) for name in listed] if in_ascii is None else in_ascii
    )
    if len(set(skeletons)) == len(listed):
        return []  # the common case: no two alike, found without building the groups
    by_skeleton: dict[str | bytes, list[str]] = {}
    for name, key in zip(listed, skeletons, strict=True):
        by_skeleton.setdefault(key, []).append(name)
    return [group for group in by_skeleton.values() if len(group) > 1]


def _ascii_skeletons(names: list[str]) -> list[bytes] | None:
    """The skeletons of names that are all ASCII, in one pass over them all (UTF-8 encoded);
    None when one is not. Names hold no line feed, so one separates them."""
    joined = "\n".join(names)
    if not joined.isascii():
        return None
    data = joined.encode()
    for source, target in _ASCII_LONGER:
        data = data.replace(source, target)
    return data.translate(_ASCII_BYTES).split(b"\n") if names else []


def look_alike_findings(plan: Plan, catalog: Catalog) -> list[Finding]:
    """A warning for each app name, and each site name, that looks like an earlier one."""
    findings = []
    apps = plan.apps
    for first, *others in look_alikes(apps):
        for name in others:
            findings.append(
                Finding(
                    Code.LOOK_ALIKE_NAMES,
                    f"{_who(name, catalog, plan)} looks like {_who(first, catalog, plan)}: "
                    f"the names differ only in characters that look alike ({_apart(name, first)})",
                    app=name,
                    target=first,
                )
            )
    sites = {app.site for app in apps.values() if app.site is not None}
    groups = look_alikes(sorted(sites)) if len(sites) > 1 else []
    if not groups:
        return findings
    first_app_of: dict[str, str] = {}
    for name, app in apps.items():
        if app.site is not None:
            first_app_of.setdefault(app.site, name)
    groups = look_alikes(first_app_of)  # in plan order: the later site is the one warned of
    for first, *others in groups:
        for site in others:
            # About the first app of that site; no target: the finding is placed at its site.
            name = first_app_of[site]
            findings.append(
                Finding(
                    Code.LOOK_ALIKE_NAMES,
                    f"site {quote(site)} of {_who(name, catalog, plan)} looks like site "
                    f"{quote(first)}: the names differ only in characters that look alike "
                    f"({_apart(site, first)})",
                    app=name,
                )
            )
    return findings


def _who(name: str, catalog: Catalog, plan: Plan) -> str:
    return f"{catalog.kind_title(plan.apps[name].kind)} {quote(name)}"


def _apart(name: str, other: str) -> str:
    """The characters that set `name` apart from `other` (or else `other` from `name`), each
    as U+XXXX and its Unicode name: on screen the two names look the same."""
    extra = [c for c in dict.fromkeys(name) if c not in other] or [
        c for c in dict.fromkeys(other) if c not in name
    ]
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in extra[:3])
