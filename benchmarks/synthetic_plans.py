"""Valid synthetic plans of any size, for benchmarks."""

from __future__ import annotations

from wfm_tui.core.plan import App, Features, Plan

# Apps per site: a WFM Server, two Builders, a Data Aggregator, a Stat Server and a Web.
PER_SITE = 6
SHARED = 3  # the DAP, the Daemon and the Database Utility


def synthetic_plan(apps: int) -> Plan:
    """A valid multi-site plan with about `apps` applications (at least one site)."""
    sites = max(1, (apps - SHARED) // PER_SITE)
    members: dict[str, App] = {
        "WFM DAP": App(kind="dap", host="db01.example", port=3306),
        "WFM Daemon": App(kind="wfm_daemon", connections=("WFM Server 0", "WFM Web 0")),
        "WFM Database Utility": App(kind="wfm_database_utility", connections=("WFM DAP",)),
    }
    for i in range(sites):
        site = f"Site {i}"
        host = f"wfm{i:05d}.example"
        peer = f"WFM Server {(i + 1) % sites}"
        links = [f"WFM Builder {i}a", f"WFM Builder {i}b", f"WFM Data Aggregator {i}", "WFM DAP"]
        if sites > 1:
            links.append(peer)
        members[f"WFM Server {i}"] = App(
            kind="wfm_server", site=site, host=host, port=7000, connections=tuple(links)
        )
        for suffix, port in (("a", 7010), ("b", 7011)):
            members[f"WFM Builder {i}{suffix}"] = App(
                kind="wfm_builder",
                site=site,
                host=host,
                port=port,
                connections=(f"WFM Server {i}",),
            )
        members[f"WFM Data Aggregator {i}"] = App(
            kind="wfm_data_aggregator",
            site=site,
            host=host,
            port=7020,
            note=f"Serves {site} only",
            connections=(f"WFM Server {i}", "WFM DAP", f"Stat Server {i}"),
        )
        members[f"Stat Server {i}"] = App(kind="stat_server", site=site, host=host, port=3010)
        members[f"WFM Web {i}"] = App(
            kind="wfm_web", site=site, host=host, port=8080, connections=(f"WFM Server {i}",)
        )
    return Plan(
        format=1,
        name=f"Synthetic, {len(members)} apps",
        features=Features(multi_site=sites > 1),
        apps=members,
    )
