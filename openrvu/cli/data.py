"""`openrvu data sync`: fetch the official files listed in the manifest, or copy them from a mirror folder."""

from pathlib import Path

import click

from .main import cli, print_json, user_errors


@cli.group()
def data():
    """Get the official CMS files."""


@data.command("sync")
@click.option("--mirror", type=click.Path(file_okay=False, path_type=Path),
              help="Copy from this folder instead of downloading (offline installs). "
                   "Default: $OPENRVU_MIRROR if set.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="Where to keep the files. Default: <data dir>/official.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@user_errors
def sync_command(mirror, cache, as_json):
    """Download the releases in the manifest into the cache and verify their SHA-256 checksums."""
    import os

    from openrvu.sources.sync import sync

    mirror = mirror or (Path(os.environ["OPENRVU_MIRROR"]) if os.environ.get("OPENRVU_MIRROR") else None)
    cache = cache or default_cache()
    report = sync(cache, mirror=mirror)
    if as_json:
        print_json(report.as_dict())
        return
    click.echo(report.summary())
    click.echo(f"Import them with: openrvu import {cache}")


def default_cache():
    from openrvu.settings import DATA_DIR

    return DATA_DIR / "official"
