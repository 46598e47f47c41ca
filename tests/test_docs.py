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


GUIDE = (Path(__file__).resolve().parents[1] / "docs" / "guide.md").read_text(encoding="utf-8")


def _help_lines() -> dict[str, str]:
    """Return each command's first help line, sub-commands as 'group name'."""
    root = get_command(app)
    found = {}
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            for sub, inner in command.commands.items():
                found[f"{name} {sub}"] = (inner.help or "").strip().splitlines()[0]
        else:
            found[name] = (command.help or "").strip().splitlines()[0]
    return found


@pytest.mark.parametrize(("name", "help_line"), sorted(_help_lines().items()))
def test_docs_guide_lists_every_command_with_its_help(name, help_line):
    assert f"| `dyads {name}` | {help_line} |" in GUIDE


@pytest.mark.parametrize("index", range(GUIDE.count("```python")))
def test_docs_guide_python_examples_run(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    block = GUIDE.split("```python")[index + 1].split("```", 1)[0]
    exec(compile(block, f"docs/guide.md python block {index + 1}", "exec"), {})
