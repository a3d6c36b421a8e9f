"""Server-rendered pages. Each view calls a service function and renders it; no logic lives here."""

from datetime import date

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from openrvu.catalog.releases import NoReleaseInForce
from openrvu.services.categories import category_tree
from openrvu.services.code_list import category_listing, codes_in_force, suggestions
from openrvu.services.code_page import build_code_page
from openrvu.services.codes import CodeNotFound, InvalidCode, parse_code
from openrvu.services.dental_content import deletion_note
from openrvu.services.stats import catalog_stats


def home(request):
    return render(request, "web/home.html", {"stats": catalog_stats()})


def codes(request):
    """The code lookup form; a submitted code goes to its page."""
    text = request.GET.get("code", "").strip()
    if text:
        try:
            query = parse_code(text)
        except InvalidCode as error:
            return render(request, "web/codes.html", {"error": str(error), "text": text}, status=400)
        return redirect(reverse("web:code", args=[query.code + (f"-{query.modifier}" if query.modifier else "")]))
    return render(request, "web/codes.html", {"tree": category_tree()})


def category(request, slug):
    """A category: its subcategories and the codes in force that fall in it."""
    listing = category_listing(slug)
    if listing is None:
        raise Http404(f"no category {slug!r}")
    return render(request, "web/category.html", {"listing": listing})


def code_page(request, code):
    """A code's page: every section of build_code_page() for the date of service (default: today)."""
    try:
        place = [request.GET.get(name, "").strip() or None for name in ("locality", "state", "county")]
        page = build_code_page(code, request.GET.get("mod"), _date_param(request), *place)
    except (InvalidCode, ValueError) as error:
        return _code_missing(request, code, error, 400)
    except (CodeNotFound, NoReleaseInForce) as error:
        return _code_missing(request, code, error, 404)
    return render(request, "web/code.html", {"page": page})


def _code_missing(request, code, error, status):
    context = {"code": code, "message": str(error), "suggestions": suggestions(code),
               "deleted": deletion_note(code.split("-")[0])}
    return render(request, "web/code_missing.html", context, status=status)


def sitemap(request):
    """Every code page, for search engines."""
    urls = [request.build_absolute_uri(reverse("web:code", args=[code])) for code in codes_in_force()]
    return render(request, "web/sitemap.xml", {"urls": urls}, content_type="application/xml")


def _date_param(request):
    text = request.GET.get("date", "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text[:20]!r} is not a date: use YYYY-MM-DD") from None


def tools(request):
    return render(request, "web/tools.html")


def about(request):
    return render(request, "web/about.html", {"stats": catalog_stats()})


def not_found(request, exception=None):
    return render(request, "web/not_found.html", status=404)


def server_error(request):
    return render(request, "web/server_error.html", status=500)
