"""The codes in force on a date, with names: for category pages, the sitemap and not-found suggestions."""

from datetime import date

from openrvu.catalog import models
from openrvu.catalog.releases import release_in_force

from .categories import code_system, find_category, in_category


def codes_in_force(on=None):
    """{code: short name} for every code of the PFS and HCPCS releases in force (PFS names win)."""
    on = on or date.today()
    codes = {}
    hcpcs = release_in_force("hcpcs", on, required=False)
    if hcpcs:
        codes.update(models.HcpcsItem.objects.filter(release=hcpcs, is_modifier=False)
                     .values_list("code", "short_description"))
    pfs = release_in_force("pfs_rvu", on, required=False)
    if pfs:
        codes.update(models.RvuRow.objects.filter(release=pfs, modifier="").values_list("hcpcs", "description"))
        # a code with only component rows (e.g. 86153, only 26) still has a page
        for code, name in models.RvuRow.objects.filter(release=pfs).values_list("hcpcs", "description"):
            codes.setdefault(code, name)
    return dict(sorted(codes.items()))


def category_listing(slug, on=None):
    """A category's entry, its ancestors and the codes in force that fall in it; None for an unknown slug."""
    entry, ancestors = find_category(slug)
    if entry is None:
        return None
    system = (ancestors[0] if ancestors else entry)["slug"]
    codes = [{"code": code, "name": name} for code, name in codes_in_force(on).items()
             if in_category(entry, system, code)]
    return {"category": {k: v for k, v in entry.items() if k != "subcategories"},
            "subcategories": [{"slug": s["slug"], "name": s["name"]} for s in entry.get("subcategories") or []],
            "ancestors": [{"slug": a["slug"], "name": a["name"]} for a in ancestors],
            "codes": codes}


def suggestions(text, on=None, limit=8):
    """Codes that look like what was asked for: same first four, then three characters, then same system."""
    wanted = (text or "").strip().upper()[:5]
    codes = codes_in_force(on)
    for length in (4, 3, 2, 1):
        prefix = wanted[:length]
        found = [{"code": c, "name": n} for c, n in codes.items() if prefix and c.startswith(prefix)]
        if found:
            return found[:limit]
    system = code_system(wanted) if wanted else None
    return [{"code": c, "name": n} for c, n in codes.items() if code_system(c) == system][:limit]
