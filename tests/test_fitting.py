"""Names shortened to a width stay distinct; text wraps at word boundaries (tui/fitting.py)."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from wfm_tui.tui.fitting import (
    cut,
    cut_distinct,
    shorten,
    shorten_distinct,
    wrap_offsets,
    wrap_words,
)

AGGREGATORS = [
    "WFM Data Aggregator Dublin",
    "WFM Data Aggregator Leeds",
    "WFM Data Aggregator London",
]


def test_the_three_aggregators_of_multi_site_stay_apart_at_every_width() -> None:
    for width in range(4, 27):
        short = shorten_distinct(AGGREGATORS, width)
        assert len(set(short.values())) == 3, (width, short)
        assert all(cell_len(s) <= width for s in short.values())


def test_a_shortened_name_keeps_its_last_word() -> None:
    assert shorten("WFM Data Aggregator Dublin", 20) == "WFM Data Agg… Dublin"
    assert shorten_distinct(["WFM Builder Leeds", "WFM Builder London"], 14) == {
        "WFM Builder Leeds": "WFM Bui… Leeds",
        "WFM Builder London": "WFM Bu… London",
    }


def test_a_name_that_fits_is_whole() -> None:
    assert shorten("WFM DAP", 7) == "WFM DAP"
    assert shorten_distinct(["WFM DAP", "WFM DAP 2"], 9) == {
        "WFM DAP": "WFM DAP",
        "WFM DAP 2": "WFM DAP 2",
    }


def test_names_alike_at_the_end_are_told_apart_by_their_start() -> None:
    names = ["London WFM Server Primary", "Leeds WFM Server Primary"]
    short = shorten_distinct(names, 12)
    assert short["London WFM Server Primary"] != short["Leeds WFM Server Primary"]


def test_wide_characters_count_as_two_cells() -> None:
    name = "服务器服务器 伦敦"
    assert cell_len(shorten(name, 9)) <= 9
    assert shorten(name, 9).endswith("伦敦")


def test_a_title_cut_at_its_end() -> None:
    assert cut("WFM Data Aggregator", 12) == "WFM Data Ag…"
    assert cut("DAP", 12) == "DAP"


# -- the property: distinct names never shorten to the same string when that can be helped ---


def _start(text: str, cells: int) -> str:
    out = ""
    for char in text:
        if cell_len(out + char) > cells:
            break
        out += char
    return out


def _end(text: str, cells: int) -> str:
    out = ""
    for char in reversed(text):
        if cell_len(char + out) > cells:
            break
        out = char + out
    return out


def _forms(name: str, width: int) -> set[str]:
    """Every way to show `name` in `width` cells: whole, or start…end with any split."""
    if cell_len(name) <= width:
        return {name}
    if width <= 1:
        return {"…"[:width]}
    budget = width - 1
    return {_start(name, budget - t) + "…" + _end(name, t) for t in range(budget + 1)}


def _can_be_told_apart(names: list[str], width: int) -> bool:
    """Hall's theorem: each name can have a form of its own iff every set of names has at
    least as many forms among them as names."""
    forms = [_forms(name, width) for name in names]
    for size in range(1, len(names) + 1):
        for chosen in combinations(forms, size):
            if len(set().union(*chosen)) < size:
                return False
    return True


NAMES = st.lists(
    st.text(alphabet="ab -界…", min_size=1, max_size=12), min_size=1, max_size=6, unique=True
)


@settings(max_examples=400, deadline=None)
@given(names=NAMES, width=st.integers(min_value=1, max_value=14))
def test_distinct_names_never_shorten_to_the_same_string_when_they_need_not(
    names: list[str], width: int
) -> None:
    short = shorten_distinct(names, width)
    assert set(short) == set(names)
    for name, shown in short.items():
        assert cell_len(shown) <= width
        assert shown in _forms(name, width)  # whole, or a start and an end of it
    if _can_be_told_apart(names, width):
        assert len(set(short.values())) == len(names), short


@settings(max_examples=200, deadline=None)
@given(name=st.text(min_size=1, max_size=40), width=st.integers(min_value=0, max_value=30))
def test_shorten_fits_any_name_in_any_width(name: str, width: int) -> None:
    shown = shorten(name, width)
    assert cell_len(shown) <= width
    if cell_len(name) <= width:
        assert shown == name


# -- wrapping ---------------------------------------------------------------------------------


def test_a_code_breaks_after_a_hyphen_not_mid_word() -> None:
    assert wrap_words("✗ missing-connection", 16) == ["✗ missing-", "connection"]
    assert wrap_words("✗ too-many-connections", 18) == ["✗ too-many-", "connections"]


def test_words_that_fit_a_line_are_never_split() -> None:
    text = 'WFM Server "WFM Server" connects to 2 DAP applications'
    assert wrap_words(text, 18) == [
        'WFM Server "WFM',
        'Server" connects',
        "to 2 DAP",
        "applications",
    ]


def test_a_newline_always_breaks() -> None:
    assert wrap_words("✗ code\nmessage", 40) == ["✗ code", "message"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab- .界\n", max_size=60), width=st.integers(min_value=1, max_value=20)
)
def test_wrapping_loses_no_word_and_fits_every_line(text: str, width: int) -> None:
    lines = wrap_offsets(text, width)
    shown = [text[start:end] for start, end in lines]
    assert all(cell_len(line) <= max(width, 2) for line in shown)  # a wide char needs 2
    # Only the spaces and newlines at the breaks are left out, in order.
    assert "".join(shown).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    for word in text.split():
        if cell_len(word) <= width and "-" not in word and "." not in word:
            assert any(word in line for line in shown), (word, shown)


def test_cut_distinct_cuts_at_the_end_unless_two_would_be_the_same() -> None:
    titles = ["WFM Server", "WFM Builder", "Stat Server"]
    assert cut_distinct(titles, 20) == {title: title for title in titles}
    assert cut_distinct(["WFM Server", "Stat Server"], 5) == {
        "WFM Server": "WFM …",
        "Stat Server": "Stat…",
    }
    narrow = cut_distinct(titles, 5)
    assert narrow["Stat Server"] == "Stat…"  # its cut is its own: kept
    assert narrow["WFM Server"] != narrow["WFM Builder"]  # both "WFM …" cut: told apart
    assert all(len(short) <= 5 for short in narrow.values())
