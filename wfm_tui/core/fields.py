"""The values a user types for an app's properties: one reading for every face.

`whatif --set APP FIELD VALUE` and the editor's properties dialog both turn text into a
property's value here, so that "80", "٨٠" (Arabic-Indic digits) or " 80" mean the same to both.
An empty text clears the property (None; for tls, false).
"""

from __future__ import annotations

from wfm_tui.core.names import host_problem, name_problem, text_problem
from wfm_tui.core.plan import PORT_MAX, PORT_MIN

FieldValue = str | int | bool | None

NOT_A_NUMBER = "must be a whole number"
PORT_RANGE = f"must be between {PORT_MIN} and {PORT_MAX}"
NOT_A_TRUTH_VALUE = "must be true or false"

# The words tls takes, in any case.
TLS_WORDS = {"true": True, "on": True, "yes": True, "false": False, "off": False, "no": False}

# More digits than this, leading zeros aside, are out of range: int() is not asked (it refuses
# a string of over 4,300 digits with a ValueError of its own).
_PORT_DIGITS = len(str(PORT_MAX))


class FieldError(ValueError):
    """`text` is no value of `field`: `problem` says why, as a phrase ("must be a whole
    number") that reads after the field's name."""

    def __init__(self, field: str, text: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")
        self.field = field
        self.text = text
        self.problem = problem


def _is_number(text: str) -> bool:
    """Whether `text` is a whole number in ASCII digits. Not int() alone: it takes "+80",
    "1_000", " 80" and other scripts' digits too."""
    return text.isascii() and text.isdigit()


def _too_long(digits: str) -> bool:
    return len(digits.lstrip("0")) > _PORT_DIGITS


def port_problem(text: str) -> str | None:
    """Why `text` is not a port (a whole number from 1 to 65535 in ASCII digits), or None."""
    if not _is_number(text):
        return NOT_A_NUMBER
    if _too_long(text) or not PORT_MIN <= int(text) <= PORT_MAX:
        return PORT_RANGE
    return None


def value_problem(field: str, text: str) -> str | None:
    """Why `text` typed for the app property `field` cannot be its value, or None. Empty
    text is always acceptable: it clears the property."""
    if text == "":
        return None
    if field == "port":
        return port_problem(text)
    if field == "tls":
        return None if text.lower() in TLS_WORDS else NOT_A_TRUTH_VALUE
    if field in ("site", "backup"):
        return name_problem(text)
    if field == "host":
        return host_problem(text)
    if field == "note":
        return text_problem(text)
    return None  # not an app property: the edit operation says so, with the list of them


def parse_field_value(field: str, text: str) -> FieldValue:
    """The value of the app property `field` that `text` stands for: None for empty text,
    an int for port, a bool for tls, the text itself for the others.

    Raises FieldError when `text` cannot be read as the field's type (a port in anything but
    ASCII digits, a tls that is no truth word). The rules on the value itself (a port's range,
    what a name may hold) are the plan model's, which the edit operation applies and words
    with the app's name; `value_problem` checks both at once, for a form checked as you type.
    """
    if text == "":
        return None
    if field == "port":
        if not _is_number(text):
            raise FieldError(field, text, NOT_A_NUMBER)
        if _too_long(text):  # the model would say "not <the number>": too long to show
            raise FieldError(field, text, PORT_RANGE)
        return int(text)
    if field == "tls":
        if text.lower() not in TLS_WORDS:
            raise FieldError(field, text, NOT_A_TRUTH_VALUE)
        return TLS_WORDS[text.lower()]
    return text
