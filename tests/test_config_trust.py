"""A settings file found by walking up may not send drafts off this machine (issue 12, defect 11).

A ``pyproject.toml`` or ``requestlint.toml`` in any parent folder is read automatically, so whoever can write
such a folder could set ``languagetool_url`` to their own host and receive every draft checked below it. Only a
loopback server is taken from such a file; a remote one comes from the user's own settings.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

import requestlint
from requestlint.cli import _settings, build_parser
from requestlint.config import SettingsWarning, is_loopback_url, load_settings, read_settings_file
from requestlint.grammar import URL_ENV, GrammarChecker

ROOT = Path(__file__).resolve().parent.parent
REMOTE = "https://lt.example.com"
DRAFT = ROOT / "examples" / "drafts" / "good" / "student-epidemiology.txt"


def project(folder: Path, url: str, *, name: str = "pyproject.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    table = "" if name == "requestlint.toml" else '[project]\nname = "class"\n\n[tool.requestlint]\n'
    path = folder / name
    setting = f"languagetool_url = {json.dumps(url)}"  # a TOML basic string
    path.write_text(f'{table}select = []\nlanguagetool = "auto"\n{setting}\n', encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)


@pytest.mark.parametrize("name", ["pyproject.toml", "requestlint.toml"])
def test_config_trust_discovered_remote_url_is_ignored_with_a_note(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reproducer: a project file found walking up named the server that receives every draft."""
    path = project(tmp_path, REMOTE, name=name)
    (tmp_path / "drafts").mkdir()
    monkeypatch.chdir(tmp_path / "drafts")
    with pytest.warns(SettingsWarning, match="languagetool_url 'https://lt.example.com' ignored") as caught:
        settings = load_settings()
    assert settings.languagetool_url is None
    assert settings.select == [] and settings.languagetool == "auto", "the file's other settings still apply"
    [note] = caught.list
    line = path.read_text(encoding="utf-8").splitlines().index(f'languagetool_url = "{REMOTE}"') + 1
    assert (Path(note.filename), note.lineno) == (path, line), "the note names the file and line"
    assert "REQUESTLINT_LANGUAGETOOL_URL" in str(note.message) and "--config" in str(note.message)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8081",
        "http://127.0.0.1:8081/",
        "127.0.0.1:8081",  # language_tool_python reads it as http://
        "http://localhost:8081",
        "HTTP://LOCALHOST:8081",
        "https://127.0.0.2",
        "http://[::1]:8081",
    ],
)
def test_config_trust_discovered_loopback_url_is_kept(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path, url)
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SettingsWarning)
        assert load_settings().languagetool_url == url


@pytest.mark.parametrize(
    "url",
    [
        "http://lt.example.com:8081",
        "lt.example.com:8081",
        "http://127.0.0.1@lt.example.com/",  # user info: the host is lt.example.com
        "http://lt.example.com\\@127.0.0.1/",  # parsers disagree on backslashes
        "http://127.0.0.1.nip.io:8081",
        "http://localhost.lt.example.com",
        "http://0.0.0.0:8081",
        "http://10.0.0.5:8081",
        "http://2130706433:8081",  # 127.0.0.1 as one number: a host name to us, an address to some resolvers
        "ftp://127.0.0.1",
        " http://127.0.0.1",
        "http://%31%32%37.0.0.1",
    ],
)
def test_config_trust_discovered_url_that_may_leave_the_machine_is_ignored(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path, url)
    monkeypatch.chdir(tmp_path)
    with pytest.warns(SettingsWarning):
        assert load_settings().languagetool_url is None
    assert not is_loopback_url(url)


def test_config_trust_the_users_own_settings_may_name_a_remote_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project(tmp_path, REMOTE)
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SettingsWarning)
        # a settings file the user names
        assert read_settings_file(path).languagetool_url == REMOTE
        assert (
            _settings(build_parser().parse_args(["check", "--config", str(path), "x.txt"])).languagetool_url == REMOTE
        )
    # a CLI option (it also switches grammar checks on)
    with pytest.warns(SettingsWarning):
        from_cli = _settings(build_parser().parse_args(["check", "--languagetool", "https://lt.mine.example", "x.txt"]))
    assert (from_cli.languagetool_url, from_cli.languagetool) == ("https://lt.mine.example", "remote")
    # the environment variable
    monkeypatch.setenv(URL_ENV, "https://lt.mine.example")
    with pytest.warns(SettingsWarning):
        settings = load_settings()
    assert GrammarChecker(settings.languagetool, settings.languagetool_url, 2.0).url == "https://lt.mine.example"
    # the API's Settings
    assert requestlint.Settings(languagetool_url=REMOTE).languagetool_url == REMOTE


@pytest.mark.model
def test_config_trust_check_sends_nothing_where_a_discovered_file_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the fix, grammar was 'unavailable' here: requestlint had tried to reach lt.example.com."""
    project(tmp_path, REMOTE)
    monkeypatch.chdir(tmp_path)
    with pytest.warns(SettingsWarning):
        report = requestlint.check(DRAFT.read_text(encoding="utf-8"))
    assert report.grammar.state == "off" and report.grammar.server is None


@pytest.mark.model
def test_config_trust_cli_check_and_sendmail_show_the_note_and_stay_local(tmp_path: Path) -> None:
    """A fresh process (warnings shown as Python shows them): the note is on stderr, and no host is looked up."""
    path = project(tmp_path / "class", "http://lt.example.com:8081")
    code = textwrap.dedent(
        """
        import sys
        looked_up = []
        sys.addaudithook(lambda event, args: looked_up.append(args) if event.startswith("socket.") else None)
        from requestlint.cli import main
        status = main(sys.argv[1:])
        hosts = [str(args) for args in looked_up if "example.com" in str(args)]
        assert not hosts, hosts
        sys.exit(status)
        """
    )
    check = subprocess.run(
        [sys.executable, "-c", code, "check", "--format", "json", str(DRAFT)],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode in (0, 1), check.stderr
    assert json.loads(check.stdout)[0]["grammar"]["state"] == "off"
    line = path.read_text(encoding="utf-8").splitlines().index('languagetool_url = "http://lt.example.com:8081"') + 1
    assert f"{path}:{line}: SettingsWarning: languagetool_url 'http://lt.example.com:8081' ignored" in check.stderr
    out = tmp_path / "delivered.eml"
    sendmail = [sys.executable, "-c", f"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())"]
    gate = subprocess.run(
        [sys.executable, "-c", code, "sendmail", "--", *sendmail],
        cwd=path.parent,
        input=DRAFT.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert gate.returncode == 0, gate.stderr
    assert out.read_bytes() == DRAFT.read_bytes()
    assert "SettingsWarning" in gate.stderr
