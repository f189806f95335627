"""Settings: found walking up from the current folder, validated strictly, errors naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from requestlint.config import DEFAULT_WEIGHTS, Settings, find_config, load_settings, settings_from_file
from requestlint.errors import ConfigError
from requestlint.models import DraftKind, Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings == Settings()
    assert settings.select == [] and settings.ignore == []
    assert settings.fail_on is Severity.WARNING
    assert settings.kind is None
    assert settings.weights == {Severity.ERROR: 15.0, Severity.WARNING: 10.0, Severity.INFO: 0.0}


def test_config_requestlint_toml_found_from_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(
        tmp_path / "requestlint.toml",
        '# class settings\nselect = ["tone", "ASK03"]\nignore = ["TON05"]\nfail_on = "error"\nkind = "request"\n',
    )
    deep = tmp_path / "drafts" / "week1"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    found = find_config(Path.cwd())
    assert found is not None
    assert found[0] == config.resolve()
    settings = load_settings()
    assert settings.select == ["tone", "ASK03"]
    assert settings.ignore == ["TON05"]
    assert settings.fail_on is Severity.ERROR
    assert settings.kind is DraftKind.REQUEST


def test_config_pyproject_tool_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "career-class"\nversion = "1.0"\n\n'
        '[tool.requestlint]\nselect = ["informal-tone"]\npreview = true\n\n[tool.requestlint.weights]\n'
        "error = 20.0\nwarning = 5.0\ninfo = 1.0\n",
    )
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    found = find_config(Path.cwd())
    assert found is not None and found[0] == pyproject.resolve()
    settings = load_settings()
    assert settings.select == ["informal-tone"]
    assert settings.preview is True
    assert settings.weights == {Severity.ERROR: 20.0, Severity.WARNING: 5.0, Severity.INFO: 1.0}


def test_config_pyproject_without_table_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "requestlint.toml", 'select = ["TON01"]\n')
    write(tmp_path / "app" / "pyproject.toml", '[project]\nname = "app"\n\n[tool.ruff]\nline-length = 100\n')
    monkeypatch.chdir(tmp_path / "app")
    found = find_config(Path.cwd())
    assert found is not None and found[0] == (tmp_path / "requestlint.toml").resolve()
    assert load_settings().select == ["TON01"]


def test_config_nearest_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "requestlint.toml", 'select = ["outer"]\n')
    write(tmp_path / "inner" / "pyproject.toml", '[tool.requestlint]\nselect = ["inner"]\n')
    monkeypatch.chdir(tmp_path / "inner")
    assert load_settings().select == ["inner"]


def test_config_edited_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # check() looks for settings on every call and keeps what it parsed: an edit, a broken file and a removed
    # file must all be seen by the next call
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "requestlint.toml", 'select = ["SUB01"]\n')
    first = load_settings()
    assert first.select == ["SUB01"]
    assert load_settings() is first, "an unchanged file is not parsed and validated again"
    write(path, 'select = ["TON01", "TON02"]\n')
    assert load_settings().select == ["TON01", "TON02"]
    write(path, "select = [\n")
    with pytest.raises(ConfigError):
        load_settings()
    path.unlink()
    assert load_settings() == Settings()


def test_config_requestlint_toml_beats_pyproject_in_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "requestlint.toml", 'select = ["from-toml"]\n')
    write(tmp_path / "pyproject.toml", '[tool.requestlint]\nselect = ["from-pyproject"]\n')
    monkeypatch.chdir(tmp_path)
    assert load_settings().select == ["from-toml"]


def test_config_extra_rule_dirs_relative_to_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "course" / "requestlint.toml", 'extra_rule_dirs = ["house_rules", "../shared/rules"]\n')
    (tmp_path / "course" / "students" / "amy").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "course" / "students" / "amy")
    settings = load_settings()
    assert settings.extra_rule_dirs == [
        (tmp_path / "course" / "house_rules").resolve(),
        (tmp_path / "shared" / "rules").resolve(),
    ]


def test_config_extra_rule_dirs_absolute_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = (tmp_path / "elsewhere").resolve()
    write(tmp_path / "proj" / "requestlint.toml", f'extra_rule_dirs = ["{absolute.as_posix()}"]\n')
    monkeypatch.chdir(tmp_path / "proj")
    assert load_settings().extra_rule_dirs == [absolute]


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('select = ["tone"]\nfail_on = "error"\nignroe = ["ASK03"]\n', "ignroe", 3),
        ('# settings for the class\n\nseverity = "error"\nselect = ["tone"]\n', "severity", 3),
    ],
)
def test_config_unknown_key_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, key: str, line: int
) -> None:
    config = write(tmp_path / "requestlint.toml", text)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    with pytest.raises(ConfigError) as info:
        load_settings()
    error = info.value
    assert error.path == str(config.resolve())
    assert error.line == line
    assert f"unknown setting '{key}'" in error.message
    assert str(error).startswith(f"{config.resolve()}:{line}: RLE201")


def test_config_unknown_key_in_pyproject_names_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "career-class"\n\n[tool.requestlint]\nselect = ["tone"]\nfailon = "error"\n',
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert info.value.path == str(pyproject.resolve())
    assert info.value.line == 6
    assert "'failon'" in info.value.message


def test_config_unknown_key_in_pyproject_line_is_in_tool_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "career-class"\n\n[tool.hatch.build.targets.wheel]\nexclude = ["*.tmp"]\n\n'
        '[tool.requestlint]\nselect = ["tone"]\nexclude = ["drafts/old"]\n',
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "'exclude'" in info.value.message
    assert info.value.line == 9


@pytest.mark.parametrize(
    ("text", "setting", "line"),
    [
        ('select = "tone"\n', "select", 1),
        ('select = ["tone"]\nfail_on = "critical"\n', "fail_on", 2),
        ('preview = "sometimes"\n', "preview", 1),
        ('kind = "cover-letter"\n', "kind", 1),
        ('extra_rule_dirs = "rules"\n', "extra_rule_dirs", 1),
        ('weights = { error = "lots" }\n', "weights.error", 1),
    ],
)
def test_config_wrong_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, setting: str, line: int) -> None:
    config = write(tmp_path / "requestlint.toml", text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert info.value.path == str(config.resolve())
    assert info.value.line == line
    assert f"setting '{setting}'" in info.value.message


def test_config_invalid_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(tmp_path / "requestlint.toml", 'select = ["tone"]\nfail_on = error\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert info.value.path == str(config.resolve())
    assert info.value.line == 2
    assert "cannot read settings" in info.value.message


def test_config_partial_weights_keep_other_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "requestlint.toml", "[weights]\nerror = 20.0\n")
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.weights == {Severity.ERROR: 20.0, Severity.WARNING: 10.0, Severity.INFO: 0.0}


def test_config_settings_from_file_direct(tmp_path: Path) -> None:
    path = tmp_path / "custom.toml"
    path.write_text("", encoding="utf-8")
    settings = settings_from_file(path, {"select": ["JOB01"], "extra_rule_dirs": ["mine"]})
    assert settings.select == ["JOB01"]
    assert settings.extra_rule_dirs == [(tmp_path / "mine").resolve()]


# --- Settings.merged ----------------------------------------------------------------------------------------


def test_config_merged_overrides_values() -> None:
    base = Settings(select=["tone"], ignore=["TON05"], fail_on=Severity.ERROR)
    merged = base.merged(select=["ASK03", "JOB01"], fail_on="info", kind="thank-you", preview=True)
    assert merged.select == ["ASK03", "JOB01"]
    assert merged.ignore == ["TON05"]  # untouched
    assert merged.fail_on is Severity.INFO
    assert merged.kind is DraftKind.THANK_YOU
    assert merged.preview is True
    assert base.select == ["tone"]  # the original is not changed


def test_config_merged_none_and_empty_leave_values() -> None:
    base = Settings(select=["tone"], ignore=["TON05"], fail_on=Severity.ERROR, kind=DraftKind.REQUEST)
    merged = base.merged(select=[], ignore=None, fail_on=None, kind=None, preview=None, extra_rule_dirs=[])
    assert merged == base


def test_config_merged_false_overrides_true() -> None:
    assert Settings(preview=True).merged(preview=False).preview is False


def test_config_merged_invalid_value_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        Settings().merged(fail_on="critical")
    assert "fail_on" in info.value.message
    assert info.value.path is None


def test_config_merged_unknown_key_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        Settings().merged(colour="always")
    assert info.value.message == "unknown setting 'colour'"


def test_config_settings_frozen_and_default_weights_not_shared() -> None:
    first, second = Settings(), Settings()
    assert first.weights == DEFAULT_WEIGHTS
    assert first.weights is not DEFAULT_WEIGHTS
    assert first.weights is not second.weights
    with pytest.raises(ValidationError, match="frozen"):
        first.select = ["tone"]  # type: ignore[misc]
