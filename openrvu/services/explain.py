"""Turning a fee-schedule row's indicators into sentences, each cited to the release, the field and the
CMS documentation, from the authored table openrvu/content/indicators.yaml."""


from openrvu.content import load, source_path
from openrvu.sources.pprrvu import CAPTIONS

FIELD_CAPTIONS = {field: caption for caption, field in CAPTIONS.items()}
# Indicators about how the RVUs and payment are set, shown with the RVUs ...
VALUE_FIELDS = ["status", "pctc", "nonfac_na", "fac_na", "endo_base", "imaging_family", "not_used_for_medicare",
                "pricing_ind", "calculation_flag"]
# ... and those that tell a biller how the code may be reported, shown under billing.
BILLING_FIELDS = ["global_days", "mult_proc", "bilateral", "assistant", "co_surgeon", "team_surgery",
                  "supervision"]


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
