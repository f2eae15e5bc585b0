"""The impact of losing an app as text and JSON: what `wfm-tui impact` prints and the editor's
impact report shows."""

from __future__ import annotations

from typing import Any

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.impact import Consequence, Effect, Impact
from wfm_tui.core.names import quote
from wfm_tui.core.plan import Plan

# The summary names the worst first: apps that go down, then what stops altogether, then what
# a running app loses; failing over disrupts now, a lost backup only the next failure; an
# optional link lost costs nothing in use.
BY_SERIOUSNESS = (
    Effect.DOWN,
    Effect.STOPS,
    Effect.FEATURE_LOST,
    Effect.FAILOVER,
    Effect.REDUNDANCY_LOST,
    Effect.OPTIONAL_LOST,
)
# Per effect: the summary's words for one and for several, in the headings' terms.
_COUNTED = {
    Effect.DOWN: ("other app goes down", "other apps go down"),
    Effect.STOPS: ("capability stops", "capabilities stop"),
    Effect.FEATURE_LOST: ("app loses a capability", "apps lose a capability"),
    Effect.FAILOVER: ("app fails over to a backup", "apps fail over to a backup"),
    Effect.REDUNDANCY_LOST: ("app loses redundancy", "apps lose redundancy"),
    Effect.OPTIONAL_LOST: ("app loses an optional link", "apps lose an optional link"),
}


def impact_lines(result: Impact, plan: Plan, catalog: Catalog) -> list[str]:
    """`wfm-tui impact`'s text: the question, each group, then what stops and the counts."""
    return [
        _question(result, plan, catalog),
        *_groups(result),
        *_stops_working(result, catalog),
        result.summary(),
    ]


def impact_report_lines(result: Impact, plan: Plan, catalog: Catalog) -> list[str]:
    """The editor's impact report: the same lines, but what the loss does comes first, under
    the question, where an 80x24 dialog shows it before any scrolling (at the end, past a
    cascade's list of apps, it was below the fold). The counts by effect id, the command line's
    last line, are the summary's again in other words and are left out."""
    headline = [impact_summary(result), *_stops_working(result, catalog), ""]
    return [
        _question(result, plan, catalog),
        *(headline if result.consequences else []),
        *_groups(result),
    ]


def impact_summary(result: Impact) -> str:
    """Every group the loss has, with its count, the most serious first: '1 other app goes
    down, 2 capabilities stop, 4 apps fail over to a backup'."""
    parts = []
    for effect in BY_SERIOUSNESS:
        group = result.of(effect)
        if group:
            count = _count(effect, group)
            one, several = _COUNTED[effect]
            parts.append(f"{count} {one if count == 1 else several}")
    return ", ".join(parts) if parts else "nothing else is affected"


def _count(effect: Effect, group: list[Consequence]) -> int:
    # "Stops" has a line per lost app and capability: two Daemons (one too many) down would
    # say scheduled reporting stops twice; it is one capability that stops.
    if effect is Effect.STOPS:
        return len({c.feature for c in group})
    return len(group)


def _question(result: Impact, plan: Plan, catalog: Catalog) -> str:
    kind_title = catalog.kind_title(plan.apps[result.app].kind)
    return f"If {kind_title} {quote(result.app)} goes down:"


def _groups(result: Impact) -> list[str]:
    if not result.consequences:
        return ["  nothing else is affected"]
    lines = []
    for effect in Effect:
        group = result.of(effect)
        if group:
            lines.append(f"  {effect.heading}:")
            lines += [f"    {c.message}" for c in group]
    return lines


def _stops_working(result: Impact, catalog: Catalog) -> list[str]:
    if not result.features_lost:
        return []
    titles = [catalog.capabilities[f].title for f in result.features_lost]
    return [f"Stops working: {', '.join(titles)}"]


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
