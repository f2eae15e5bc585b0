"""Plan files: canonical writing, round trips, atomic saves, and where keys are."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import tomli
from hypothesis import given, settings

from tests import SAMPLES
from tests.plan_helpers import make_plan, minimal_apps
from tests.strategies import plans
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.plan import App, Plan
from wfm_tui.files.atomic_write import write_atomic
from wfm_tui.files.errors import SaveError
from wfm_tui.files.plan_file import (
    MAX_PLAN_BYTES,
    dump_plan,
    parse_plan,
    read_plan,
    save_plan,
    why_not_savable,
)
from wfm_tui.files.plan_input import MAX_APPS
from wfm_tui.files.templates import template_names, template_text
from wfm_tui.files.toml_locator import locate


@pytest.mark.parametrize("sample", ["single-site.toml", "multi-site.toml"])
def test_canonical_samples_round_trip_byte_for_byte(sample: str) -> None:
    text = (SAMPLES / sample).read_text("utf-8")
    loaded = parse_plan(text)
    assert dump_plan(loaded.plan, loaded.catalog) == text


@pytest.mark.parametrize("name", ["minimal", "single-site", "multi-site"])
def test_templates_are_canonical(name: str) -> None:
    assert name in template_names()
    loaded = parse_plan(template_text(name))
    assert dump_plan(loaded.plan, loaded.catalog) == template_text(name)


@settings(max_examples=200, deadline=None)
@given(plan=plans())
def test_any_plan_round_trips(plan: Plan, catalog: Catalog) -> None:
    text = dump_plan(plan, catalog)
    loaded = parse_plan(text)
    assert loaded.plan == plan
    assert dump_plan(loaded.plan, catalog) == text


def test_writer_is_deterministic_and_ordered(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["site"] = "Leeds"
    apps["Z"] = {"kind": "stat_server"}
    apps["A"] = {"kind": "stat_server", "site": "Aberdeen"}
    plan = make_plan(apps)
    reordered = make_plan(dict(reversed(list(apps.items()))))
    text = dump_plan(plan, catalog)
    assert text == dump_plan(reordered, catalog)
    headers = [line for line in text.splitlines() if line.startswith("[apps")]
    # No site first, then by site; within a group, table order of kinds, then name.
    assert headers == ["[apps.B]", "[apps.D]", "[apps.Z]", "[apps.A]", "[apps.S]"]


def test_writer_omits_defaults_and_lists_one_link_per_line(catalog: Catalog) -> None:
    text = dump_plan(make_plan(minimal_apps()), catalog)
    assert "tls" not in text
    assert "features" not in text
    assert "catalog" not in text
    assert 'connections = [\n    "B",\n    "D",\n]' in text


def test_crlf_and_bom_files_load(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes(b'\xef\xbb\xbfformat = 1\r\nname = "x"\r\n')
    assert read_plan(path).plan.name == "x"
    path.write_bytes(b'format = 1\r\nname = "x"\r\ndescription = """\r\na\r\nb"""\r\n')
    assert read_plan(path).plan.description == "a\nb"


def test_save_is_atomic_and_keeps_mode(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("old")
    path.chmod(0o640)
    plan = make_plan(minimal_apps())
    text = save_plan(path, plan, catalog)
    assert path.read_text("utf-8") == text
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]  # no temporary left behind


def test_a_plan_too_large_to_open_again_is_not_saved(tmp_path: Path, catalog: Catalog) -> None:
    """A million and a half short names fit the size cap in a compact file; written one a
    line, as the writer lays arrays out, they do not: the file could never be opened again."""
    path = tmp_path / "plan.toml"
    path.write_text("old")
    apps = minimal_apps()
    apps["S"] = {**apps["S"], "connections": [f"{i:x}" for i in range(1_500_000)]}
    plan = make_plan(apps)
    with pytest.raises(SaveError, match=r"would be 18\.97 MiB, larger than the 16 MiB"):
        save_plan(path, plan, catalog)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


def test_a_plan_of_more_apps_than_a_file_may_have_is_not_saved(
    tmp_path: Path, catalog: Catalog
) -> None:
    """Within the size cap, but over the apps a plan file may have: it was written, and
    `check` and the editor refused it ("has 100,001 apps")."""
    path = tmp_path / "plan.toml"
    apps = {f"{i:x}": App(kind="dap") for i in range(MAX_APPS + 1)}
    plan = Plan(format=1, name="p", apps=apps)
    with pytest.raises(SaveError, match=r"has 100,001 apps, more than the 100,000 a plan file"):
        save_plan(path, plan, catalog)
    assert not path.exists()
    assert why_not_savable(MAX_PLAN_BYTES, MAX_APPS) is None


def test_new_file_gets_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.toml", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


def test_save_writes_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text("old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_failed_save_leaves_the_old_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root ignores permission bits; a missing folder fails for everyone.
        target = tmp_path / "missing" / "plan.toml"
        with pytest.raises(SaveError, match="does not exist"):
            write_atomic(target, "new")
        return
    path = tmp_path / "plan.toml"
    path.write_text("old")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(SaveError):
            write_atomic(path, "new")
    finally:
        tmp_path.chmod(0o700)
    assert path.read_text() == "old"


def test_save_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "plan.toml", "x")


def test_failed_write_removes_the_temporary_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("old")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(SaveError, match="No space left"):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


def test_has_comments() -> None:
    assert parse_plan('format = 1 # c\nname = "x"\n').has_comments
    assert not parse_plan('format = 1\nname = "# not a comment"\n').has_comments


def test_locator_finds_keys_tables_and_elements() -> None:
    text = (
        'format = 1\nname = "a [b] #c"\nd = """\n[apps.fake]\n"""\n'
        '[apps."Q \\"x\\""]\nkind = "dap"\nconnections = [\n  "a",  # one\n  \'b\',\n]\n'
        "inline = { x = 1, y = [1, 2] }\n"
    )
    tomli.loads(text)
    places = locate(text).positions
    assert places[("name",)] == (2, 1)
    assert ("apps", "fake") not in places
    assert places[("apps", 'Q "x"')] == (6, 1)
    assert places[("apps", 'Q "x"', "connections", 1)] == (10, 3)
    assert places[("apps", 'Q "x"', "inline", "y", 1)] == (12, 27)
    assert locate(text).find(("apps", 'Q "x"', "port")) == (6, 1)


def test_findings_point_at_the_line_at_fault() -> None:
    from wfm_tui.core.validation import validate

    loaded = read_plan(SAMPLES / "broken.toml")
    located = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    lines = loaded.text.splitlines()
    for finding in located:
        assert finding.line is not None
        line = lines[finding.line - 1]
        if finding.code in ("duplicate-connection", "self-connection", "unknown-target"):
            assert finding.code in line or finding.target in line
        elif finding.code == "unknown-backup":
            assert line.startswith("backup")


def test_locator_places_the_tables_that_keys_and_headers_imply() -> None:
    text = (
        'format = 1\nname = "p"\napps."a.b".kind = "dap"\n'
        "[apps.c.d.e]\n"
        "[apps.f]\ng.h = 1\ni = {j.k = 2}\n"
        "[[apps.l]]\n[[apps.l]]\nm = 3\n"
    )
    tomli.loads(text)
    places = locate(text).positions
    assert places[("apps",)] == (3, 1)
    assert places[("apps", "a.b")] == (3, 1)
    assert places[("apps", "c")] == (4, 1)
    assert places[("apps", "c", "d")] == (4, 1)
    assert places[("apps", "f", "g")] == (6, 1)
    assert places[("apps", "f", "i", "j")] == (7, 6)
    assert places[("apps", "l", 1)] == (9, 1)
    assert places[("apps", "l", 1, "m")] == (10, 1)


def test_locator_asked_for_some_paths_records_only_those() -> None:
    text = 'a = ["x", "y", [1, 2], {b = 3}, "z"]\n[t]\nc = 1\nd = [1, 2, 3]\n'
    tomli.loads(text)
    everything = locate(text).positions
    some = locate(text, {("a", 4), ("a", 2, 1), ("t", "d", 2)}).positions
    assert some == {
        path: everything[path]
        for path in [("a",), ("a", 2), ("a", 2, 1), ("a", 4), ("t",), ("t", "d"), ("t", "d", 2)]
    }
    assert some[("a", 4)] == (1, 33)


def test_a_file_with_other_hard_links_is_written_in_place(tmp_path: Path) -> None:
    """A rename would leave the other names on the old text: the file is written in place."""
    path = tmp_path / "plan.toml"
    path.write_text("old, and longer than the new")
    other = tmp_path / "elsewhere.toml"
    os.link(path, other)
    inode = path.stat().st_ino
    write_atomic(path, "new")
    assert other.read_text() == "new"
    assert path.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.toml", "plan.toml"]


def test_a_failed_write_in_place_keeps_what_was_to_be_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("old")
    os.link(path, tmp_path / "elsewhere.toml")

    def no_space(fd: int, length: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "ftruncate", no_space)
    with pytest.raises(SaveError, match="No space left") as failure:
        write_atomic(path, "new")
    kept = failure.value.reason.rsplit(" is in ", 1)[1]
    assert Path(kept).parent == tmp_path
    assert Path(kept).read_text() == "new"


def test_a_save_keeps_the_owner_and_group_or_writes_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan of another user (a shared folder, or root saving it): a new file would be the
    saver's. root gives the new file the old one's owner; anyone else writes in place."""
    path = tmp_path / "plan.toml"
    path.write_text("old")
    if os.geteuid() == 0:
        os.chown(path, 4321, 4322)
        write_atomic(path, "new")
        assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4322)
        assert path.read_text() == "new"
    # As a user who cannot give a file away: the file keeps its inode, so its owner.
    mine = path.stat()

    def not_allowed(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    real_fstat = os.fstat

    def owned_by_another(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        if fd == fd_of_temporary[0]:
            return os.stat_result((*found[:4], mine.st_uid + 1, *found[5:]))
        return found

    fd_of_temporary = [-1]
    real_fchmod = os.fchmod

    def note_temporary(fd: int, mode: int) -> None:
        fd_of_temporary[0] = fd
        real_fchmod(fd, mode)

    monkeypatch.setattr(os, "fchown", not_allowed)
    monkeypatch.setattr(os, "fchmod", note_temporary)
    monkeypatch.setattr(os, "fstat", owned_by_another)
    write_atomic(path, "newer")
    assert path.stat().st_ino == mine.st_ino
    assert path.read_text() == "newer"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]
