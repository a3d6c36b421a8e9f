"""The guide routes: `GET /api/guides` and `GET /api/guides/{slug}`, over services.guides."""

from ninja import Router, Schema, Status

from openrvu.services.guides import GuideNotFound, guide, list_guides

router = Router(tags=["guides"])


class Error(Schema):
    detail: str


class GuideSummary(Schema):
    slug: str
    title: str
    summary: str
    codes: list[str]
    updated: str
    url: str


@router.get("", response=list[GuideSummary], summary="Every code guide: slug, title, summary, codes covered, date")
def get_guides(request):
    """The same list as the page /guides, sorted by title."""
    return list_guides()


@router.get("/{slug}", response={200: dict, 404: Error},
            summary="One guide: its rendered HTML, sections, FAQs and sources")
def get_guide(request, slug: str):
    """The same content as the page /guides/{slug}; `html` is the rendered body (citations link to #source-KEY)."""
    try:
        return Status(200, guide(slug))
    except GuideNotFound as error:
        return Status(404, {"detail": str(error)})
