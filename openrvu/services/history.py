"""A code's fee-schedule values in every imported PFS release, with the change from the release before."""

from decimal import Decimal

from openrvu.catalog import models

from .explain import national_amounts
from .serialize import release_summary, row_fields


def code_history(code, modifier=""):
    """One entry per imported PFS release that has the code: RVUs, CF, national amounts and changes."""
    rows = (models.RvuRow.objects.filter(hcpcs=code, modifier=modifier, release__kind="pfs_rvu")
            .select_related("release").order_by("release__effective_from"))
    history, previous = [], None
    for row in rows:
        release = release_summary(row.release)
        fields = row_fields(row)
        amounts = national_amounts(fields, release)
        entry = {
            "release": release["name"],
            "effective_from": release["effective_from"],
            "status": fields["status"],
            "work_rvu": fields["work_rvu"],
            "nonfac_total": fields["nonfac_total"],
            "fac_total": fields["fac_total"],
            "conversion_factor": fields["conversion_factor"],
            "national_nonfacility": amounts["nonfacility"]["amount"],
            "national_facility": amounts["facility"]["amount"],
        }
        entry["change"] = _changes(previous, entry) if previous else None
        history.append(entry)
        previous = entry
    return history


def _changes(before, after):
    keys = ("work_rvu", "nonfac_total", "fac_total", "national_nonfacility", "national_facility")
    return {key: _difference(before[key], after[key]) for key in keys}


def _difference(before, after):
    if before is None or after is None:
        return None
    change = Decimal(after) - Decimal(before)
    percent = (change / Decimal(before) * 100).quantize(Decimal("0.1")) if Decimal(before) else None
    return {"amount": str(change), "percent": str(percent) if percent is not None else None}
