"""The JSON API (django-ninja). Each route calls the same service function as the CLI and the pages."""

from datetime import date

from ninja import NinjaAPI, Schema, Status

from openrvu import __version__
from openrvu.catalog.releases import NoReleaseInForce
from openrvu.services.code_page import build_code_page
from openrvu.services.codes import CodeNotFound, InvalidCode, look_up_code
from openrvu.services.stats import catalog_stats

api = NinjaAPI(
    title="openrvu API",
    version=__version__,
    description="US procedure codes explained from the official CMS files. Every value names the release it "
                "came from. Numbers are exact decimal strings as CMS publishes them.",
    docs_url="/docs",
)


class Error(Schema):
    detail: str


class ReleaseOut(Schema):
    kind: str
    name: str
    effective_from: date
    effective_to: date | None
    file: str
    sha256: str
    records: int
    imported_at: str


class Part(Schema):
    release: ReleaseOut
    fields: dict


class PfsPart(Part):
    modifier_rows: list[str]


class CodeOut(Schema):
    code: str
    modifier: str
    date_of_service: date
    short_descriptor: str | None
    long_descriptor: str | None
    pfs: PfsPart | None
    hcpcs: Part | None
    mue: Part | None


class ReleaseWithCounts(ReleaseOut):
    label: str
    counts: dict


class ReleasesOut(Schema):
    releases: list[ReleaseWithCounts]
    totals: dict


def _answer(service, *args):
    """Call a service and turn the errors a user can cause into 400 or 404 JSON errors."""
    try:
        return Status(200, service(*args))
    except InvalidCode as error:
        return Status(400, {"detail": str(error)})
    except (CodeNotFound, NoReleaseInForce) as error:
        return Status(404, {"detail": str(error)})


@api.get("/codes/{code}", response={200: CodeOut, 400: Error, 404: Error}, tags=["codes"],
         summary="One code's descriptors and every fee-schedule field in force on a date")
def get_code(request, code: str, mod: str | None = None, date: date | None = None):
    """The same content as `openrvu code show CODE --json`. `code` may carry a modifier (70100-26)."""
    return _answer(look_up_code, code, mod, date)


@api.get("/codes/{code}/page", response={200: dict, 400: Error, 404: Error}, tags=["codes"],
         summary="The code page's sections: names, category, explanations, RVUs, FAQs, history, sources")
def get_code_page(request, code: str, mod: str | None = None, date: date | None = None,
                  locality: str | None = None, state: str | None = None, county: str | None = None):
    """The same content as the page /codes/{code} and `openrvu code show CODE --page --json`. A locality
    (MAC-LOC) or a state and county adds that locality's payment to the history."""
    return _answer(build_code_page, code, mod, date, locality, state, county)


@api.get("/releases", response=ReleasesOut, tags=["catalog"], summary="Imported releases with row counts")
def get_releases(request):
    """Every imported release, its dates, source file and checksum, and its row counts."""
    return catalog_stats()


api.add_router("/price", "openrvu.api.pricing.router")
api.add_router("/search", "openrvu.api.search.router")
api.add_router("/guides", "openrvu.api.guides.router")
