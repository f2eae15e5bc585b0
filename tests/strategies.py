"""Hypothesis strategies for plans and edit operations."""

from __future__ import annotations

from hypothesis import strategies as st

from wfm_tui.core.names import host_problem, name_problem, nfc, text_problem
from wfm_tui.core.operations import (
    AddApp,
    Connect,
    Disconnect,
    RemoveApp,
    RenameApp,
    SetFeature,
    SetField,
)
from wfm_tui.core.plan import App, Features, Plan
from wfm_tui.core.site_clone import CloneSite
from wfm_tui.files.catalogs import load_catalog

KINDS = list(load_catalog().kinds)

# Printable names, including the characters that break naive quoting or markup; in NFC, the
# form names are stored in (a plan holds no other). The filters: a few code points refused
# with their block are unassigned, not Cf (U+E0000 beside the tag characters).
names = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")),
        min_size=1,
        max_size=20,
    )
    .map(lambda text: nfc(text).strip())
    .filter(lambda name: name_problem(name) is None)
)
tricky_names = st.sampled_from(["[b]x[/b]", 'a"b', "a\\b", "x[/y", "é ü", "[@click=app.quit]x"])
app_names = st.one_of(names, tricky_names)
notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")) | st.just("\n"),
    max_size=40,
).filter(lambda text: text_problem(text) is None)


@st.composite
def apps(draw, pool: list[str]) -> App:
    return App(
        kind=draw(st.sampled_from(KINDS)),
        site=draw(st.none() | names),
        host=draw(st.none() | st.from_regex(r"[a-z0-9.-]{1,20}", fullmatch=True)),
        port=draw(st.none() | st.integers(1, 65535)),
        tls=draw(st.booleans()),
        backup=draw(st.none() | st.sampled_from(pool)),
        note=draw(st.none() | notes),
        connections=tuple(draw(st.lists(st.sampled_from(pool), max_size=5))),
    )


@st.composite
def plans(draw, max_apps: int = 8) -> Plan:
    pool = draw(st.lists(app_names, min_size=1, max_size=max_apps, unique=True))
    members = draw(st.lists(st.sampled_from(pool), unique=True, max_size=len(pool)))
    return Plan(
        format=1,
        name=draw(app_names),
        description=draw(st.none() | notes),
        features=Features(
            management_layer=draw(st.booleans()),
            scheduled_reporting=draw(st.booleans()),
            multi_site=draw(st.booleans()),
        ),
        apps={name: draw(apps(pool)) for name in members},
    )


@st.composite
def operations(draw, plan: Plan):
    """An operation that may or may not apply to `plan` (failures must leave it untouched)."""
    existing = list(plan.apps)
    some_app = st.sampled_from(existing) if existing else app_names
    choice = draw(
        st.sampled_from(
            ["add", "remove", "rename", "connect", "disconnect", "set", "feature", "clone"]
        )
    )
    if choice == "add":
        return AddApp(draw(app_names), draw(apps(existing or ["x"])))
    if choice == "remove":
        return RemoveApp(draw(some_app))
    if choice == "rename":
        return RenameApp(draw(some_app), draw(app_names | some_app))
    if choice == "connect":
        return Connect(draw(some_app), draw(some_app))
    if choice == "disconnect":
        return Disconnect(draw(some_app), draw(some_app))
    if choice == "set":
        field = draw(st.sampled_from(["site", "host", "port", "tls", "backup", "note"]))
        values = {
            "site": st.none() | names,
            "host": st.none() | st.just("h1") | st.just("bad host"),
            "port": st.none() | st.integers(-5, 70000),
            "tls": st.booleans(),
            "backup": st.none() | some_app,
            "note": st.none() | notes,
        }
        return SetField(draw(some_app), field, draw(values[field]))
    if choice == "clone":
        sites = sorted({app.site for app in plan.apps.values() if app.site is not None})
        site = draw(st.sampled_from(sites) if sites else names)
        leave_out = draw(st.frozensets(st.sampled_from(["wfm_daemon", "dap"])))
        return CloneSite(site, draw(names), leave_out)
    return SetFeature(draw(st.sampled_from(list(Features.model_fields))), draw(st.booleans()))


