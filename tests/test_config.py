from pathlib import Path

import pytest

from dyads.config import load_settings
from dyads.errors import DataFileError


def test_config_paths_are_relative_to_the_file(tmp_path):
    config = tmp_path / "dyads.toml"
    config.write_text(
        '[dyads]\ndb = "e.duckdb"\ndictionaries = ["d/a.tsv"]\nverbs = "v.tsv"\n', encoding="utf-8"
    )
    settings = load_settings(config)
    assert settings.db == tmp_path / "e.duckdb"
    assert settings.dictionaries == (tmp_path / "d" / "a.tsv",)
    assert settings.verbs == (tmp_path / "v.tsv",)
    assert settings.agents == ()


def test_config_absent_default_file_gives_empty_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DYADS_CONFIG", raising=False)
    assert load_settings().path is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[dyads]\ndb = 3\n", "db must be a path"),
        ("[dyads]\ncolour = 'red'\n", "unknown key(s) in [dyads]: colour"),
        ("[dyads\n", "not a valid TOML file"),
        ("[dyads]\nverbs = [1]\n", "verbs must be a path or a list of paths"),
    ],
)
def test_config_errors_name_the_file(tmp_path, text, reason):
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"bad\.toml: .*{reason.split('(')[0][:20]}"):
        load_settings(config)


def test_config_explicit_missing_file_is_an_error(tmp_path):
    with pytest.raises(DataFileError, match="no such config file"):
        load_settings(Path(tmp_path / "none.toml"))
