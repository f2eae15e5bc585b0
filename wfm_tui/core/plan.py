"""The plan model (file format version 1): strict types, unknown keys refused, names checked."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from wfm_tui.core.names import (
    HOST_PATTERN,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    NAME_PATTERN,
    TEXT_PATTERN,
    quote,
)

FORMAT_VERSION = 1


# Checked by pydantic-core itself (no Python call per value); names.py words the errors.
Name = Annotated[
    str,
    StringConstraints(strict=True, min_length=1, max_length=MAX_NAME_LENGTH, pattern=NAME_PATTERN),
]
Text = Annotated[
    str, StringConstraints(strict=True, max_length=MAX_TEXT_LENGTH, pattern=TEXT_PATTERN)
]
Host = Annotated[str, StringConstraints(strict=True, max_length=253, pattern=HOST_PATTERN)]
PORT_MIN, PORT_MAX = 1, 65535
Port = Annotated[StrictInt, Field(ge=PORT_MIN, le=PORT_MAX)]

APP_FIELDS = ("kind", "site", "host", "port", "tls", "backup", "note", "connections")
EDITABLE_APP_FIELDS = ("site", "host", "port", "tls", "backup", "note")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The descriptions are the plan format's documentation: `wfm-tui schema` hands them to editors.
class App(_Model):
    kind: StrictStr = Field(description="The application's kind, one of the catalog's kinds.")
    site: Name | None = Field(None, description="The site the application serves.")
    host: Host | None = Field(None, description="The host the application runs on.")
    port: Port | None = Field(None, description="The port it listens on, 1 to 65535.")
    tls: StrictBool = Field(False, description="Whether its listening port is secured (TLS).")
    backup: Name | None = Field(
        None, description="The name of its backup application (a primary/backup HA pair)."
    )
    note: Text | None = Field(None, description="Free text, kept and shown in the editor.")
    # An array in the file; a tuple here so that undo states can share apps. Whether the kind
    # is one of the catalog's is checked where the catalog is known (plan_file, operations' users).
    # The first bad entry is reported, not each of a million: pydantic would keep them all.
    connections: Annotated[tuple[Name, ...], Field(fail_fast=True)] = Field(
        (), description="The names of the applications this one connects to."
    )


class Features(_Model):
    management_layer: StrictBool = Field(
        False,
        description="Solution Control Server runs the solution: Message Server links are required.",
    )
    scheduled_reporting: StrictBool = Field(
        False,
        description="Report Scheduler in use: WFM Daemon -> WFM Web is required, and the plan "
        "needs a Daemon and a Web.",
    )
    multi_site: StrictBool = Field(
        False, description="Schedules across sites: the WFM Servers form one connected group."
    )

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
            "must be the integer {supported}",
            {"supported": FORMAT_VERSION},
        )
    return value


class Plan(_Model):
    format: Annotated[int, BeforeValidator(_format_version)] = Field(
        description="The plan format version: 1."
    )
    name: Name = Field(description="The plan's name.")
    description: Text | None = Field(None, description="What the plan is for.")
    catalog: Name | None = Field(
        None,
        description="The connections table that applies: a bundled catalog's id (the default "
        "is genesys-wfm-8.5.2) or the path of a catalog file, from the plan's folder.",
    )
    features: Features = Field(Features(), description="Features that raise optional links.")
    apps: dict[Name, App] = Field(
        {}, description="The applications, by their Application object's name."
    )

    @classmethod
    def empty(cls, name: str = "Untitled plan") -> Plan:
        return cls(format=FORMAT_VERSION, name=name)

    def app(self, name: str) -> App:
        try:
            return self.apps[name]
        except KeyError:
            raise LookupError(f"the plan has no app named {quote(name)}") from None
