"""The impact of losing an app as text and JSON: what `wfm-tui impact` prints and the editor's
impact report shows."""

from __future__ import annotations

from typing import Any

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.impact import Effect, Impact
from wfm_tui.core.names import quote
from wfm_tui.core.plan import Plan


def impact_lines(result: Impact, plan: Plan, catalog: Catalog) -> list[str]:
    kind_title = catalog.kind_title(plan.apps[result.app].kind)
    lines = [f"If {kind_title} {quote(result.app)} goes down:"]
    if not result.consequences:
        lines.append("  nothing else is affected")
    for effect in Effect:
        group = result.of(effect)
        if group:
            lines.append(f"  {effect.heading}:")
            lines += [f"    {c.message}" for c in group]
    if result.features_lost:
        titles = [catalog.capabilities[f].title for f in result.features_lost]
        lines.append(f"Stops working: {', '.join(titles)}")
    lines.append(result.summary())
    return lines


def impact_json(result: Impact, path: str) -> dict[str, Any]:
    return {
        "format_version": 1,
        "plan": path,
        "app": result.app,
        **{
            effect.value: [
                {
                    "app": c.app,
                    "because_of": c.lost,
                    "message": c.message,
                    "feature": c.feature,
                    "backup": c.backup,
                }
                for c in result.of(effect)
            ]
            for effect in Effect
        },
        "features_lost": result.features_lost,
    }
