"""`openrvu price` (one code or a claim file) and `openrvu code history`: Medicare payment and wRVU credit."""

import json

import click

from openrvu.errors import UserError

from .code import code as code_group
from .main import cli, print_json, setup_django, user_errors

DATE = click.DateTime(formats=["%Y-%m-%d"])


@cli.command()
@click.argument("code_text", metavar="CODE", required=False)
@click.option("--mod", "modifiers", multiple=True,
              help="A modifier (repeat for several), e.g. --mod 50; or write CODE-MOD.")
@click.option("--locality", help="MAC-LOCALITY as in the GPCI file, e.g. 01112-05. Default: national (GPCIs 1.0).")
@click.option("--state", help="Two-letter state, with --county, instead of --locality.")
@click.option("--county", help="County name, looked up in the locality-county crosswalk (LOCCO).")
@click.option("--date", "on", type=DATE, help="Date of service (YYYY-MM-DD). Default: today.")
@click.option("--facility", is_flag=True, help="Facility setting (hospital, ASC, SNF…): facility PE RVUs.")
@click.option("--units", default="1", show_default=True, help="Units of service (1 to 999).")
@click.option("--claim", "claim_file", type=click.Path(dir_okay=False),
              help="Price a claim instead: a JSON file as for POST /api/price.")
@click.option("--plan", "plan_file", type=click.Path(dir_okay=False),
              help="wRVU credit plan, a YAML or JSON file (fields as in the claim's credit_plan).")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON (the same as GET /api/price/{code} or POST /api/price).")
@user_errors
def price(code_text, modifiers, locality, state, county, on, facility, units, claim_file, plan_file, as_json):
    """Medicare payment and wRVU credit for CODE, or for every line of a claim (--claim FILE.json).

    Each amount comes with its adjustments (bilateral, multiple procedures, co-surgeon, assistant…) and the
    CMS rule behind each.
    """
    if bool(code_text) == bool(claim_file):
        raise UserError("give either CODE or --claim FILE.json")
    if claim_file and any((modifiers, locality, state, county, on, facility, units != "1")):
        raise UserError("with --claim, put the date, locality and lines in the claim file")
    setup_django()
    from openrvu.services.pricing import load_credit_plan, plan_json, price_claim

    plan = plan_json(load_credit_plan(plan_file)) if plan_file else None
    if claim_file:
        claim = _read_claim(claim_file)
        if plan is not None and isinstance(claim, dict):
            claim["credit_plan"] = plan
    else:
        claim = {"date": on.date().isoformat() if on else None, "locality": locality, "state": state,
                 "county": county, "facility": facility,
                 "lines": [{"code": code_text, "modifiers": list(modifiers), "units": units}]}
        if plan is not None:
            claim["credit_plan"] = plan
    result = price_claim(claim)
    if as_json:
        print_json(result)
    else:
        _print_result(result)


def _read_claim(path):
    from openrvu.services.pricing import ClaimError

    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise ClaimError(f"{path}: cannot read the claim ({error.strerror})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ClaimError(f"{path}: not valid JSON: {error}") from None


def _print_result(result):
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for place in result["localities"]:
        console.print(f"[bold]{place['name']}[/bold] ({place['key']}): GPCIs work {place['work_gpci']}, "
                      f"PE {place['pe_gpci']}, MP {place['mp_gpci']}. {place['how']}")
    table = Table(title=", ".join(r["name"] for r in result["releases"]))
    for column in ("line", "code", "units", "setting", "fee schedule", "amount", "wRVU"):
        table.add_column(column, justify="right" if column in ("fee schedule", "amount", "wRVU") else "left")
    for line in result["lines"]:
        fee = (line["fee_schedule"] or {}).get(line["setting"]) or {}
        table.add_row(str(line["line"]), "-".join([line["code"], *line["modifiers"]]), str(line["units"]),
                      line["setting"], fee.get("amount") or "—", line["amount"] or "—", line["wrvu"]["credit"])
    table.add_row("", "[bold]total[/bold]", "", "", "", f"[bold]{result['totals']['amount']}[/bold]",
                  f"[bold]{result['totals']['wrvu']}[/bold]")
    console.print(table)
    for line in result["lines"]:
        label = "-".join([line["code"], *line["modifiers"]])
        console.print(f"[bold]Line {line['line']} {label}[/bold] {line['description'] or ''}")
        fee = (line["fee_schedule"] or {}).get(line["setting"]) or {}
        if fee.get("formula"):
            console.print(f"  {fee['formula']}")
        for step in line["adjustments"][1:]:
            console.print(f"  {step['text']} [{step['before']} → {step['after']}] ({step['source']})")
        if line["reason"]:
            console.print(f"  No amount: {line['reason']} ({line['reason_source']})")
        for step in line["wrvu"]["steps"]:
            console.print(f"  wRVU: {step['text']} [{step['before']} → {step['after']}]")
        for note in line["notes"]:
            console.print(f"  Note: {note}")


@code_group.command("history")
@click.argument("code_text", metavar="CODE")
@click.option("--mod", "modifier", help="Modifier row, e.g. 26 or TC (or write CODE-MOD).")
@click.option("--locality", help="MAC-LOCALITY, e.g. 01112-05, for locality amounts beside the national ones.")
@click.option("--state", help="Two-letter state, with --county, instead of --locality.")
@click.option("--county", help="County name (LOCCO).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_errors
def history(code_text, modifier, locality, state, county, as_json):
    """CODE's RVUs and its national and locality payment in every imported PFS release."""
    setup_django()
    from openrvu.services.codes import parse_code
    from openrvu.services.history import history_report

    query = parse_code(code_text, modifier)
    data = history_report(query.code, query.modifier, locality, state, county)
    if as_json:
        print_json(data)
        return
    click.echo(f"{query.code}{'-' + query.modifier if query.modifier else ''}: RVUs and payment "
               "(non-facility / facility) in every imported PFS release")
    for h in data["history"]:
        place = h["locality"]
        where = ""
        if place:
            where = (f"; {place['key']} {place.get('nonfacility') or '—'} / {place.get('facility') or '—'}"
                     if "key" in place else f"; locality: {place['error']}")
        click.echo(f"{h['release']} ({h['effective_from']} to {h['effective_to'] or '…'}): status {h['status']}, "
                   f"work {h['work_rvu']}, PE {h['pe_rvu_nonfacility'] or 'NA'} / {h['pe_rvu_facility'] or 'NA'}, "
                   f"MP {h['mp_rvu']}, "
                   f"CF {h['conversion_factor']}; national {h['national']['nonfacility'] or '—'} / "
                   f"{h['national']['facility'] or '—'}{where}")
