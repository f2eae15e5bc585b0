"""LiveValidation against the reference `validate`: after every step of random edit sequences
(every operation kind, undo and redo), the same findings, messages included."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.plan_helpers import make_plan, minimal_apps
from tests.strategies import KINDS, app_names, operations, plans
from wfm_tui.core.findings import MAX_PER_APP_AND_CODE, MAX_PER_CODE, Finding
from wfm_tui.core.live_validation import LiveValidation
from wfm_tui.core.operations import (
    AddApp,
    Batch,
    Disconnect,
    Operation,
    OperationError,
    Patch,
    Relink,
    RemoveApp,
    SetField,
    SetPlanInfo,
    run,
)
from wfm_tui.core.plan import App, Plan
from wfm_tui.core.validation import validate
from wfm_tui.files.catalogs import load_catalog

CATALOG = load_catalog()
OTHER = load_catalog("genesys-wfm-8.5.1")


def as_bag(findings: list[Finding]) -> Counter[Finding]:
    return Counter(findings)


class Edits(RuleBasedStateMachine):
    """Random plans, random edits, undo and redo: live findings equal a full validation."""

    def __init__(self) -> None:
        super().__init__()
        self.undo: list[Operation] = []
        self.redo: list[Operation] = []

    @initialize(plan=plans(max_apps=10))
    def start(self, plan: Plan) -> None:
        self.plan = plan
        self.catalog = CATALOG
        self.live = LiveValidation(plan, CATALOG)

    def _apply(self, op: Operation) -> bool:
        try:
            plan, inverse = run(op, self.plan)
        except OperationError:
            return False
        self.plan = plan
        self.undo.append(inverse)
        # As the editor does: the undo Patch names the apps the edit touched.
        self.live.update(plan, self.catalog, inverse.touched())
        return True

    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        if self._apply(data.draw(operations(self.plan))):
            self.redo.clear()

    @rule(data=st.data())
    def crowd(self, data: st.DataObject) -> None:
        """Edits that make apps meet: shared host:port, one site, backups, instance limits."""
        names = list(self.plan.apps) or ["x"]
        name = data.draw(st.sampled_from(names))
        field = data.draw(st.sampled_from(["host", "port", "site", "backup"]))
        value = {
            "host": st.sampled_from(["h1", "H1", "h2", None]),
            "port": st.sampled_from([7000, 7001, None]),
            "site": st.sampled_from(["A", "B", None]),
            "backup": st.sampled_from([*names, None]),
        }[field]
        if self._apply(SetField(name, field, data.draw(value))):
            self.redo.clear()

    @rule(name=app_names, kind=st.sampled_from(KINDS), site=st.sampled_from(["A", "B"]))
    def add_crowded(self, name: str, kind: str, site: str) -> None:
        app = App(kind=kind, site=site, host="h1", port=7000, connections=tuple(self.plan.apps)[:3])
        if self._apply(Batch((AddApp(name, app),))):
            self.redo.clear()

    @rule(data=st.data())
    def remove_a_hub(self, data: st.DataObject) -> None:
        if self.plan.apps:
            counts = Counter(t for app in self.plan.apps.values() for t in app.connections)
            hub = max(self.plan.apps, key=lambda n: counts.get(n, 0))
            if self._apply(RemoveApp(hub)):
                self.redo.clear()

    @rule(data=st.data())
    def add_a_missing_target(self, data: st.DataObject) -> None:
        """An app whose name was listed before it existed: its referrers' findings change."""
        missing = sorted(
            {t for app in self.plan.apps.values() for t in (*app.connections, app.backup or "")}
            - set(self.plan.apps)
            - {""}
        )
        if missing:
            name = data.draw(st.sampled_from(missing))
            if self._apply(AddApp(name, App(kind=data.draw(st.sampled_from(KINDS))))):
                self.redo.clear()

    @rule(data=st.data(), kind=st.sampled_from(["wfm_data_aggregator", "wfm_server"]))
    def pair(self, data: st.DataObject, kind: str) -> None:
        """Two apps of a kind with HA on one site, one the other's backup (or no longer)."""
        same = [n for n, a in self.plan.apps.items() if a.kind == kind]
        if len(same) < 2:
            name = f"{kind} {len(self.plan.apps)}"
            links = tuple(n for n, a in self.plan.apps.items() if a.kind == "wfm_server")[:2]
            self._apply(AddApp(name, App(kind=kind, site="A", connections=links)))
            return
        first, second = data.draw(st.permutations(same))[:2]
        sites = st.sampled_from(["A", "B"])
        self._apply(
            Batch(
                (
                    SetField(first, "site", data.draw(sites)),
                    SetField(second, "site", data.draw(sites)),
                )
            )
        )
        self._apply(SetField(first, "host", "h1"))
        # Each alone, so that one side changes: the backup stops or starts being one, then
        # moves to the primary's host or away from it.
        self._apply(SetField(first, "backup", data.draw(st.sampled_from([second, None]))))
        self._apply(SetField(second, "host", data.draw(st.sampled_from(["H1", "h2"]))))
        self.redo.clear()

    @rule(data=st.data())
    def add_a_look_alike(self, data: st.DataObject) -> None:
        """A name, or a site, that looks like one the plan has (Cyrillic for Latin)."""
        twins = str.maketrans("AaEeOoPpCc", "АаЕеОоРрСс")
        names = [n for n in self.plan.apps if n.translate(twins) != n]
        if names:
            name = data.draw(st.sampled_from(names))
            app = App(kind=data.draw(st.sampled_from(KINDS)), site=name.translate(twins))
            if self._apply(AddApp(name.translate(twins), app)):
                self.redo.clear()

    @rule()
    def switch_catalog(self) -> None:
        self.catalog = OTHER if self.catalog is CATALOG else CATALOG
        ref = None if self.catalog is CATALOG else OTHER.id
        if self._apply(SetPlanInfo("catalog", ref)):
            self.redo.clear()

    @rule()
    def undo_one(self) -> None:
        if self.undo:
            inverse = self.undo.pop()
            before = self.plan
            self.plan = inverse.apply(self.plan)
            self.redo.append(Patch.restoring(before, self.plan))
            self.catalog = OTHER if self.plan.catalog == OTHER.id else CATALOG
            self.live.update(self.plan, self.catalog, inverse.touched())

    @rule()
    def redo_one(self) -> None:
        if self.redo:
            op = self.redo.pop()
            self.plan, inverse = run(op, self.plan)
            self.undo.append(inverse)
            self.catalog = OTHER if self.plan.catalog == OTHER.id else CATALOG
            self.live.update(self.plan, self.catalog, inverse.touched())

    @rule()
    def users_as_the_plan_says(self) -> None:
        """The apps that link to each app, from the index (a rule, not an invariant: asking
        builds the index, and edits must also meet it unbuilt); a stamp that did not change
        since the last look promises the same users."""
        apps = self.plan.apps
        named = {t for app in apps.values() for t in (*app.connections, app.backup or "")}
        seen: dict[str, tuple[object, frozenset[str]]] = getattr(self, "seen", {})
        for name in (set(apps) | named | set(seen)) - {""}:
            users = frozenset(n for n, a in apps.items() if n != name and name in a.connections)
            assert self.live.linkers(name) == users, name
            stamp = self.live.referrers_stamp(name)
            if name in seen and seen[name][0] == stamp:
                assert seen[name][1] == users, (name, "stamp kept, users changed")
            seen[name] = (stamp, users)
        self.seen = seen

    @invariant()
    def same_as_a_full_validation(self) -> None:
        if not hasattr(self, "live"):
            return
        caps = {"per_app": self.live.per_app, "per_code": self.live.per_code}
        live = as_bag(self.live.findings)
        full = as_bag(validate(self.plan, self.catalog, **caps))
        assert live == full, (
            sorted(map(str, (live - full).elements())),
            sorted(map(str, (full - live).elements())),
        )


