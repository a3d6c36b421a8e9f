"""A code's fee-schedule values in every imported PFS release: RVUs, the national payment and, when a
locality is asked for, the payment there, with the change from the release before. The code page, the API
and `openrvu code history` all use code_history()."""

from decimal import Decimal

from openrvu.catalog import models
from openrvu.errors import UserError

from .codes import CodeNotFound
from .localities import resolve_place
from .pricing import national_amounts, place_amounts
from .releases import Releases
from .serialize import json_value

CHANGED = ("work_rvu", "nonfac_total", "fac_total")


ROW_FIELDS = ("release_id", "hcpcs", "modifier", "status", "work_rvu", "nonfac_pe_rvu", "nonfac_na", "fac_pe_rvu",
              "fac_na", "mp_rvu", "nonfac_total", "fac_total", "conversion_factor")


def code_history(code, modifier="", locality=None, state=None, county=None):
    """One entry per imported PFS release that has the code+modifier row, oldest first."""
    releases = Releases()
    pfs = {r.id: r for r in releases.all if r.kind == "pfs_rvu"}
    rows = models.RvuRow.objects.filter(release_id__in=list(pfs), hcpcs=code, modifier=modifier).values(*ROW_FIELDS)
    history, previous = [], None
    for row in sorted(rows, key=lambda r: pfs[r["release_id"]].effective_from):
        release = pfs[row["release_id"]]
        entry = _entry({key: json_value(value) for key, value in row.items()}, release, releases)
        if locality or state:
            entry["locality"] = _locality(release, code, modifier, locality, state, county, releases)
        entry["change"] = _changes(previous, entry) if previous else None
        history.append(entry)
        previous = entry
    return history


def history_report(code, modifier="", locality=None, state=None, county=None):
    """code_history() for `openrvu code history`; a code in no imported PFS release is an error."""
    history = code_history(code, modifier, locality, state, county)
    if not history:
        shown = code + (f"-{modifier}" if modifier else "")
        raise CodeNotFound(f"{shown} is in no imported PFS release")
    return {"code": code, "modifier": modifier, "history": history}


def _entry(fields, release, releases):
    summary = releases.summary(release)
    amounts = national_amounts(fields["hcpcs"], fields["modifier"], release)
    return {
        "release": summary["name"],
        "effective_from": summary["effective_from"],
        "effective_to": summary["effective_to"],
        "status": fields["status"],
        "work_rvu": fields["work_rvu"],
        "pe_rvu_nonfacility": None if fields["nonfac_na"] else fields["nonfac_pe_rvu"],
        "pe_rvu_facility": None if fields["fac_na"] else fields["fac_pe_rvu"],
        "mp_rvu": fields["mp_rvu"],
        "nonfac_total": fields["nonfac_total"],
        "fac_total": fields["fac_total"],
        "conversion_factor": fields["conversion_factor"],
        "national": {setting: amounts[setting]["amount"] for setting in ("nonfacility", "facility")},
        "locality": None,
    }


def _locality(release, code, modifier, locality, state, county, releases):
    try:
        place = resolve_place(release.effective_from, locality, state, county, releases)
    except UserError as error:
        return {"error": str(error)}
    amounts = place_amounts(code, modifier, release, place)
    return {"key": place.key, "name": place.name, "gpci_release": place.release["name"] if place.release else None,
            **{setting: amounts[setting]["amount"] for setting in ("nonfacility", "facility")}}


def _changes(before, after):
    changes = {key: _difference(before[key], after[key]) for key in CHANGED}
    for setting in ("nonfacility", "facility"):
        changes[f"national_{setting}"] = _difference(before["national"][setting], after["national"][setting])
        if before["locality"] and after["locality"]:
            changes[f"locality_{setting}"] = _difference(before["locality"].get(setting),
                                                         after["locality"].get(setting))
    return changes


def _difference(before, after):
    if before is None or after is None:
        return None
    change = Decimal(after) - Decimal(before)
    percent = (change / Decimal(before) * 100).quantize(Decimal("0.1")) if Decimal(before) else None
    return {"amount": str(change), "percent": str(percent) if percent is not None else None}
