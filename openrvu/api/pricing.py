"""The pricing routes: `GET /api/price/{code}` and `POST /api/price`, both over services.pricing.price_claim()."""

import json

from ninja import Router, Schema, Status

from openrvu.catalog.releases import NoReleaseInForce
from openrvu.errors import UserError
from openrvu.services.codes import CodeNotFound
from openrvu.services.localities import UnknownLocality
from openrvu.services.pricing import price_claim, price_code

router = Router(tags=["pricing"])
NOT_FOUND = (CodeNotFound, NoReleaseInForce, UnknownLocality)
MAX_BODY = 1_000_000

CLAIM_SCHEMA = {
    "type": "object",
    "required": ["lines"],
    "properties": {
        "date": {"type": "string", "format": "date",
                 "description": "Date of service for lines without one (default: today)"},
        "locality": {"type": "string", "description": "MAC-LOCALITY, e.g. 01112-05, or 'national' (default)"},
        "state": {"type": "string", "description": "Two-letter state, with county, instead of locality"},
        "county": {"type": "string"},
        "facility": {"type": "boolean", "description": "Facility setting for lines that give neither facility nor pos"},
        "pos": {"type": "string", "description": "Place of service code (22 → facility)"},
        "credit_plan": {"type": "object",
                        "description": "wRVU credit plan overrides, e.g. {\"reduce_multiple_procedures\": false}"},
        "lines": {"type": "array", "maxItems": 1000, "items": {
            "oneOf": [{"type": "string", "description": "CODE[-MOD[-MOD]] [UNITS]"},
                      {"type": "object", "required": ["code"], "properties": {
                          "code": {"type": "string"}, "modifiers": {"type": "array", "items": {"type": "string"}},
                          "units": {"type": "integer", "minimum": 1, "maximum": 999},
                          "date": {"type": "string", "format": "date"}, "facility": {"type": "boolean"},
                          "pos": {"type": "string"}}}]}},
    },
    "example": {"date": "2026-11-22", "locality": "01112-05",
                "lines": [{"code": "27447", "modifiers": ["50"], "pos": "22"}, {"code": "20610", "pos": "22"}]},
}


class Error(Schema):
    detail: str


def _answer(service, *args, **kwargs):
    """Run a pricing service; a user's mistake is a 404 (unknown code, locality, date) or a 400, never a 500."""
    try:
        return Status(200, service(*args, **kwargs))
    except NOT_FOUND as error:
        return Status(404, {"detail": str(error)})
    except UserError as error:
        return Status(400, {"detail": str(error)})


@router.get("/{code}", response={200: dict, 400: Error, 404: Error},
            summary="Medicare payment and wRVU credit for one code in a locality on a date")
def get_price(request, code: str, mod: str | None = None, locality: str | None = None, state: str | None = None,
              county: str | None = None, date: str | None = None, facility: str | None = None,
              units: str | None = None):
    """The same JSON as `openrvu price CODE --json`: RVUs, GPCIs, CF, both settings' fee schedule amounts,
    the amount for the chosen setting after modifiers, each adjustment with its CMS source, and wRVU credit.
    `mod` takes one or more modifiers separated by commas (e.g. `50` or `26,59`); `date` is YYYY-MM-DD
    (default today); `facility` is true or false; `units` 1 to 999. Bad values are 400s with a `detail`."""
    return _answer(price_code, code, (mod or "").replace(",", " ").split(), locality, state, county, date,
                   facility, units)


@router.post("", response={200: dict, 400: Error, 404: Error}, summary="Price a claim: every line together",
             openapi_extra={"requestBody": {"required": True,
                                            "content": {"application/json": {"schema": CLAIM_SCHEMA}}}})
def post_price(request):
    """The same JSON as `openrvu price --claim FILE.json --json`: each line's amount and wRVU credit after the
    multiple procedure rules, with every adjustment explained, and the claim's totals."""
    if len(request.body) > MAX_BODY:
        return Status(400, {"detail": f"the claim is larger than {MAX_BODY:,} bytes"})
    try:
        claim = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as error:
        return Status(400, {"detail": f"the request body is not valid JSON: {error}"})
    return _answer(price_claim, claim)
