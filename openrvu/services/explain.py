"""Turning a fee-schedule row's indicators into sentences, each cited to the release, the field and the
CMS documentation, from the authored table openrvu/content/indicators.yaml."""

from decimal import ROUND_HALF_UP, Decimal

from openrvu.content import load, source_path
from openrvu.sources.pprrvu import CAPTIONS

FIELD_CAPTIONS = {field: caption for caption, field in CAPTIONS.items()}
# Indicators about how the RVUs and payment are set, shown with the RVUs ...
VALUE_FIELDS = ["status", "pctc", "nonfac_na", "fac_na", "endo_base", "imaging_family", "not_used_for_medicare",
                "pricing_ind", "calculation_flag"]
# ... and those that tell a biller how the code may be reported, shown under billing.
BILLING_FIELDS = ["global_days", "mult_proc", "bilateral", "assistant", "co_surgeon", "team_surgery",
                  "supervision"]
CENT = Decimal("0.01")


def indicator_entry(field):
    return load("indicators")[field]


def value_entry(field, value):
    """The authored meaning of one value of a coded field, or None when the table has no such value."""
    values = indicator_entry(field).get("values") or {}
    return values.get(value) or {str(k): v for k, v in values.items()}.get(value)


def cite(release, field):
    """Where a value comes from: the release, the file's column caption and the documentation."""
    return {"release": release["name"], "field": FIELD_CAPTIONS.get(field, field),
            "documentation": indicator_entry(field).get("source"), "content": source_path("indicators")}


def explain_indicator(field, value, release):
    """One indicator value in words, or None for a blank value the documentation gives no meaning to."""
    entry = indicator_entry(field)
    meaning = value_entry(field, value)
    if meaning is None and value == "":
        return None
    return {
        "field": field,
        "label": entry["label"],
        "value": value,
        "meaning": meaning["meaning"] if meaning else None,
        "explanation": meaning["explanation"] if meaning else _undocumented(field, value),
        "source": cite(release, field),
    }


def _undocumented(field, value):
    if field == "endo_base":
        return f"The endoscopic base code of this code's family is {value}."
    return f"The value {value!r} is not described in the CMS documentation openrvu follows."


def explain_indicators(fields, release, names):
    """The non-blank indicators `names` of a PFS row, explained and cited, in the order given."""
    explained = (explain_indicator(field, fields[field], release) for field in names)
    return [item for item in explained if item]


def is_paid_status(status):
    entry = value_entry("status", status) or {}
    return bool(entry.get("paid_under_pfs"))


def national_amounts(fields, release):
    """National (all GPCIs 1.0) payment per setting: (work + PE + MP RVUs) × CF, rounded to the cent.

    None with a reason where the PFS does not pay from these RVUs (status) or CMS marks the setting NA.
    """
    cf = Decimal(fields["conversion_factor"]) if fields["conversion_factor"] else None
    amounts = {"conversion_factor": fields["conversion_factor"], "source": cite(release, "conversion_factor")}
    for setting, pe_field, na_field in (("nonfacility", "nonfac_pe_rvu", "nonfac_na"),
                                        ("facility", "fac_pe_rvu", "fac_na")):
        amounts[setting] = _amount(fields, cf, pe_field, na_field)
    return amounts


def _amount(fields, cf, pe_field, na_field):
    status = fields["status"]
    if not is_paid_status(status):
        meaning = (value_entry("status", status) or {}).get("meaning", status)
        return {"amount": None, "reason": f"Not paid from these RVUs: status {status} ({meaning})."}
    if fields[na_field] == "NA":
        return {"amount": None, "reason": "NA: CMS marks this setting as one where the service is rarely or "
                                          "never performed, so no RVUs are given for it."}
    if cf is None:
        return {"amount": None, "reason": "The file gives no conversion factor for this row."}
    rvus = sum(Decimal(fields[f] or "0") for f in ("work_rvu", pe_field, "mp_rvu"))
    if not rvus:
        return {"amount": None, "reason": f"No national value: status {status} with 0.00 RVUs means the Medicare "
                                          "contractor prices the service if it is covered."}
    amount = (rvus * cf).quantize(CENT, rounding=ROUND_HALF_UP)
    return {"amount": str(amount), "rvus": str(rvus),
            "formula": f"({fields['work_rvu']} + {fields[pe_field]} + {fields['mp_rvu']}) × {cf} = {amount}"}
