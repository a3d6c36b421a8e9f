"""Entry point and shared plumbing of the `openrvu` command: Django set-up and one-line errors."""

import functools
import json
import os
import sys

import click

from openrvu import __version__
from openrvu.errors import UserError


def setup_django():
    """Configure Django and bring the schema up to date, so every command works on a fresh data dir."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openrvu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)


def user_errors(command):
    """Turn the errors a user can cause (bad file, unknown code, no release) into one line and exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UserError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)

    return wrapper


def print_json(data):
    click.echo(json.dumps(data, indent=2))


class DefaultGroup(click.Group):
    """A group that runs `serve` when no subcommand is given (as datasette does)."""

    def parse_args(self, ctx, args):
        if not args or (args[0].startswith("-") and args[0] not in ("--help", "-h", "--version")):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="openrvu")
def cli():
    """openrvu: US procedure codes (CPT, HCPCS, CDT) explained from the official CMS files.

    With no command, runs `serve`. Data lives in $OPENRVU_DATA_DIR (default ~/.local/share/openrvu);
    set DATABASE_URL to use PostgreSQL instead of the SQLite file there.
    """
