"""Valid synthetic plans of any size, for the benchmarks and the tests (both import
`benchmarks.synthetic_plans`)."""

from __future__ import annotations

from wfm_tui.core.plan import App, Features, Plan
from wfm_tui.files.catalogs import load_catalog

# Apps per site: a WFM Server, two Builders, a Data Aggregator, a Stat Server and a Web.
PER_SITE = 6
SHARED = 3  # the DAP, the Daemon and the Database Utility
# Apps per site of generate_plan (the editor benchmark's plans), besides one DAP and one Daemon.
SITE_KINDS = 8


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


def generate_plan(size: int) -> Plan:
    """A valid plan of exactly `size` apps (size >= 10): sites of 8 apps, one DAP, one Daemon."""
    sites = max(1, (size - 2) // SITE_KINDS)
    extra_builders = size - 2 - sites * SITE_KINDS
    apps: dict[str, dict] = {"DAP": {"kind": "dap", "site": "Site 000"}}
    for index in range(sites):
        site = f"Site {index:03d}"
        builders = [f"Builder {index:03d}-{n}" for n in (1, 2)]
        if index == 0:
            builders += [f"Builder {index:03d}-{n}" for n in range(3, 3 + extra_builders)]
        server, backup = f"Server {index:03d}", f"Server {index:03d} B"
        da, stat, web, msg = (f"{k} {index:03d}" for k in ("DA", "Stat", "Web", "Msg"))
        links = [*builders, da, "DAP", msg]
        apps[server] = {"kind": "wfm_server", "site": site, "backup": backup, "connections": links}
        apps[backup] = {"kind": "wfm_server", "site": site, "connections": links}
        for builder in builders:
            apps[builder] = {"kind": "wfm_builder", "site": site, "connections": [server, msg]}
        apps[da] = {
            "kind": "wfm_data_aggregator",
            "site": site,
            "connections": [server, "DAP", stat, msg],
        }
        apps[stat] = {"kind": "stat_server", "site": site}
        apps[web] = {"kind": "wfm_web", "site": site, "connections": [server, msg]}
        apps[msg] = {"kind": "message_server", "site": site}
    apps["Daemon"] = {
        "kind": "wfm_daemon",
        "site": "Site 000",
        "connections": ["Server 000", "Web 000"],
    }
    plan = Plan.model_validate(
        {"format": 1, "name": f"Benchmark, {size} apps", "apps": apps},
        context={"catalog": load_catalog()},
    )
    assert len(plan.apps) == size, len(plan.apps)
    return plan
