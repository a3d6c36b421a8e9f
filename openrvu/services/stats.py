"""Counts per source and release: what `openrvu stats`, the API and the home page show."""

from django.db.models import Count, Q

from openrvu.catalog import models
from openrvu.catalog.releases import KIND_LABELS

from .serialize import release_summary


def catalog_stats():
    """One entry per imported release with its row count and the breakdowns users check (26/TC rows, …)."""
    releases = []
    for release in models.Release.objects.order_by("kind", "effective_from"):
        entry = release_summary(release)
        entry["label"] = KIND_LABELS.get(release.kind, release.kind)
        entry["counts"] = _counts(release)
        releases.append(entry)
    return {"releases": releases, "totals": _totals(releases)}


def _counts(release):
    if release.kind == "pfs_rvu":
        counts = models.RvuRow.objects.filter(release=release).aggregate(
            rows=Count("id"), mod_26=Count("id", filter=Q(modifier="26")),
            mod_tc=Count("id", filter=Q(modifier="TC")), codes=Count("hcpcs", distinct=True))
    elif release.kind == "hcpcs":
        counts = models.HcpcsItem.objects.filter(release=release).aggregate(
            rows=Count("id"), codes=Count("id", filter=Q(is_modifier=False)),
            modifiers=Count("id", filter=Q(is_modifier=True)))
    elif release.kind == "carc":
        by_type = models.AdjustmentCode.objects.filter(release=release).values_list("code_type").annotate(Count("id"))
        counts = {"rows": release.record_count, **{code_type.lower(): n for code_type, n in sorted(by_type)}}
    else:
        counts = {"rows": release.record_count}
    return counts


def _totals(releases):
    totals = {}
    for entry in releases:
        totals[entry["kind"]] = totals.get(entry["kind"], 0) + entry["counts"]["rows"]
    return totals
