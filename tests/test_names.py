"""Names and free text: the rules, their two implementations agreeing, and safe quoting."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from wfm_tui.core.names import (
    host_problem,
    name_problem,
    natural_key,
    printable,
    quote,
    suggested_name,
    text_problem,
)
from wfm_tui.core.plan import Host, Name, Text

NAME = TypeAdapter(Name)
TEXT = TypeAdapter(Text)
HOST = TypeAdapter(Host)


def accepted(adapter: TypeAdapter, value: str) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("WFM Server London", None),
        ("[b]x[/b]", None),
        ("é 東京", None),
        ("", "must not be empty"),
        (" x", "must not start or end with white space"),
        ("x\u00a0", "must not start or end with white space"),
        ("a\tb", "must not contain control characters (found \\x09)"),
        ("a\x85b", "must not contain control characters (found \\x85)"),
        ("a\x7fb", "must not contain control characters (found \\x7f)"),
        ("a\u202eb", "must not contain direction-changing characters (found \\u202e)"),
        ("a\u200fb", "must not contain direction-changing characters (found \\u200f)"),
        ("a\u061cb", "must not contain direction-changing characters (found \\u061c)"),
        ("a\u2028b", "must not contain line or paragraph separators (found \\u2028)"),
        ("WFM\u200bDAP", "must not contain invisible formatting characters (found \\u200b)"),
        ("a\U000e0041", "must not contain invisible formatting characters (found \\U000e0041)"),
        ("x" * 256, "must be at most 255 characters (has 256)"),
    ],
)
def test_name_rules(value: str, problem: str | None) -> None:
    assert name_problem(value) == problem
    assert accepted(NAME, value) == (problem is None)


# What no string of a plan may hold: controls, separators, bidi controls, format characters.
REFUSED_EVERYWHERE = [
    "\x00",
    "\x1b",
    "\r",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    *"\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    *"\u00ad\u200b\u200c\u200d\u2060\u2064\ufeff\u180e\u0600",
    "\U000e0001",
    "\U000e0041",
    "\U0001d173",
]


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE, ids=lambda c: f"U+{ord(c):04X}")
def test_every_string_field_refuses_what_names_refuse(char: str) -> None:
    value = f"h{char}x"
    assert name_problem(value) is not None
    assert text_problem(value) is not None
    assert host_problem(value) is not None
    for adapter in (NAME, TEXT, HOST):
        assert not accepted(adapter, value)


def test_every_format_character_is_refused() -> None:
    """The table of format characters covers every one this Python's Unicode knows (the
    table is written for the Rust regex too, which has its own Unicode version)."""
    formats = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert len(formats) > 150
    refused = [c for c in formats if name_problem(f"a{c}b") is not None]
    assert refused == formats
    assert all(not accepted(NAME, f"a{c}b") for c in formats)
    assert all(text_problem(f"a{c}b") is not None for c in formats)


def test_text_allows_line_feeds_and_tabs_only() -> None:
    assert text_problem("line 1\n\tline 2") is None
    assert accepted(TEXT, "line 1\n\tline 2")
    assert text_problem("a\rb") is not None
    assert text_problem("a\x1b[31m") is not None
    assert host_problem("h\tx") is not None


settings_ = settings(max_examples=500, deadline=None)


@settings_
@given(st.text(max_size=300))
def test_name_pattern_agrees_with_name_problem(value: str) -> None:
    assert accepted(NAME, value) == (name_problem(value) is None)


@settings_
@given(st.text(max_size=50))
def test_text_pattern_agrees_with_text_problem(value: str) -> None:
    assert accepted(TEXT, value) == (text_problem(value) is None)


@settings_
@given(st.text(max_size=30))
def test_host_pattern_agrees_with_host_problem(value: str) -> None:
    assert accepted(HOST, value) == (host_problem(value) is None)


@given(st.text())
def test_printable_leaves_nothing_a_terminal_acts_on(value: str) -> None:
    shown = printable(value)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    # Nothing invisible either: two strings that differ print differently.
    assert not any(unicodedata.category(c) in ("Cf", "Zl", "Zp") for c in shown)


def test_quote_escapes_quotes_and_controls() -> None:
    assert quote('a"b\\c\x1b[0m') == '"a\\"b\\\\c\\x1b[0m"'


def test_natural_order_takes_numbers_by_value_and_ignores_case() -> None:
    names = ["Site 10", "site 9", "Site 2", "Site 1b", "Site 1a", "Site", "Builder 100", "b 2"]
    assert sorted(names, key=natural_key) == [
        "b 2",
        "Builder 100",
        "Site",
        "Site 1a",
        "Site 1b",
        "Site 2",
        "site 9",
        "Site 10",
    ]


@given(st.lists(st.text(max_size=12)))
def test_natural_order_sorts_any_names(names: list[str]) -> None:
    ordered = sorted(names, key=natural_key)  # never compares a number with text
    assert sorted(ordered, key=natural_key) == ordered
    assert sorted(ordered) == sorted(names)


@pytest.mark.parametrize(
    ("site", "taken", "expected"),
    [
        ("Leeds", set(), "WFM Builder Leeds"),
        ("Leeds", {"WFM Builder Leeds"}, "WFM Builder Leeds 2"),
        ("Leeds", {"WFM Builder Leeds", "WFM Builder Leeds 2"}, "WFM Builder Leeds 3"),
        (None, {"WFM Builder"}, "WFM Builder 2"),
        ("", set(), "WFM Builder"),
        # Title and site together would be too long a name: the title alone.
        ("L" * 250, set(), "WFM Builder"),
        # The site's own problem (its field shows it) does not make the name bad.
        (" Leeds ", set(), "WFM Builder Leeds"),
        ("Le\x00eds", set(), "WFM Builder"),
    ],
)
def test_suggested_name_is_free_and_valid(site: str | None, taken: set[str], expected: str) -> None:
    name = suggested_name("WFM Builder", site, taken)
    assert name == expected
    assert name_problem(name) is None


def test_suggested_name_compares_in_nfc() -> None:
    taken = {unicodedata.normalize("NFC", "WFM Server Zürich")}
    decomposed = unicodedata.normalize("NFD", "Zürich")
    assert suggested_name("WFM Server", decomposed, taken).endswith(" 2")
