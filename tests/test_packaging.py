"""A built wheel carries the engine, the bundled rules with their moves and cases, and the type marker."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return zipfile.ZipFile(next(out.glob("requestlint-*.whl")))


def test_packaging_wheel_has_rules_moves_cases_and_kind_model(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    rules = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yml"))
    assert rules, "the repository has rules"
    missing = [r for r in rules if f"requestlint/_rules/{r}" not in names]
    assert missing == []
    assert {"_vocab/greetings.yml", "_vocab/sign-offs.yml", "_kinds/features.yml"} <= set(rules)
    assert "requestlint/_rules/_kinds/model.json" in names, "the trained kind model ships with the package"
    assert "requestlint/py.typed" in names
    assert "requestlint/cli.py" in names


def test_packaging_wheel_declares_console_script(wheel: zipfile.ZipFile) -> None:
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "requestlint = requestlint.cli:entry" in wheel.read(entry_points).decode()


def test_packaging_wheel_has_the_drafting_page(wheel: zipfile.ZipFile) -> None:
    from requestlint.server.page import ASSETS

    names = set(wheel.namelist())
    static = ROOT / "src" / "requestlint" / "server" / "static"
    shipped = sorted(p.name for p in static.iterdir())
    assert sorted([*ASSETS, "index.html"]) == shipped, "every page file is served, and every served file exists"
    assert [n for n in shipped if f"requestlint/server/static/{n}" not in names] == []
