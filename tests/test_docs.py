"""Every CLI command has help text and is documented in the README (datasette/sqlite-utils habit)."""

from pathlib import Path

import pytest
from typer.main import get_command

from dyads.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_command_is_in_readme(name):
    assert f"dyads {name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_command_has_help(name):
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.strip()) > 10


def test_docs_readme_opens_with_the_two_commands():
    block = README.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "dyads ingest --sample" in block[0]
    assert "pytest" in block[1]
