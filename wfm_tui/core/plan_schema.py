"""The plan format as a JSON Schema, generated from the plan models (their types, limits and
descriptions) with the kinds of a catalog, for schema-aware editors (taplo / Even Better TOML,
VS Code) and validators (check-jsonschema)."""

from __future__ import annotations

import re
from typing import Any

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.plan import FORMAT_VERSION, Plan

DIALECT = "http://json-schema.org/draft-07/schema#"


def plan_json_schema(catalog: Catalog) -> dict[str, Any]:
    schema = _tidy(Plan.model_json_schema())
    properties = schema["properties"]
    properties["format"] = {
        "description": properties["format"].get("description", ""),
        "const": FORMAT_VERSION,
        "type": "integer",
    }
    # A dict keyed by names: pydantic gives patternProperties, which would let a bad name
    # through unchecked. The key rule goes to propertyNames, every value is an App.
    apps = properties["apps"]
    name_rule = next(iter(apps.pop("patternProperties").items()))
    apps["propertyNames"] = {**apps.get("propertyNames", {}), "pattern": _portable(name_rule[0])}
    apps["additionalProperties"] = name_rule[1]
    kind = schema["$defs"]["App"]["properties"]["kind"]
    kind["enum"] = list(catalog.kinds)
    kind["description"] += (
        " In "
        + catalog.id
        + ": "
        + ", ".join(f"{k} ({spec.title})" for k, spec in catalog.kinds.items())
    )
    return {
        "$schema": DIALECT,
        "title": f"wfm-tui plan, format {FORMAT_VERSION} ({catalog.id})",
        **schema,
    }


_ASTRAL_ESCAPE = re.compile(r"\\U([0-9a-fA-F]{8})")


def _portable(pattern: str) -> str:
    """A pattern every JSON Schema regex dialect reads: ECMA-262 has no `\\UXXXXXXXX`, so
    characters beyond U+FFFF are written as themselves."""
    return _ASTRAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), pattern)


def _tidy(node: Any) -> Any:
    """TOML has no null: an optional key is left out, so `X | None` is just X, with no
    `default: null`; pydantic's titles repeat the key names and go."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    tidy = {k: _tidy(v) for k, v in node.items() if k != "title" or not isinstance(v, str)}
    if isinstance(tidy.get("pattern"), str):
        tidy["pattern"] = _portable(tidy["pattern"])
    options = tidy.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if o != {"type": "null"}]
        if len(kept) == 1:
            del tidy["anyOf"]
            tidy = {**kept[0], **tidy}
    if tidy.get("default", 0) is None:
        del tidy["default"]
    return tidy
