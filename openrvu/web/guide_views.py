"""The guide pages: /guides lists every guide, /guides/{slug} shows one; both read services.guides."""

from django.shortcuts import render

from openrvu.services.guides import GuideNotFound, guide, list_guides


def guide_list(request):
    return render(request, "web/guides.html", {"guides": list_guides()})


def guide_page(request, slug):
    """One guide; an unknown slug is a 404 page that lists the guides there are."""
    try:
        page = guide(slug)
    except GuideNotFound as error:
        context = {"slug": slug, "message": str(error), "guides": list_guides()}
        return render(request, "web/guide_missing.html", context, status=404)
    return render(request, "web/guide.html", {"guide": page})