Edits.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestLiveValidation = Edits.TestCase


class Rebuilding(LiveValidation):
    """Validates the whole plan again after any edit, as after one that changes many apps."""

    rebuild_above = 0


def edits_through(live: type[LiveValidation], examples: int) -> type[Edits]:
    """The same random edits, through another path of the live validation."""

    class Variant(Edits):
        @initialize(plan=plans(max_apps=10))
        def start(self, plan: Plan) -> None:
            self.plan = plan
            self.catalog = CATALOG
            self.live = live(plan, CATALOG)

    Variant.TestCase.settings = settings(
        max_examples=examples,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    return Variant


# The path an edit of thousands of apps takes (in small plans).
TestLiveValidationRebuilding = edits_through(Rebuilding, 50).TestCase


class Unindexed(LiveValidation):
    """Keeps no indexes, as for a plan listing millions of links: every edit validates the
    whole plan, and `linkers` looks through it."""

    indexed_links = 0


# The path of a plan with more links than the indexes are kept for.
TestLiveValidationUnindexed = edits_through(Unindexed, 30).TestCase


class SmallCaps(LiveValidation):
    """Caps small enough that random edits of ten apps cross them both ways: at most 2 findings
    of a code about an app, and past 5 of a code only the first of each app."""

    per_app = 2
    per_code = 5


# The caps on findings (at their real size only a hostile plan reaches them).
TestLiveValidationSmallCaps = edits_through(SmallCaps, 200).TestCase


def test_a_plan_of_millions_of_links_keeps_no_index() -> None:
    """Two million names that are not apps, in one server: no set per name, no sets of two
    million per edit; the findings and the linkers as with the indexes."""
    apps = minimal_apps()
    apps["S"] = {**apps["S"], "connections": ["B", "D", *(f"u{i}" for i in range(20_000))]}
    plan = make_plan(apps)
    live = LiveValidation(plan, CATALOG)
    assert live._unindexed
    assert live.linkers("B") == frozenset({"S"})
    assert not live._referred  # looked through the plan
    edited, undo = run(SetField("B", "note", "n"), plan)
    live.update(edited, changed=undo.touched())
    assert not live._indexed
    assert as_bag(live.findings) == as_bag(validate(edited, CATALOG))


def _count_rebuilds(live: LiveValidation) -> list[int]:
    """A list that gets a 1 each time `live` validates the whole plan again."""
    passes: list[int] = []
    original = live._rebuild

    def counted() -> None:
        passes.append(1)
        original()

    live._rebuild = counted  # type: ignore[method-assign]
    return passes


def test_an_edit_of_many_apps_validates_the_whole_plan_once() -> None:
    """Removing an app that 200 apps name: the findings and the change as a full validation
    gives them, from one pass (not 200 small ones)."""
    apps = {"D": {"kind": "dap"}}
    for index in range(200):
        apps[f"S{index}"] = {"kind": "wfm_server", "connections": ["D"]}
    plan = make_plan(apps)
    live = LiveValidation(plan, CATALOG)
    before = list(live.findings)
    passes = _count_rebuilds(live)
    removed, _ = run(RemoveApp("D"), plan)
    change = live.update(removed, changed=["D", *apps])
    assert passes == [1]
    assert as_bag(live.findings) == as_bag(validate(removed, CATALOG))
    assert as_bag(change.added) == as_bag(live.findings) - as_bag(before)
    assert as_bag(change.removed) == as_bag(before) - as_bag(live.findings)


def test_an_update_reports_what_it_added_and_removed() -> None:
    plan = make_plan(minimal_apps())
    live = LiveValidation(plan, CATALOG)
    assert live.findings == []
    broken, _ = run(SetField("S", "backup", "Ghost"), plan)
    change = live.update(broken)
    assert [f.code for f in change.added] == ["unknown-backup"]
    assert change.removed == []
    change = live.update(plan)
    assert ([f.code for f in change.removed], change.added) == (["unknown-backup"], [])


def test_past_the_cap_per_code_the_live_findings_are_checks() -> None:
    """5,001 Message Servers that each name two apps the plan does not have: 10,002
    unknown-target findings, past the 10,000 after which an app lists only its first (the
    last server's second is counted in "... and 1 more"). Edits take the plan under the cap,
    where the last server lists its second again, and back over it, then undo all: after each,
    the findings and the change are a full validation's. Over the cap an edit validates the
    whole plan; under it, only one that crosses it does."""
    assert (MAX_PER_CODE, MAX_PER_APP_AND_CODE) == (10_000, 100)
    apps = {
        f"m{i}": {"kind": "message_server", "connections": ["ghost a", "ghost b"]}
        for i in range(5_001)
    }
    plan = make_plan(apps)
    live = LiveValidation(plan, CATALOG)
    more = '... and 1 more unknown-target findings about "m5000"'
    assert as_bag(live.findings) == as_bag(validate(plan, CATALOG))
    assert more in [f.message for f in live.findings]
    assert live._capped
    passes = _count_rebuilds(live)
    undos: list[Operation] = []
    # Each edit, whether the plan is then over the cap, whether the edit validated it whole.
    steps: list[tuple[Operation | None, bool, bool]] = [
        (Disconnect("m0", "ghost b"), True, True),  # 10,001 listed: still over
        (Disconnect("m1", "ghost b"), False, True),  # 10,000: the cap drops none
        (SetField("m3", "note", "n"), False, False),
        (Relink("m2", ("ghost a", "ghost b", "ghost c")), True, True),  # over again
        (None, False, True),  # the undos, in turn
        (None, False, False),
        (None, True, True),
        (None, True, True),
    ]
    for op, capped, whole in steps:
        before = list(live.findings)
        if op is None:
            undo = undos.pop()
            plan = undo.apply(plan)
        else:
            plan, undo = run(op, plan)
            undos.append(undo)
        passes.clear()
        change = live.update(plan, changed=undo.touched())
        full = validate(plan, CATALOG)
        assert as_bag(live.findings) == as_bag(full), op
        assert as_bag(change.added) == as_bag(live.findings) - as_bag(before)
        assert as_bag(change.removed) == as_bag(before) - as_bag(live.findings)
        assert (more in [f.message for f in full]) is capped
        assert (live._capped, passes) == (capped, [1] if whole else [])
