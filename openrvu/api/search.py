"""The search route: `GET /api/search`, over services.search.search() (the same as `openrvu search --json`)."""

import json

from django.http import HttpResponse
from ninja import Router, Status

from openrvu.catalog.releases import NoReleaseInForce
from openrvu.errors import UserError
from openrvu.services.search import search

from .pricing import Error

router = Router(tags=["search"])


@router.get("", response={200: dict, 400: Error, 404: Error},
            summary="Codes ranked by relevance to a code, a code prefix or words")
def get_search(request, q: str = "", limit: str | None = None, system: str | None = None,
               category: str | None = None, status: str | None = None, date: str | None = None):
    """The same JSON as `openrvu search QUERY --json`: the codes in force on `date` (YYYY-MM-DD, default today)
    that match `q`, best first, each with its name, system, category, score and a snippet whose `highlights`
    are [start, end] character spans of the matched words. `q` may be a code (`d0707`, `70100-26`), the start
    of one (`D07`) or words, plain language and typos included. Filters: `system` (CPT, HCPCS or CDT),
    `category` (a slug from /codes), `status` (PFS status indicators, e.g. `A` or `A,R`); `limit` 1 to 100
    (default 10). An empty `q` gives no results and a `message`; a bad filter or a query over 500 characters
    is a 400 with a `detail`."""
    try:
        answer = search(q, limit=limit, system=system, category=category, status=status, on=date)
        # The answer is plain JSON types already: written directly, it skips a validation pass over a schema
        # (`dict`) that checks nothing, which is a third of the route's time.
        return HttpResponse(json.dumps(answer, ensure_ascii=False, separators=(",", ":")),
                            content_type="application/json; charset=utf-8")
    except NoReleaseInForce as error:
        return Status(404, {"detail": str(error)})
    except UserError as error:
        return Status(400, {"detail": str(error)})
