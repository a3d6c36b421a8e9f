"""Releases in force, kept in memory between calls: a code page or a claim asks for them many times, and one
raw count query tells when the release table changed. Also a per-release cache for tables built from a release's
rows."""

from django.db import connection

from openrvu.catalog import models
from openrvu.catalog.releases import NoReleaseInForce

from .serialize import release_summary

_CACHE = {}
_SUMMARIES = {}


def cached(kind, release, build):
    """`build(release)` once per imported release (keyed by its id, checksum and import time)."""
    key = (kind, release.id, release.sha256, release.imported_at)
    if key not in _CACHE:
        for stale in [k for k in _CACHE if k[:2] == (kind, release.id)]:
            del _CACHE[stale]
        _CACHE[key] = build(release)
    return _CACHE[key]


def latest_in_force(releases, kind, on):
    """The latest of `releases` (anything with kind, effective_from and effective_to) of `kind` whose dates cover
    `on`, or None: openrvu.catalog.releases.release_in_force's rule, applied in Python."""
    covering = [r for r in releases
                if r.kind == kind and r.effective_from <= on and (r.effective_to is None or r.effective_to >= on)]
    return max(covering, key=lambda r: r.effective_from, default=None)


class Releases:
    """The releases of the kinds lookups and pricing need, with the in-force rule of
    openrvu.catalog.releases.release_in_force applied in Python (a claim asks for them many times).

    The list is kept between calls and read again only when the release table changed (one raw count query
    tells), so pricing a claim costs no ORM query once the catalog is warm.
    """

    KINDS = ("pfs_rvu", "gpci", "locco", "anes", "hcpcs", "mue")
    _kept = (None, None)

    def __init__(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*), MAX(id), MAX(imported_at) FROM {models.Release._meta.db_table}")
            fingerprint = (connection.alias, connection.settings_dict["NAME"], *cursor.fetchone())
        if Releases._kept[0] != fingerprint:
            releases = sorted(models.Release.objects.filter(kind__in=self.KINDS), key=lambda r: r.effective_from,
                              reverse=True)
            Releases._kept = (fingerprint, releases)
            _SUMMARIES.clear()
        self.all = Releases._kept[1]

    def in_force(self, kind, on, required=True):
        """The latest release of `kind` whose dates cover `on`; NoReleaseInForce (or None) if none does."""
        release = latest_in_force(self.all, kind, on)
        if release is None and required:
            raise NoReleaseInForce(kind, on)
        return release

    def summary(self, release):
        """release_summary() of a release, remembered with the list."""
        return _SUMMARIES.get(release.id) or _SUMMARIES.setdefault(release.id, release_summary(release))

    def named(self, kind, name):
        """The release of `kind` called `name` (a name the catalog gave, so one exists)."""
        return next(r for r in self.all if r.kind == kind and r.name == name)

    def latest_before(self, kind, on):
        return next((r for r in self.all if r.kind == kind and r.effective_from <= on), None)
