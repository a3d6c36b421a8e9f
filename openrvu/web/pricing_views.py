"""The page /tools/price: a code or a pasted claim priced by services.pricing.price_claim(), explained."""

from django.shortcuts import render

from openrvu.catalog.releases import NoReleaseInForce
from openrvu.errors import UserError
from openrvu.services.codes import CodeNotFound
from openrvu.services.localities import UnknownLocality
from openrvu.services.pricing import ClaimError, parse_pasted_claim, price_claim

PLACE_FIELDS = ("date", "locality", "state", "county")


def price_tool(request):
    """GET: the form, or one code priced (a shareable URL). POST: a pasted claim, one service per line."""
    data = request.POST if request.method == "POST" else request.GET
    form = {name: data.get(name, "").strip() for name in ("code", "mod", "units", *PLACE_FIELDS)}
    form["facility"] = data.get("facility") == "on"
    form["claim"] = data.get("claim", "")
    context = {"form": form, "result": None, "error": None}
    status = 200
    try:
        claim = _claim_from(request.method, form)
        if claim is not None:
            context["result"] = price_claim(claim)
    except (CodeNotFound, NoReleaseInForce, UnknownLocality) as error:
        context["error"], status = str(error), 404
    except UserError as error:
        context["error"], status = str(error), 400
    return render(request, "web/price.html", context, status=status)


def _claim_from(method, form):
    header = {name: form[name] or None for name in PLACE_FIELDS}
    header["facility"] = form["facility"]
    if method == "POST":
        lines = parse_pasted_claim(form["claim"])
        if not lines:
            raise ClaimError("the claim is empty: write one service per line, e.g. 27447-50 or 97110 3")
        return {**header, "lines": lines}
    if not form["code"]:
        return None
    line = {"code": form["code"], "modifiers": form["mod"], "units": form["units"] or 1}
    return {**header, "lines": [line]}
