"""`openrvu serve`: the site, the JSON API and the admin behind gunicorn."""

import os
import sys

import click

from .main import cli, setup_django


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Worker processes (default: 2 × CPU cores, at most 8).")
def serve(host, port, workers):
    """Serve the site and the JSON API (gunicorn, static files by whitenoise)."""
    setup_django()
    workers = workers or min(8, 2 * (os.cpu_count() or 1))
    click.echo(f"openrvu: serving http://{host}:{port}/ with {workers} workers (Ctrl-C to stop)", err=True)
    args = [sys.executable, "-m", "gunicorn", "openrvu.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--access-logfile", "-", "--log-level", "warning"]
    os.execv(sys.executable, args)
