"""`openrvu stats`: counts per source and release."""

import click

from .main import cli, print_json, setup_django


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(as_json):
    """Show what is imported: row counts per source and release."""
    setup_django()
    from openrvu.services.stats import catalog_stats

    data = catalog_stats()
    if as_json:
        print_json(data)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Catalog")
    for column in ("source", "release", "in force", "rows", "detail", "file"):
        table.add_column(column)
    for r in data["releases"]:
        detail = ", ".join(f"{k}: {v:,}" for k, v in r["counts"].items() if k != "rows")
        table.add_row(r["label"], r["name"], f"{r['effective_from']} to {r['effective_to'] or 'superseded'}",
                      f"{r['counts']['rows']:,}", detail, r["file"])
    Console().print(table if data["releases"] else "Nothing imported yet: run `openrvu import PATH`.")
