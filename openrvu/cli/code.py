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
@click.option("--page", "as_page", is_flag=True,
              help="Show the code page: names, category, explanations, FAQs, history (GET /api/codes/{code}/page).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the same as GET /api/codes/{code}).")
@user_errors
def show(code_text, modifier, on, as_page, as_json):
    """Show CODE's descriptors and every RVU and indicator field, naming the release each came from."""
    setup_django()
    from openrvu.services.code_page import build_code_page
    from openrvu.services.codes import look_up_code

    service = build_code_page if as_page else look_up_code
    data = service(code_text, modifier, on.date() if on else None)
    if as_json:
        print_json(data)
    elif as_page:
        _print_page(data)
    else:
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
                            f"{release['effective_to'] or 'superseded'}; {release['file']})")
        table.add_column("field")
        table.add_column("value")
        for name, value in data[part]["fields"].items():
            table.add_row(name, "" if value is None else str(value))
        console.print(table)
    if data["pfs"] and len(data["pfs"]["modifier_rows"]) > 1:
        rows = ", ".join(m or "(global)" for m in data["pfs"]["modifier_rows"])
        console.print(f"Fee schedule rows for {data['code']}: {rows}")


def _print_page(page):
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(page_markdown(page)))


def page_markdown(page):
    """The code page as Markdown, section by section, for the terminal."""
    lines = [f"# {page['title']}", ""]
    short = page["names"]["short_descriptor"]
    if short:
        lines += [f"Official short descriptor: “{short['text']}” ({short['source']['release']})", ""]
    lines += ["Category: " + " › ".join(step["name"] for step in page["category_path"]), ""]
    if page["also_known_as"]:
        lines += ["Also known as: " + "; ".join(page["also_known_as"]), ""]
    if page["description"]:
        lines += ["## Description", "", page["description"]["text"], ""]
    lines += ["## In plain language", ""] + _paragraphs(page["plain_language"])
    if page["clinical_context"]:
        lines += ["## Clinical context", ""] + _paragraphs(page["clinical_context"])
    info = page["rvu_information"]
    if info:
        lines += ["## RVU information", "", f"From {info['release']['name']}.", ""]
        lines += ["| row | status | work | total non-facility | total facility | national non-facility | national facility |",
                  "|---|---|---|---|---|---|---|"]
        for c in info["components"]:
            lines.append(f"| {page['code']}{'-' + c['modifier'] if c['modifier'] else ''} | {c['status']} | "
                         f"{c['work_rvu']} | {c['nonfac_total']} | {c['fac_total']} | "
                         f"{c['national']['nonfacility']['amount'] or '—'} | {c['national']['facility']['amount'] or '—'} |")
        lines.append("")
        lines += [f"- **{i['label']} {i['value']}**: {i['explanation']}" for i in info["indicators"]] + [""]
    if page["guides"]:
        lines += ["Guides: " + "; ".join(f"{g['title']} ({g['url']})" for g in page["guides"]), ""]
    if page["billing"]:
        lines += ["## Billing and documentation", ""] + [f"- **{b['topic']}**: {b['text']}" for b in page["billing"]] + [""]
    if page["specialties"]:
        lines += ["Specialties: " + ", ".join(page["specialties"]), ""]
    if page["imaging_family"]:
        lines += ["## Who reports what", ""] + [f"- {m['meaning']}: {m['code'] or 'none'}"
                                                for m in page["imaging_family"]] + [""]
    if page["related"]:
        lines += ["## Related codes", ""]
        lines += [f"- {r['code']}{'-' + r['modifier'] if r.get('modifier') else ''} {r.get('name') or ''}: {r['relation']}"
                  for r in page["related"]] + [""]
    lines += ["## FAQs", ""]
    for faq in page["faqs"]:
        lines += [f"**{faq['question']}**", "", faq["answer"], ""]
    if page["history"]:
        lines += ["## Year over year", ""] + [f"- {h['release']}: work {h['work_rvu']}, national non-facility "
                                                f"{h['national']['nonfacility'] or '—'}" for h in page["history"]] + [""]
    lines += ["## Sources", ""] + [f"- {r['name']}: {r['file']}" for r in page["sources"]["releases"]]
    return "\n".join(lines)


def _paragraphs(statements):
    return [line for s in statements for line in (s["text"], "")]
