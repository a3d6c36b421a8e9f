"""The page /search: services.search.search() rendered, with its filters as form fields. With `fragment=1` it
answers only the results block, which openrvu/web/static/web/search.js swaps in as the user types."""

from django.shortcuts import render

from openrvu.catalog.releases import NoReleaseInForce
from openrvu.errors import UserError
from openrvu.services.categories import category_tree
from openrvu.services.search import STATUSES, search

FILTERS = ("system", "category", "status", "date")
PAGE_LIMIT = 20


def search_page(request):
    form = {name: request.GET.get(name, "").strip() for name in ("q", *FILTERS)}
    context = {"form": form, "answer": None, "error": None, "categories": _categories(),
               "statuses": sorted(STATUSES), "systems": ["CPT", "HCPCS", "CDT"]}
    status = 200
    try:
        answer = search(request.GET.get("q", ""), limit=PAGE_LIMIT, system=form["system"], category=form["category"],
                        status=form["status"], on=form["date"])
        for result in answer["results"]:
            result["parts"] = marked_parts(result["snippet"])
        context["answer"] = answer
    except NoReleaseInForce as error:
        context["error"], status = str(error), 404
    except UserError as error:
        context["error"], status = str(error), 400
    template = "web/_search_results.html" if request.GET.get("fragment") else "web/search.html"
    return render(request, template, context, status=status)


def marked_parts(snippet):
    """[(text, marked)] pieces of a snippet, for the template to wrap the marked ones in <mark> (escaped)."""
    text, parts, position = snippet["text"], [], 0
    for start, end in snippet["highlights"]:
        if start > position:
            parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def _categories():
    """(slug, name with its depth shown) for every category, in tree order, for the filter's list."""
    found = []

    def walk(entries, depth):
        for entry in entries:
            found.append((entry["slug"], "\u2003" * depth + entry["name"]))
            walk(entry.get("subcategories") or [], depth + 1)

    walk(category_tree(), 0)
    return found
