"""Cloning a site: the apps of one site copied under a new site's name, as one operation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.names import quote
from wfm_tui.core.operations import (
    Operation,
    OperationError,
    require_name,
    with_apps,
)
from wfm_tui.core.plan import Plan


@dataclass(frozen=True)
class CloneSite(Operation):
    """Copies the apps of site `site` under the new site `new_site`, as a second site.

    A copy's name is the original's with the old site's name (a whole word) replaced by the
    new one ("WFM Server London" -> "WFM Server Leeds"); a name without it gets the new site
    appended ("WFM Builder 1" -> "WFM Builder 1 Leeds"). Links and backups between apps of
    the site point at the copies; links to apps outside it (a shared DAP, Message Server) are
    kept. Hosts are cleared (the new site runs on other machines) and so are notes (they
    describe the originals); ports and TLS are kept. Apps of the kinds in `leave_out` are not
    copied: a kind limited in number (the one WFM Daemon) stays shared, and links to its app
    are kept. Nothing outside the new site changes.
    """

    site: str
    new_site: str
    leave_out: frozenset[str] = frozenset()

    @classmethod
    def for_catalog(cls, plan: Plan, catalog: Catalog, site: str, new_site: str) -> CloneSite:
        """The clone that leaves out every kind whose copies would exceed its `max_instances`."""
        in_site: dict[str, int] = {}
        in_plan: dict[str, int] = {}
        for app in plan.apps.values():
            in_plan[app.kind] = in_plan.get(app.kind, 0) + 1
            if app.site == site:
                in_site[app.kind] = in_site.get(app.kind, 0) + 1
        leave_out = frozenset(
            kind
            for kind, count in in_site.items()
            if (spec := catalog.kinds.get(kind)) is not None
            and spec.max_instances is not None
            and in_plan[kind] + count > spec.max_instances
        )
        return cls(site, new_site, leave_out)

    def copied(self, plan: Plan) -> dict[str, str]:
        """The apps copied, original name -> the copy's name, in the plan's order."""
        return {
            name: self.copy_name(name)
            for name, app in plan.apps.items()
            if app.site == self.site and app.kind not in self.leave_out
        }

    def left_out(self, plan: Plan) -> list[str]:
        """The site's apps that are not copied (their kind is in `leave_out`)."""
        return [
            name
            for name, app in plan.apps.items()
            if app.site == self.site and app.kind in self.leave_out
        ]

    def copy_name(self, name: str) -> str:
        pattern = rf"(?<!\w){re.escape(self.site)}(?!\w)"
        renamed, count = re.subn(pattern, lambda _: self.new_site, name)
        return renamed if count else f"{name} {self.new_site}"

    def apply(self, plan: Plan) -> Plan:
        require_name(self.new_site)
        if self.new_site == self.site:
            raise OperationError(f"the new site must have another name than {quote(self.site)}")
        sites = {app.site for app in plan.apps.values()}
        if self.site not in sites:
            raise OperationError(f"the plan has no site named {quote(self.site)}")
        if self.new_site in sites:
            raise OperationError(f"site {quote(self.new_site)} already exists")
        copies = self.copied(plan)
        if not copies:
            raise OperationError(f"site {quote(self.site)} has no app that can be copied")
        taken = sorted({new for new in copies.values() if new in plan.apps})
        if taken:
            names = ", ".join(quote(name) for name in taken[:3])
            more = f" and {len(taken) - 3} more" if len(taken) > 3 else ""
            raise OperationError(f"the plan already has apps named {names}{more}")
        apps = dict(plan.apps)
        for old, new in copies.items():
            require_name(new)
            original = plan.apps[old]
            backup = original.backup
            apps[new] = original.model_copy(
                update={
                    "site": self.new_site,
                    "host": None,
                    "note": None,
                    "backup": copies.get(backup, backup) if backup is not None else None,
                    "connections": tuple(copies.get(t, t) for t in original.connections),
                }
            )
        return with_apps(plan, apps)

    def describe(self) -> str:
        said = f"clone site {quote(self.site)} as {quote(self.new_site)}"
        if self.leave_out:
            said += f" (not copied: {', '.join(sorted(self.leave_out))})"
        return said
