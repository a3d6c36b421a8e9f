"""Which release of a file kind is in force on a date of service."""

from datetime import date

from django.db.models import Q

from openrvu.errors import UserError

from .models import Release

KIND_LABELS = {
    "pfs_rvu": "PFS relative value file (PPRRVU)",
    "gpci": "GPCI (Addendum E)",
    "locco": "Locality–county crosswalk (LOCCO)",
    "anes": "Anesthesia conversion factors",
    "hcpcs": "HCPCS Level II",
    "mue": "NCCI practitioner MUE table",
    "ptp": "NCCI practitioner PTP edits",
    "carc": "CARC/RARC list",
}


class NoReleaseInForce(UserError, LookupError):
    """No imported release of this kind covers the date; the message lists what is imported."""

    def __init__(self, kind, on):
        self.kind, self.on = kind, on
        imported = Release.objects.filter(kind=kind).order_by("effective_from")
        spans = ", ".join(f"{r.name} ({_span(r)})" for r in imported) or "none"
        super().__init__(f"no {KIND_LABELS.get(kind, kind)} release is in force on {on.isoformat()}; "
                         f"imported: {spans}")


def _span(release):
    end = release.effective_to.isoformat() if release.effective_to else "until superseded"
    return f"{release.effective_from.isoformat()} to {end}"


def release_in_force(kind, on=None, required=True):
    """The latest release of `kind` whose dates cover `on` (today by default); None or an error if none does."""
    on = on or date.today()
    release = (Release.objects.filter(kind=kind, effective_from__lte=on)
               .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
               .order_by("-effective_from").first())
    if release is None and required:
        raise NoReleaseInForce(kind, on)
    return release
