"""`openrvu search`: codes ranked by relevance to a code, a code prefix or words; or a file of queries."""

import json
import textwrap

import click

from openrvu.errors import UserError

from .main import cli, print_json, setup_django, user_errors

DATE = click.DateTime(formats=["%Y-%m-%d"])


@cli.command()
@click.argument("query", required=False)
@click.option("--batch", "batch_file", type=click.Path(dir_okay=False),
              help="Search each line of FILE instead (blank lines skipped); with --json, one JSON line per query.")
@click.option("--limit", default=10, show_default=True, type=int, help="Results per query (1 to 100).")
@click.option("--system", type=click.Choice(["CPT", "HCPCS", "CDT"], case_sensitive=False),
              help="Only codes of this system.")
@click.option("--category", help="Only codes in this category (a slug from /codes, e.g. cdt-diagnostic-imaging).")
@click.option("--status", help="Only codes with this PFS status indicator (e.g. A, or A,R).")
@click.option("--date", "on", type=DATE, help="Date of service (YYYY-MM-DD); the releases in force on it are "
              "searched. Default: today.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the same as GET /api/search).")
@user_errors
def search(query, batch_file, limit, system, category, status, on, as_json):
    """Find codes by QUERY: a code (d0707, 70100-26), the start of one (D07), or words, plain language and
    typos included ("tooth root x-ray", "flu shot", "colonscopy"). Best first, with why each matched."""
    if (query is None) == (batch_file is None):
        raise UserError("give either QUERY or --batch FILE")
    setup_django()
    from openrvu.services.search import clean_query, search as search_codes

    options = {"limit": limit, "system": system, "category": category, "status": status,
               "on": on.date() if on else None}
    if query is not None:
        answer = search_codes(query, **options)
        print_json(answer) if as_json else _print_answer(answer)
        return
    lines = _read_batch(batch_file)
    for number, text in lines:  # every line is checked before anything is printed
        try:
            clean_query(text)
        except UserError as error:
            raise UserError(f"{batch_file}, line {number}: {error}") from None
    for number, text in lines:
        try:
            answer = search_codes(text, **options)
        except UserError as error:
            raise UserError(f"{batch_file}, line {number}: {error}") from None
        if as_json:
            click.echo(json.dumps({"line": number, **answer}))
        else:
            _print_answer(answer, f"line {number}: ")


def _read_batch(path):
    """[(line number, query)] of a text file, blank lines skipped; refuses a file it cannot read as text."""
    try:
        with open(path, encoding="utf-8") as handle:
            raw = handle.read().splitlines()
    except OSError as error:
        raise UserError(f"{path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        line = raw_line_of(path, error.start)
        raise UserError(f"{path}, line {line}: not UTF-8 text") from None
    return [(number, text.strip()) for number, text in enumerate(raw, start=1) if text.strip()]


def raw_line_of(path, offset):
    with open(path, "rb") as handle:
        return handle.read()[:offset].count(b"\n") + 1


def _print_answer(answer, label=""):
    from rich.console import Console

    console = Console()
    heading = f"{label}{answer['query']!r}: {answer['total']:,} found (date of service {answer['date']}; " \
              f"{', '.join(answer['releases'])})"
    if answer["corrections"]:
        heading += "; read " + ", ".join(f"{c['word']!r} as {c['read_as']!r}" for c in answer["corrections"])
    console.print(heading, markup=False, highlight=False)
    if not answer["results"]:
        console.print(answer["message"], markup=False, highlight=False)
        return
    if console.width < WIDE:
        _print_list(console, answer["results"])
    else:
        _print_table(console, answer["results"])


WIDE = 100  # columns: a narrower terminal gets one block per result instead of a table


def _print_table(console, results):
    from rich.table import Table

    table = Table()
    table.add_column("#")
    table.add_column("code", no_wrap=True)
    table.add_column("name", max_width=48)
    table.add_column("category", max_width=24)
    table.add_column("score")
    table.add_column("matched", max_width=40, no_wrap=True, overflow="ellipsis")
    for result in results:
        table.add_row(str(result["rank"]), _code(result), result["name"], result["category"]["name"],
                      f"{result['score']:.2f}", _matched(result))
    console.print(table)


def _print_list(console, results):
    """One block per result: rank, code and score, then the name, the category and what matched, indented."""
    for result in results:
        console.print(f"{result['rank']:>2}. {_code(result)}  score {result['score']:.2f}", markup=False,
                      highlight=False)
        for line, style in ((result["name"], None), (result["category"]["name"], "dim"), (_matched(result), "dim")):
            wrapped = textwrap.fill(line, width=max(console.width, 40), initial_indent="    ",
                                    subsequent_indent="    ")
            console.print(wrapped, style=style, markup=False, highlight=False, soft_wrap=True)


def _code(result):
    return result["code"] + (f"-{result['modifier']}" if result["modifier"] else "")


def _matched(result):
    return f"{result['snippet']['field']}: {result['snippet']['text']}"
