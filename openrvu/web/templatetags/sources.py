"""`{% source s %}`: where a statement comes from (release and field, authored file, CMS documentation), as
the small grey note after it. A tag rather than an included template: a code page cites dozens of sources."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def source(cited):
    """(PFS 2026 C, field STATUS CODE; openrvu/content/indicators.yaml; CMS RVUPUF26 …) for a source dict."""
    cited = cited or {}
    parts = []
    if cited.get("release"):
        parts.append(cited["release"] + (f", field {cited['field']}" if cited.get("field") else ""))
    if cited.get("content"):
        parts.append(cited["content"])
    if cited.get("documentation"):
        parts.append(cited["documentation"])
    return format_html('<span class="src">({})</span>', "; ".join(parts))
