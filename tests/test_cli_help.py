"""Every command of ``lineage`` explains itself."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from lineage.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


ALL = list(_commands(main))


def test_every_expected_command_is_there():
    names = {" ".join(path) for path, _ in ALL}
    assert {"db start", "db stop", "db status", "load", "stats", "generate", "ancestry", "descendants", "path",
            "common", "artist", "credit", "top", "metrics", "cypher", "export", "serve", "render",
            "demo", "db reset"} <= names


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=[" ".join(p) for p, _ in ALL])
def test_help_text(path):
    command = dict(ALL)[path]
    assert (command.help or "").strip(), f"lineage {' '.join(path)} has no help text"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert (param.help or "").strip(), f"{' '.join(path)} {param.opts[0]} has no help text"
