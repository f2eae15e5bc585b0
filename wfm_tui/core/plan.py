"""The plan model (file format version 1): strict types, unknown keys refused, names checked."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.names import host_problem, name_problem, quote, text_problem

FORMAT_VERSION = 1


def _checked(problem_of, error_type: str):
    def check(value: str) -> str:
        problem = problem_of(value)
        if problem is not None:
            raise PydanticCustomError(error_type, problem)
        return value

    return AfterValidator(check)


def _normalise_newlines(value: Any) -> Any:
    # CRLF files give CRLF inside multi-line strings; the model keeps plain line feeds.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


Name = Annotated[StrictStr, _checked(name_problem, "name")]
Text = Annotated[StrictStr, BeforeValidator(_normalise_newlines), _checked(text_problem, "text")]
Host = Annotated[StrictStr, _checked(host_problem, "host")]
Port = Annotated[StrictInt, Field(ge=1, le=65535)]

APP_FIELDS = ("kind", "site", "host", "port", "tls", "backup", "note", "connections")
EDITABLE_APP_FIELDS = ("site", "host", "port", "tls", "backup", "note")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class App(_Model):
    kind: StrictStr
    site: Name | None = None
    host: Host | None = None
    port: Port | None = None
    tls: StrictBool = False
    backup: Name | None = None
    note: Text | None = None
    # Lists in the file; a tuple here so that a plan can be shared between undo states.
    connections: tuple[Name, ...] = ()

    @field_validator("connections", mode="before")
    @classmethod
    def _list_only(cls, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise PydanticCustomError("list_type", "Input should be a valid array")
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str, info: ValidationInfo) -> str:
        catalog: Catalog | None = (info.context or {}).get("catalog")
        if catalog is not None and value not in catalog.kinds:
            kinds = ", ".join(catalog.kinds)
            raise PydanticCustomError(
                "unknown_kind",
                "unknown kind {kind}; the catalog {catalog} has: {kinds}",
                {"kind": quote(value), "catalog": catalog.id, "kinds": kinds},
            )
        return value


class Features(_Model):
    management_layer: StrictBool = False
    scheduled_reporting: StrictBool = False
    multi_site: StrictBool = False

    @property
    def enabled(self) -> frozenset[str]:
        return frozenset(name for name, on in self if on)


def _format_version(value: Any) -> Any:
    if type(value) is int and value > FORMAT_VERSION:
        raise PydanticCustomError(
            "newer_format",
            "this plan was written by a newer wfm-tui (plan format {found}); this wfm-tui reads "
            "format {supported}: upgrade wfm-tui to open it",
            {"found": value, "supported": FORMAT_VERSION},
        )
    if type(value) is not int or value != FORMAT_VERSION:
        raise PydanticCustomError(
            "bad_format",
            "format must be the integer {supported}",
            {"supported": FORMAT_VERSION},
        )
    return value


class Plan(_Model):
    format: Annotated[int, BeforeValidator(_format_version)]
    name: Name
    description: Text | None = None
    catalog: Name | None = None
    features: Features = Features()
    apps: dict[Name, App] = {}

    @classmethod
    def empty(cls, name: str = "Untitled plan") -> Plan:
        return cls(format=FORMAT_VERSION, name=name)

    def app(self, name: str) -> App:
        try:
            return self.apps[name]
        except KeyError:
            raise LookupError(f"the plan has no app named {quote(name)}") from None
