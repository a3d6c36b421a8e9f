"""Server-rendered pages. Each view calls a service function and renders it; no logic lives here."""

from django.shortcuts import redirect, render
from django.urls import reverse

from openrvu.catalog.releases import NoReleaseInForce
from openrvu.services.codes import CodeNotFound, InvalidCode, look_up_code, parse_code
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
    return render(request, "web/codes.html", {"stats": catalog_stats()})


def code_page(request, code):
    """One code's descriptors and fee-schedule fields from the releases in force (default: today)."""
    try:
        data = look_up_code(code, request.GET.get("mod"), _date_param(request))
    except (InvalidCode, ValueError) as error:
        return render(request, "web/code_missing.html", {"code": code, "message": str(error)}, status=400)
    except (CodeNotFound, NoReleaseInForce) as error:
        return render(request, "web/code_missing.html", {"code": code, "message": str(error)}, status=404)
    return render(request, "web/code.html", {"data": data})


def _date_param(request):
    from datetime import date

    text = request.GET.get("date", "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text[:20]!r} is not a date: use YYYY-MM-DD") from None


def search(request):
    """Search by code number (words and plain-language search are not built yet, and the page says so)."""
    text = request.GET.get("q", "").strip()
    context = {"q": text, "result": None, "message": ""}
    if text:
        try:
            context["result"] = look_up_code(text)
        except (InvalidCode, CodeNotFound, NoReleaseInForce) as error:
            context["message"] = str(error)
    return render(request, "web/search.html", context)


def tools(request):
    return render(request, "web/tools.html")


def guides(request):
    return render(request, "web/guides.html")


def about(request):
    return render(request, "web/about.html", {"stats": catalog_stats()})


def not_found(request, exception=None):
    return render(request, "web/not_found.html", status=404)


def server_error(request):
    return render(request, "web/server_error.html", status=500)
