"""The user cache that spares a cold start the rule files' YAML and the CMU dictionary (``usercache``)."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import VALID_RULE
from requestlint import usercache
from requestlint.bundled import bundled_rules_dir
from requestlint.errors import RuleLoadError
from requestlint.loader import load_rules, load_rules_from


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("REQUESTLINT_CACHE_DIR", str(tmp_path / "cache"))
    load_rules.cache_clear()
    yield tmp_path / "cache"
    load_rules.cache_clear()


def test_a_value_is_built_once_and_read_back(cache: Path) -> None:
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"a": 1}

    assert usercache.cached("thing", "k1", build) == {"a": 1}
    assert usercache.cached("thing", "k1", build) == {"a": 1}
    assert len(builds) == 1
    assert [p.name for p in cache.iterdir()] == ["thing-k1.pickle"]


def test_a_new_key_replaces_the_old_entry(cache: Path) -> None:
    usercache.cached("thing", "k1", lambda: 1)
    assert usercache.cached("thing", "k2", lambda: 2) == 2
    assert sorted(p.name for p in cache.iterdir()) == ["thing-k2.pickle"]


def test_a_broken_entry_is_rebuilt_and_an_unwritable_folder_is_no_error(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.mkdir()
    (cache / "thing-k1.pickle").write_bytes(b"not a pickle")
    assert usercache.cached("thing", "k1", lambda: 3) == 3
    assert pickle.loads((cache / "thing-k1.pickle").read_bytes()) == 3
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("REQUESTLINT_CACHE_DIR", str(blocker / "cache"))  # a folder under a file cannot be made
    assert usercache.cached("thing", "k1", lambda: 4) == 4


def test_an_entry_others_may_write_is_not_trusted(cache: Path) -> None:
    usercache.cached("thing", "k1", lambda: 1)
    entry = cache / "thing-k1.pickle"
    entry.write_bytes(pickle.dumps("planted"))
    entry.chmod(0o666)  # group and others may write it: it could have been planted
    assert usercache.cached("thing", "k1", lambda: 2) == 2
    entry.chmod(0o600)  # rebuilt entries are private again
    assert usercache.cached("thing", "k1", lambda: 3) == 2


def test_off_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTLINT_CACHE_DIR", "off")
    assert usercache.cache_dir() is None
    assert usercache.cached("thing", "k", lambda: 5) == 5


def test_the_key_follows_the_bytes_of_the_files(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text("one")
    first = usercache.digest_of_files([path])
    assert usercache.digest_of_files([path]) == first
    path.write_text("two")
    assert usercache.digest_of_files([path]) != first


def test_cached_rules_equal_freshly_loaded_rules(cache: Path) -> None:
    fresh = load_rules_from([bundled_rules_dir()])
    first = load_rules()  # loads and stores
    load_rules.cache_clear()
    again = load_rules()  # read back from the cache
    assert any(cache.glob("rules-*.pickle"))
    assert first == fresh and again == fresh


def test_an_edited_rule_pack_loads_afresh(cache: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "extra").mkdir(parents=True)
    rule = pack / "extra" / "ZZZ01.yml"
    rule.write_text(VALID_RULE)
    assert "ZZZ01" in {r.code for r in load_rules((pack,)).rules}
    rule.write_text(VALID_RULE.replace("severity: warning", "severity: error"))
    load_rules.cache_clear()
    (ours,) = [r for r in load_rules((pack,)).rules if r.code == "ZZZ01"]
    assert ours.severity.value == "error"


def test_a_data_file_is_validated_once_and_read_again_when_it_changes(cache: Path, tmp_path: Path) -> None:
    from requestlint.schema import PartVocabulary
    from requestlint.yamlfile import cached_model_file

    path = tmp_path / "greetings.yml"
    path.write_text("name: greetings\ndescription: openers\nformal: [dear]\n", encoding="utf-8")
    first = cached_model_file("vocabulary-test", path, PartVocabulary)
    assert first.formal == ["dear"] and len(list(cache.glob("vocabulary-test-*.pickle"))) == 1
    stored = next(cache.glob("vocabulary-test-*.pickle"))
    assert pickle.loads(stored.read_bytes()) == first  # what a later start reads back
    path.write_text("name: greetings\ndescription: openers\nformal: [dear, hello]\n", encoding="utf-8")
    assert cached_model_file("vocabulary-test", path, PartVocabulary).formal == ["dear", "hello"]
    path.write_text("name: greetings\nformal: [dear]\n", encoding="utf-8")  # invalid: never served from the cache
    with pytest.raises(RuleLoadError, match="description"):
        cached_model_file("vocabulary-test", path, PartVocabulary)