# Arbitrary TOML documents shaped loosely like plans: what a user (or a fuzzer) may write.
toml_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=12),
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
plan_keys = st.sampled_from(
    ["format", "name", "description", "catalog", "features", "apps", "kind", "port", "x"]
)
app_tables = st.dictionaries(
    st.sampled_from(
        ["kind", "site", "host", "port", "tls", "backup", "note", "connections", "typo"]
    ),
    toml_values | st.sampled_from(["dap", "wfm_server", 7000, True]),
    max_size=6,
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "format": st.sampled_from([1, 2, 0, "1", 1.0]) | toml_values,
        "name": st.text(max_size=10) | toml_values,
        "features": st.dictionaries(plan_keys, toml_values, max_size=3),
        "apps": st.dictionaries(st.text(max_size=8), app_tables | toml_values, max_size=4),
    },
).flatmap(
    lambda base: st.dictionaries(plan_keys, toml_values, max_size=2).map(lambda x: {**x, **base})
)


# Pieces that mean something to one of the formats wfm-tui exports (DOT, Mermaid, Markdown,
# CSV, HTML), all legal in names (invisible format characters such as U+200B and U+FEFF are
# not: names refuse them); a name drawn from them and any other printable character is
# what an export must write so that it reads back as it is.
HOSTILE_PIECES = [
    '"',
    "'",
    "\\",
    "|",
    "`",
    "<",
    ">",
    "&",
    "#",
    ";",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    ":",
    "%",
    "$",
    "=",
    "+",
    "-",
    "@",
    "*",
    "_",
    "~",
    "!",
    ",",
    "\u00a0",
    "ﬂ",
    "°",
    "¶",
    "ß",
    "é",
    "日本",
    "🙂",
    "\\n",
    "\\N",
    "&amp;",
    "&#35;",
    "#quot;",
    "#35;",
    "fa:fa-car",
    "$$x$$",
    "%%{init: {}}%%",
    "<br>",
    "<b>x</b>",
    "-->",
    "end",
    "subgraph",
    "=cmd|' /C calc'!A0",
    "[x](http://e.example)",
    "**b**",
    "~~s~~",
    "  ",
]
legal_names = (
    st.lists(
        st.sampled_from(HOSTILE_PIECES)
        | st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=8,
    )
    .map(lambda pieces: "".join(pieces).strip())
    .filter(lambda name: name_problem(name) is None)
)
legal_hosts = (
    st.lists(
        st.sampled_from([p for p in HOSTILE_PIECES if not p.isspace() and " " not in p])
        | st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda host: host_problem(host) is None)
)
legal_texts = (
    st.lists(
        st.sampled_from([*HOSTILE_PIECES, "\n", "\t", " "])
        | st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        max_size=12,
    )
    .map("".join)
    .filter(lambda text: text_problem(text) is None)
)


@st.composite
def hostile_plans(draw, max_apps: int = 6) -> Plan:
    """A plan of any legal names, sites, hosts and notes, with links to apps it lacks too."""
    pool = draw(st.lists(legal_names, min_size=1, max_size=max_apps, unique=True))
    strangers = draw(st.lists(legal_names, max_size=2))
    sites = draw(st.lists(legal_names, min_size=1, max_size=3))
    members = {}
    for name in pool:
        members[name] = App(
            kind=draw(st.sampled_from(KINDS)),
            site=draw(st.none() | st.sampled_from(sites)),
            host=draw(st.none() | legal_hosts),
            port=draw(st.none() | st.integers(1, 65535)),
            tls=draw(st.booleans()),
            backup=draw(st.none() | st.sampled_from(pool)),
            note=draw(st.none() | legal_texts),
            connections=tuple(draw(st.lists(st.sampled_from(pool + strangers), max_size=4))),
        )
    return Plan(
        format=1,
        name=draw(legal_names),
        description=draw(st.none() | legal_texts),
        features=Features(
            management_layer=draw(st.booleans()),
            scheduled_reporting=draw(st.booleans()),
            multi_site=draw(st.booleans()),
        ),
        apps=members,
    )
