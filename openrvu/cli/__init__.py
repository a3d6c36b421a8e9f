"""The `openrvu` command line: a click group whose default command is `serve`."""

from . import code, data, imports, serve, stats  # noqa: F401  (each module registers its subcommands)
from . import price  # noqa: F401,E402  (openrvu price, openrvu code history)
from . import search  # noqa: F401,E402  (openrvu search)
from .main import cli


def main():
    cli(prog_name="openrvu")


__all__ = ["cli", "main"]
