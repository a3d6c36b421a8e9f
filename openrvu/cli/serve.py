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
            "--workers", str(workers), "--access-logfile", "-", "--log-level", "warning",
            "--config", "python:openrvu.cli.serve"]
    os.execv(sys.executable, args)


# gunicorn reads the settings below from this module (`--config python:openrvu.cli.serve`): the application is
# loaded once in the master, which then loads the search index before it starts the workers, so that every
# worker has it from its first request (the workers share its memory, copy-on-write).
preload_app = True


def when_ready(server):
    """gunicorn hook, in the master before the workers fork: load the URL patterns (every view) and the search
    index, then close the database connections so that no worker inherits one."""
    from django.db import connections
    from django.urls import get_resolver

    from openrvu.services.search import warm_up

    get_resolver().url_patterns  # import every view and the API once, here rather than in each worker
    seconds = warm_up()
    connections.close_all()
    print(f"openrvu: search index ready in {seconds:.2f} s", file=sys.stderr, flush=True)
