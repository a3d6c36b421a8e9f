"""`openrvu code show`: one code's descriptors and every field of the releases in force."""

import click

from .main import cli, print_json, setup_django, user_errors


@cli.group()
def code():
    """Look up procedure codes."""


@code.command("show")
@click.argument("code_text", metavar="CODE")
@click.option("--mod", "modifier", help="Modifier row to show, e.g. 26 or TC (or write CODE-MOD).")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date of service (YYYY-MM-DD); the releases in force on it are used. Default: today.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the same as GET /api/codes/{code}).")
@user_errors
def show(code_text, modifier, on, as_json):
    """Show CODE's descriptors and every RVU and indicator field, naming the release each came from."""
    setup_django()
    from openrvu.services.codes import look_up_code

    data = look_up_code(code_text, modifier, on.date() if on else None)
    if as_json:
        print_json(data)
        return
    _print_code(data)


def _print_code(data):
    from rich.console import Console
    from rich.table import Table

    console = Console()
    title = data["code"] + (f"-{data['modifier']}" if data["modifier"] else "")
    console.print(f"[bold]{title}[/bold]  {data['short_descriptor'] or ''}  (date of service {data['date_of_service']})")
    if data["long_descriptor"]:
        console.print(data["long_descriptor"])
    for part in ("pfs", "hcpcs", "mue"):
        if not data[part]:
            continue
        release = data[part]["release"]
        table = Table(title=f"{release['name']} (in force {release['effective_from']} to "
                            f"{release['effective_to'] or 'superseded'}; {release['source_file'].rsplit('/', 1)[-1]})")
        table.add_column("field")
        table.add_column("value")
        for name, value in data[part]["fields"].items():
            table.add_row(name, "" if value is None else str(value))
        console.print(table)
    if data["pfs"] and len(data["pfs"]["modifier_rows"]) > 1:
        rows = ", ".join(m or "(global)" for m in data["pfs"]["modifier_rows"])
        console.print(f"Fee schedule rows for {data['code']}: {rows}")
