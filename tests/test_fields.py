"""core/fields.py: how a typed value for an app property is read, the same for every face."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.cli_helpers import wfm
from wfm_tui.core.fields import (
    NOT_A_NUMBER,
    NOT_A_TRUTH_VALUE,
    PORT_RANGE,
    FieldError,
    parse_field_value,
    port_problem,
    value_problem,
)
from wfm_tui.core.plan import EDITABLE_APP_FIELDS, App

SINGLE = "sample_plans/single-site.toml"

# Digits of any script but ASCII: str.isdigit() and int() take them all ("٨٠" is 80 to int).
other_digits = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())
white_space = st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2003", "\u3000"])


@given(st.integers(min_value=1, max_value=65535))
def test_every_port_in_range_is_read_and_accepted(port: int) -> None:
    assert parse_field_value("port", str(port)) == port
    assert port_problem(str(port)) is None
    assert value_problem("port", str(port)) is None


@given(st.integers(min_value=0, max_value=65535), st.integers(min_value=1, max_value=6))
def test_leading_zeros_are_the_same_number(port: int, zeros: int) -> None:
    text = "0" * zeros + str(port)
    assert parse_field_value("port", text) == port
    assert port_problem(text) == (None if port else PORT_RANGE)


@given((st.integers(min_value=65536) | st.just(0)).map(str))
@example("1" + "0" * 5000)  # more digits than int() reads from a string
def test_ports_out_of_range_are_refused_with_the_range(text: str) -> None:
    assert port_problem(text) == PORT_RANGE
    assert value_problem("port", text) == PORT_RANGE


def test_a_port_too_long_for_int_is_a_field_error_not_a_crash() -> None:
    with pytest.raises(FieldError) as raised:
        parse_field_value("port", "9" * 5000)
    assert raised.value.problem == PORT_RANGE


@given(st.text(other_digits, min_size=1, max_size=6))
@example("٨٠")  # Arabic-Indic 80
@example("８０")  # fullwidth 80
def test_other_scripts_digits_are_not_a_port(text: str) -> None:
    assert text.isdigit()  # what the editor's dialog used to accept
    assert port_problem(text) == NOT_A_NUMBER
    with pytest.raises(FieldError) as raised:
        parse_field_value("port", text)
    assert raised.value.problem == NOT_A_NUMBER


@given(st.integers(min_value=1, max_value=65535), white_space, st.sampled_from(["lead", "trail"]))
def test_white_space_around_a_port_is_refused(port: int, space: str, where: str) -> None:
    text = space + str(port) if where == "lead" else str(port) + space
    assert port_problem(text) == NOT_A_NUMBER
    with pytest.raises(FieldError):
        parse_field_value("port", text)


@pytest.mark.parametrize("text", ["+80", "-80", "1_000", "80.0", "0x50", "8 0", "eighty"])
def test_what_int_would_take_or_nearly_is_not_a_port(text: str) -> None:
    assert port_problem(text) == NOT_A_NUMBER


def _read_port(text: str) -> int | str:
    """The port `text` is read as, or the problem of the FieldError."""
    try:
        value = parse_field_value("port", text)
    except FieldError as exc:
        return exc.problem
    assert isinstance(value, int)
    return value


@given(st.text(max_size=8))
def test_a_port_is_read_exactly_when_it_is_acceptable(text: str) -> None:
    """The parser and the check agree: one of them cannot let through what the other refuses."""
    if text == "":
        assert parse_field_value("port", text) is None
        return
    problem = port_problem(text)
    port = _read_port(text)
    if isinstance(port, str):  # refused: for the reason the check gives
        assert port == problem
        return
    # A port the parser reads may still be out of range: that is the model's rule, and the check's.
    assert (problem is None) == (1 <= port <= 65535)
    if problem is None:
        assert App(kind="dap", port=port).port == port


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("ON", True), ("Yes", True), ("false", False), ("off", False), ("NO", False)],
)
def test_tls_takes_truth_words_in_any_case(text: str, value: bool) -> None:
    assert parse_field_value("tls", text) is value


@pytest.mark.parametrize("text", ["maybe", "1", " on", "true "])
def test_tls_refuses_other_words(text: str) -> None:
    assert value_problem("tls", text) == NOT_A_TRUTH_VALUE
    with pytest.raises(FieldError, match="tls must be true or false"):
        parse_field_value("tls", text)


@pytest.mark.parametrize("field", EDITABLE_APP_FIELDS)
def test_empty_text_clears_every_property(field: str) -> None:
    assert parse_field_value(field, "") is None
    assert value_problem(field, "") is None


@pytest.mark.parametrize(
    ("field", "text", "problem"),
    [
        ("site", " London", "white space"),
        ("backup", "x\u202e", "direction"),
        ("host", "a b", "white space"),
        ("note", "bell\x07", "control"),
    ],
)
def test_text_properties_are_checked_by_the_names_rules(
    field: str, text: str, problem: str
) -> None:
    found = value_problem(field, text)
    assert found is not None
    assert problem in found
    # Reading them keeps them as typed: the edit operation applies the same rules.
    assert parse_field_value(field, text) == text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "\u0663\u0660",
            'operation 1 (--set "WFM Web" "port" "\u0663\u0660"): '
            'port must be a whole number, not "\u0663\u0660"',
        ),
        (" 80", 'port must be a whole number, not " 80"'),
        ("9" * 5000, "port must be between 1 and 65535"),
        ("70000", 'port of "WFM Web" must be between 1 and 65535, not 70000'),
    ],
)
def test_the_command_line_reads_ports_as_the_core_does(value: str, message: str) -> None:
    result = wfm("whatif", SINGLE, "--set", "WFM Web", "port", value)
    assert result.returncode == 2
    assert message in result.stderr
    assert "internal error" not in result.stderr


def test_the_command_line_sets_a_port_with_leading_zeros() -> None:
    result = wfm("whatif", SINGLE, "--set", "WFM Web", "port", "08080")
    assert result.returncode == 0, result.stderr
    assert 'set port of "WFM Web" to 8080' in result.stdout
