"""Looking up one code: its descriptors and every field CMS publishes for it, from the releases in force.

The CLI (`openrvu code show`), the JSON API (`/api/codes/{code}`) and the code page all call look_up_code().
"""

import re
from dataclasses import dataclass
from datetime import date

from openrvu.catalog import models
from openrvu.errors import UserError
from openrvu.catalog.releases import NoReleaseInForce

from .releases import Releases
from .serialize import release_summary, row_fields

CODE_PATTERN = re.compile(r"^([A-Z0-9]{5})(?:[-\s]?([A-Z0-9]{2}))?$")


class InvalidCode(UserError, ValueError):
    """The text is not shaped like a procedure code (five letters or digits, optionally -MOD)."""


class CodeNotFound(UserError, LookupError):
    """The code (and modifier) is in none of the releases in force on the date."""


@dataclass(frozen=True)
class CodeQuery:
    code: str
    modifier: str
    on: date


def parse_code(text, modifier=None, on=None):
    """Normalize user input like 'd0707', '70100-26' or '70100 TC' into a CodeQuery; refuse anything else."""
    cleaned = (text or "").strip().upper()
    match = CODE_PATTERN.match(cleaned)
    if not match:
        raise InvalidCode(f"{(text or '')[:40]!r} is not a procedure code: expected five letters or digits, "
                          "optionally followed by -MODIFIER (e.g. 99213, D0707, 70100-26)")
    mod = (modifier or match.group(2) or "").strip().upper()
    if mod and not re.fullmatch(r"[A-Z0-9]{2}", mod):
        raise InvalidCode(f"{modifier[:20]!r} is not a modifier: expected two letters or digits (e.g. 26, TC)")
    return CodeQuery(match.group(1), mod, on or date.today())


def look_up_code(text, modifier=None, on=None):
    """Everything the catalog holds on a code for a date of service, as plain JSON-ready data."""
    query = parse_code(text, modifier, on)
    releases = Releases()
    pfs_release = releases.in_force("pfs_rvu", query.on, required=False)
    hcpcs_release = releases.in_force("hcpcs", query.on, required=False)
    if pfs_release is None and hcpcs_release is None:
        raise NoReleaseInForce("pfs_rvu", query.on)
    pfs = _pfs_part(pfs_release, query)
    hcpcs = _hcpcs_part(hcpcs_release, query)
    if pfs is None and hcpcs is None:
        raise CodeNotFound(_not_found_message(query, pfs_release, hcpcs_release))
    return {
        "code": query.code,
        "modifier": pfs["fields"]["modifier"] if pfs else query.modifier,
        "date_of_service": query.on.isoformat(),
        "short_descriptor": (pfs or {}).get("fields", {}).get("description")
        or (hcpcs or {}).get("fields", {}).get("short_description"),
        "long_descriptor": (hcpcs or {}).get("fields", {}).get("long_description"),
        "pfs": pfs,
        "hcpcs": hcpcs,
        "mue": _mue_part(releases.in_force("mue", query.on, required=False), query),
    }


def _pfs_part(release, query):
    if release is None:
        return None
    rows = {row.modifier: row for row in models.RvuRow.objects.filter(release=release, hcpcs=query.code)}
    row = rows.get(query.modifier)
    if row is None and not query.modifier and rows:
        # A few codes have only component rows (86153 has only a 26 row): the code alone means that row.
        row = rows[min(rows)]
    if row is None:
        return None
    return {"release": release_summary(release), "fields": row_fields(row),
            "modifier_rows": sorted(rows, key=lambda m: (m != "", m))}


def _hcpcs_part(release, query):
    # HCPCS Level II codes are a letter and four digits; a numeric (CPT) code is never in that file.
    if release is None or query.modifier or not query.code[:1].isalpha():
        return None
    item = models.HcpcsItem.objects.filter(release=release, code=query.code, is_modifier=False).first()
    if item is None:
        return None
    return {"release": release_summary(release), "fields": row_fields(item)}


def _mue_part(release, query):
    if release is None:
        return None
    edit = models.MueEdit.objects.filter(release=release, code=query.code).first()
    return {"release": release_summary(release), "fields": row_fields(edit)} if edit else None


def _not_found_message(query, *releases):
    shown = query.code + (f"-{query.modifier}" if query.modifier else "")
    names = ", ".join(r.name for r in releases if r is not None)
    hint = ""
    if query.modifier and models.RvuRow.objects.filter(hcpcs=query.code).exists():
        hint = f"; {query.code} exists, but the fee schedule has no separate {query.modifier} row for it"
    return f"{shown} is not in {names} (in force on {query.on.isoformat()}){hint}"
