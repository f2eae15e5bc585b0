"""Path completion for the file dialogs: what a typed path can go on to, and how far tab goes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wfm_tui.files.completion import candidates


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("site-a.toml", "site-b.toml", "multi.toml", "notes.txt", ".hidden.toml"):
        (tmp_path / name).write_text("")
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "leeds.toml").write_text("")
    (tmp_path / "plan10.toml").write_text("")
    (tmp_path / "plan9.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def shown(typed: str) -> list[str]:
    return [entry.shown for entry in candidates(typed).entries]


def test_lists_folders_then_plan_files_in_natural_order(folder: Path) -> None:
    # Not the text file, not the hidden one; plan9 before plan10.
    assert shown("") == [
        "sites/",
        "multi.toml",
        "plan9.toml",
        "plan10.toml",
        "site-a.toml",
        "site-b.toml",
    ]
    assert shown(".") == [".hidden.toml"]  # asked for by a leading dot
    assert shown("site") == ["sites/", "site-a.toml", "site-b.toml"]
    assert shown("nothing") == []


def test_tab_completes_as_far_as_the_candidates_agree(folder: Path) -> None:
    assert candidates("m").completed("m") == "multi.toml"  # the only one
    assert candidates("site-").completed("site-") == "site-"  # a and b differ there
    assert candidates("pl").completed("pl") == "plan"
    assert candidates("si").completed("si") == "site"
    assert candidates("sites").completed("sites") == "sites/"  # a folder: ready for its files
    assert candidates("x").completed("x") == "x"


def test_inside_a_folder_and_from_home(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    typed = str(folder / "sites") + os.sep
    assert shown(typed) == ["leeds.toml"]
    assert candidates(typed + "l").completed(typed + "l") == typed + "leeds.toml"
    monkeypatch.setenv("HOME", str(folder))
    # What the user typed is kept ("~/"), only the name is completed.
    assert candidates("~/mu").completed("~/mu") == "~/multi.toml"


def test_a_folder_that_cannot_be_read_lists_nothing(folder: Path) -> None:
    assert shown("no-such-folder/x") == []
    assert shown("notes.txt/") == []  # a file, not a folder


def test_names_that_would_act_on_a_terminal_are_not_offered(folder: Path) -> None:
    """Anyone may name a file in a shared folder: `\x1b]2;...\x07` set the terminal's title
    from the open dialog's list, `\x1b[2J` cleared the screen."""
    for name in ("a\x1b]2;PWNED\x07.toml", "b\x1b[2Jx.toml", "c\u202egnp.toml", "d\x9b.toml"):
        (folder / name).write_text("")
    (folder / "e\x1b[31m").mkdir()
    assert shown("") == [
        "sites/",
        "multi.toml",
        "plan9.toml",
        "plan10.toml",
        "site-a.toml",
        "site-b.toml",
    ]
    assert candidates("a").completed("a") == "a"  # tab completes nothing into the field
