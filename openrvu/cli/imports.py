"""`openrvu import PATH...`: read official files, folders or ZIPs and load them into the catalog."""

import sys

import click

from .main import cli, print_json, setup_django, user_errors


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--replace", is_flag=True, help="Re-import a release that is already in the catalog from this file.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@user_errors
def import_command(paths, replace, as_json):
    """Import official CMS files (PPRRVU, GPCI, LOCCO, ANES, HCPCS, MUE, PTP, CARC/RARC).

    PATHS may be files, folders (searched recursively) or ZIPs. Every file is read and checked first; one bad
    file stops the import with its file, line and column, and nothing is written. Each file is then imported
    in one transaction. Importing a release that is already there changes nothing.
    """
    setup_django()
    from openrvu.catalog.importer import apply_import, plan_import

    with _progress(enabled=not as_json) as progress:
        reading = progress.add_task("Reading", total=None)
        planned, unknown = plan_import(paths, on_file=lambda f: progress.update(
            reading, advance=1, description=f"Reading {f.basename}"))
        progress.update(reading, description=f"Read {len(planned)} files", total=len(planned),
                        completed=len(planned))
        writing = progress.add_task("Writing", total=sum(len(p.parsed.records) for p in planned))
        results = apply_import(planned, replace=replace, on_rows=lambda n: progress.advance(writing, n))
    if as_json:
        print_json({"files": [vars(r) for r in results], "not_read": unknown})
        return
    _print_results(results, unknown)


def _print_results(results, unknown):
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Import")
    for column in ("file", "release", "status", "rows", "note"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for r in results:
        table.add_row(_short(r.file), r.release, r.status, f"{r.rows:,}", _short(r.note))
    console = Console()
    console.print(table)
    if unknown:
        console.print(f"{len(unknown)} file(s) not read (not a kind openrvu reads): "
                      + ", ".join(name.rsplit("/", 1)[-1] for name in unknown))
    imported = sum(r.rows for r in results)
    console.print(f"{sum(r.status != 'skipped' for r in results)} file(s) imported, {imported:,} rows; "
                  f"{sum(r.status == 'skipped' for r in results)} skipped")


def _short(text):
    """Folders make file names too long for a terminal table; the file's own name is what identifies it."""
    return " ".join(word.rsplit("/", 1)[-1] if "/" in word else word for word in text.split(" "))


def _progress(enabled):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    disable=not enabled or not sys.stderr.isatty(), transient=False,
                    console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
