"""The README cannot drift from the code: every command, option and API route it must document is there."""

import re
from pathlib import Path

import click

from openrvu.api.routes import api
from openrvu.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


def test_every_cli_command_and_option_is_in_the_readme():
    for words, command in commands(cli):
        if isinstance(command, click.Group):
            continue
        usage = "openrvu " + " ".join(words)
        # A command may have several usage lines (e.g. `openrvu price CODE …` and `openrvu price --claim …`).
        lines = [l for l in README.splitlines() if l == usage or l.startswith(usage + " ")]
        assert lines, f"README has no usage line for `{usage}`"
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option not in ("--help",):
                    assert any(option in line for line in lines), f"`{usage}` usage lines lack {option}"


def test_every_api_route_is_in_the_readme():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}" in README, f"README does not document {method.upper()} {path}"


def test_readme_has_the_two_commands_and_ci_calls_the_test_one():
    assert "scripts/serve" in README and "scripts/test" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert re.search(r"^exec scripts/test\b", ci, re.M)
