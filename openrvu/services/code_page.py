"""Everything a code page says, as JSON-ready data: the page, `/api/codes/{code}/page` and
`openrvu code show --page` all render build_code_page(). Every statement names its release and field or the
authored file it comes from."""

import bisect
from functools import cache

from openrvu.catalog import models
from openrvu.content import load, source_path

from .categories import SYSTEM_NAMES, category_path, code_system
from .codes import look_up_code
from .dental_content import authored_sections
from .explain import BILLING_FIELDS, VALUE_FIELDS, cite, explain_indicators, value_entry
from .guides import guides_for_code
from .history import code_history
from .lay_names import lay_name_source, other_names
from .names import expand_descriptor, vocabulary_from_hcpcs
from .pricing import national_amounts
from .releases import Releases, cached
from .serialize import json_value

COMPONENT_ORDER = ["", "26", "TC", "53"]
RVU_KEYS = ("modifier", "status", "work_rvu", "nonfac_pe_rvu", "nonfac_na", "fac_pe_rvu", "fac_na", "mp_rvu",
            "nonfac_total", "fac_total")
NEIGHBOURS = 6


def build_code_page(text, modifier=None, on=None, locality=None, state=None, county=None):
    """The sections of a code page, in page order, for the code in force on the date of service. A locality
    (MAC-LOC, or state and county) adds its payment to the year-over-year history."""
    data = look_up_code(text, modifier, on)
    code, system = data["code"], code_system(data["code"])
    pfs = data["pfs"]
    authored = authored_sections(code) if system == "cdt" else None
    names = _names(data, system, authored)
    path = category_path(code)
    info = _rvu_information(data) if pfs else None
    page = {
        "code": code,
        "modifier": data["modifier"],
        "date_of_service": data["date_of_service"],
        "system": SYSTEM_NAMES[system],
        "names": names,
        "title": _title(data, names),
        "category_path": path,
        "also_known_as": other_names(code, authored["also_known_as"] if authored else ()),
        "also_known_as_source": lay_name_source(code),
        "description": _description(data, names),
        "plain_language": (authored["plain_language"] if authored else []) + _plain_language(data, system, path),
        "clinical_context": authored["clinical_context"] if authored else [],
        "rvu_information": info,
        "billing": _authored_billing(authored) + _billing(data),
        "specialties": authored["specialties"] if authored else [],
        "related": _unique((authored["related"] if authored else []) + _related(data, path)),
        "imaging_family": authored["family"] if authored else None,
        "guides": guides_for_code(code),
        "disagreements": authored["disagreements"] if authored else [],
        "faqs": _faqs(data, system, names, path, authored, info),
        "history": code_history(code, data["modifier"], locality, state, county),
        "history_place": {"locality": locality or "", "state": state or "", "county": county or ""},
        "sources": _sources(data, authored),
    }
    return page


def _authored_billing(authored):
    """Documentation, CDT version and payer notes from the authored dental imaging file."""
    if not authored:
        return []
    version = {"topic": "CDT version", **authored["cdt_version"]}
    return [*authored["documentation"], version, *authored["payer_notes"]]


def _title(data, names):
    name = (names["full_name"] or {}).get("text") or data["short_descriptor"] or ""
    return f"{data['code']}{'-' + data['modifier'] if data['modifier'] else ''} {name}".strip()


def _names(data, system, authored=None):
    short = None
    if data["pfs"]:
        short = {"text": data["pfs"]["fields"]["description"], "source": cite(data["pfs"]["release"], "description")}
    elif data["hcpcs"]:
        short = {"text": data["hcpcs"]["fields"]["short_description"],
                 "source": {"release": data["hcpcs"]["release"]["name"], "field": "SHORT DESCRIPTION"}}
    full = authored["full_name"] if authored and not data["hcpcs"] else _full_name(data, short)
    return {"short_descriptor": short, "full_name": full}


def _full_name(data, short):
    if data["hcpcs"]:
        return {"text": data["hcpcs"]["fields"]["long_description"], "method": "long descriptor",
                "source": {"release": data["hcpcs"]["release"]["name"], "field": "LONG DESCRIPTION"}}
    if not short:
        return None
    expansion = expand_descriptor(data["code"], short["text"], _vocabulary())
    if not expansion.complete:
        return {"text": None, "method": "not expanded", "unresolved": expansion.unresolved,
                "source": {"content": source_path("abbreviations")}}
    return {"text": expansion.full_name, "method": "abbreviations expanded",
            "expanded": [{"token": t, "expansion": e} for t, e in expansion.expanded],
            "source": {"content": source_path("abbreviations")}}


@cache
def _vocabulary_for(release_ids):
    texts = models.HcpcsItem.objects.filter(release_id__in=release_ids).values_list("long_description", flat=True)
    return frozenset(vocabulary_from_hcpcs(texts))


def _vocabulary():
    """Ordinary words, from the unabbreviated HCPCS long descriptors in the catalog."""
    ids = tuple(sorted(r.id for r in Releases().all if r.kind == "hcpcs"))
    return _vocabulary_for(ids)


def _description(data, names):
    if data["hcpcs"]:
        return {"text": data["long_descriptor"], "source": names["full_name"]["source"]}
    short = names["short_descriptor"]
    if not short:
        return None
    text = (f"CMS publishes only a short descriptor for this code: “{short['text']}”. Full CPT and CDT "
            "descriptors are licensed by the AMA and the ADA and are not shown here.")
    return {"text": text, "source": short["source"]}


def _plain_language(data, system, path):
    code = data["code"]
    categories = " › ".join(step["name"] for step in path[1:]) or "no listed category"
    sentences = [{"text": f"{code} is a {SYSTEM_NAMES[system]} code ({categories}).",
                  "source": {"content": source_path("categories")}}]
    if data["pfs"]:
        status = data["pfs"]["fields"]["status"]
        meaning = value_entry("status", status)
        if meaning:
            sentences.append({"text": meaning["explanation"], "source": cite(data["pfs"]["release"], "status")})
        if system == "cdt":
            note = load("indicators")["dental_status_note"]
            sentences.append({"text": _note_text(note), "source": {"content": source_path("indicators"),
                                                                    "documentation": _note_source(note)}})
    return sentences


def _note_text(note):
    return note["explanation"] if isinstance(note, dict) else str(note)


def _note_source(note):
    return note.get("source") if isinstance(note, dict) else None


def _rvu_information(data):
    pfs = data["pfs"]
    release = pfs["release"]
    model = Releases().named("pfs_rvu", release["name"])
    rows = models.RvuRow.objects.filter(release_id=model.id, hcpcs=data["code"]).values(*RVU_KEYS)
    rows = sorted(rows, key=lambda r: COMPONENT_ORDER.index(r["modifier"]) if r["modifier"] in COMPONENT_ORDER else 99)
    components = [{**{key: json_value(value) for key, value in r.items()},
                   "national": _national(data["code"], r["modifier"], model, release)} for r in rows]
    shown = next(c for c in components if c["modifier"] == pfs["fields"]["modifier"])
    return {
        "release": release,
        "components": components,
        "indicators": explain_indicators(pfs["fields"], release, VALUE_FIELDS),
        "national": shown["national"],
    }


def _national(code, modifier, release, summary):
    """National amounts from the pricing engine (OPPS cap included), with the conversion factor cited."""
    return {**national_amounts(code, modifier, release), "source": cite(summary, "conversion_factor")}


def _billing(data):
    statements = []
    if data["pfs"]:
        fields, release = data["pfs"]["fields"], data["pfs"]["release"]
        for item in explain_indicators(fields, release, BILLING_FIELDS):
            meaning = f" ({item['meaning']})" if item["meaning"] else ""
            statements.append({"topic": f"{item['label']}: {item['value']}{meaning}", "text": item["explanation"],
                               "source": item["source"]})
    if data["mue"]:
        mue = data["mue"]["fields"]
        statements.append({
            "topic": "Medically Unlikely Edit",
            "text": (f"Medicare's practitioner MUE for {data['code']} is {mue['mue_value']} unit(s) per day "
                     f"(adjudication indicator {mue['adjudication_indicator']}: {mue['adjudication_text']}; "
                     f"rationale: {mue['rationale']})."),
            "source": {"release": data["mue"]["release"]["name"], "field": "Practitioner Services MUE Values"}})
    return statements


def _related(data, path):
    related = []
    if data["pfs"]:
        for modifier in data["pfs"]["modifier_rows"]:
            if modifier != data["modifier"]:
                related.append({"code": data["code"], "modifier": modifier, "relation": _component_name(modifier)})
        related += _endoscopic_family(data)
    related += _neighbours(data, path)
    return related


def _unique(links):
    """The links with each code (and modifier) kept once, at its first place."""
    seen, kept = set(), []
    for link in links:
        key = (link["code"], link.get("modifier") or "")
        if key not in seen:
            seen.add(key)
            kept.append(link)
    return kept


def _component_name(modifier):
    names = {"": "global service (professional and technical together)", "26": "professional component (26)",
             "TC": "technical component (TC)", "53": "discontinued procedure (53)"}
    return names.get(modifier, f"modifier {modifier} row")


def _endoscopic_family(data):
    """The codes sharing an endoscopic base (multiple procedure indicator 3), for a family member or base."""
    fields, release = data["pfs"]["fields"], data["pfs"]["release"]
    if not fields["endo_base"] and fields["mult_proc"] != "3":
        return []
    base = fields["endo_base"] or data["code"]
    family = (models.RvuRow.objects.filter(release__name=release["name"], modifier="", endo_base=base)
              .exclude(hcpcs=data["code"]).order_by("hcpcs").values_list("hcpcs", "description"))
    items = [{"code": code, "name": name, "relation": f"endoscopy family of base code {base}"} for code, name in family]
    if fields["endo_base"]:
        items.insert(0, {"code": base, "name": _short_name(release, base), "relation": "endoscopic base code"})
    return items


def _short_name(release, code):
    row = models.RvuRow.objects.filter(release__name=release["name"], hcpcs=code, modifier="").first()
    return row.description if row else None


def _neighbours(data, path):
    """Nearby codes of the same narrowest category, from the same release."""
    release = (data["pfs"] or data["hcpcs"] or {}).get("release")
    if not release or len(path) < 2:
        return []
    codes, names = _names_in_release(release["kind"], release["name"])
    at = bisect.bisect_left(codes, data["code"])
    window = codes[max(0, at - NEIGHBOURS * 2):at] + [c for c in codes[at:at + NEIGHBOURS * 2 + 1] if c != data["code"]]
    leaf = path[-1]
    same = [c for c in window if category_path(c)[-1]["slug"] == leaf["slug"]]
    nearest = sorted(same, key=lambda c: abs(_rank(c) - _rank(data["code"])))[:NEIGHBOURS]
    return [{"code": c, "name": names[c], "relation": f"same category: {leaf['name']}"} for c in sorted(nearest)]


def _names_in_release(kind, name):
    """(sorted codes, {code: short name}) of one release (global PFS rows, or HCPCS codes), kept per release."""
    release = Releases().named(kind, name)

    def build(release):
        if kind == "pfs_rvu":
            rows = models.RvuRow.objects.filter(release=release, modifier="").values_list("hcpcs", "description")
        else:
            rows = (models.HcpcsItem.objects.filter(release=release, is_modifier=False)
                    .values_list("code", "short_description"))
        names = dict(sorted(rows))
        return list(names), names
    return cached("code-names", release, build)


def _rank(code):
    return int("".join(ch if ch.isdigit() else str(ord(ch)) for ch in code))


def _faqs(data, system, names, path, authored=None, info=None):
    faqs = [_faq_what(data, names, path)]
    if data["pfs"]:
        faqs += [_faq_paid(data, info["national"]), _faq_components(data), _faq_global(data)]
    if system == "cdt":
        faqs.append(_faq_dental(data, authored))
    return faqs


def _faq_what(data, names, path):
    short = names["short_descriptor"]
    full = (names["full_name"] or {}).get("text")
    categories = " › ".join(step["name"] for step in path)
    answer = f"{data['code']} is a code in {categories}."
    if short:
        answer += f" Its official short descriptor in {short['source']['release']} is “{short['text']}”."
    if full and full != (short or {}).get("text"):
        answer += f" In full: {full}."
    return {"question": f"What is {data['code']}?", "answer": answer}


def _faq_paid(data, amounts):
    fields, release = data["pfs"]["fields"], data["pfs"]["release"]
    status = value_entry("status", fields["status"]) or {"meaning": fields["status"], "explanation": ""}
    answer = f"Status {fields['status']} ({status['meaning']}) in {release['name']}: {status['explanation']}"
    nonfac, fac = amounts["nonfacility"], amounts["facility"]
    if nonfac["amount"] or fac["amount"]:
        answer += (f" The national amount (before geographic adjustment) at a conversion factor of "
                   f"{amounts['conversion_factor']} is {_setting_amount(nonfac, 'non-facility')} and "
                   f"{_setting_amount(fac, 'facility')}.")
    else:
        answer += f" No national amount applies: {nonfac['reason']}"
    return {"question": f"Is {data['code']} paid by Medicare, and how much nationally?", "answer": answer}


def _setting_amount(amount, setting):
    if amount["amount"] and amount.get("capped_at_opps"):
        return (f"${amount['amount']} in a {setting} setting (the OPPS amount, which is lower than the fee "
                "schedule amount: the Deficit Reduction Act of 2005 caps imaging payment there)")
    if amount["amount"]:
        return f"${amount['amount']} in a {setting} setting"
    return f"none in a {setting} setting ({amount['reason'].rstrip('.')})"


def _faq_components(data):
    fields, release = data["pfs"]["fields"], data["pfs"]["release"]
    pctc = value_entry("pctc", fields["pctc"]) or {"meaning": fields["pctc"], "explanation": ""}
    rows = [m for m in data["pfs"]["modifier_rows"] if m in ("26", "TC")]
    answer = f"PC/TC indicator {fields['pctc']} ({pctc['meaning']}): {pctc['explanation']}"
    answer += (f" {release['name']} has separate {' and '.join(rows)} row(s) for this code." if rows else
               f" {release['name']} has no separate 26 or TC row for this code.")
    return {"question": f"Can {data['code']} be billed with modifier 26 or TC?", "answer": answer}


def _faq_global(data):
    fields = data["pfs"]["fields"]
    days = value_entry("global_days", fields["global_days"]) or {"meaning": "", "explanation": ""}
    return {"question": f"What global period applies to {data['code']}?",
            "answer": f"Global surgery indicator {fields['global_days']} ({days['meaning']}): {days['explanation']}"}


def _faq_dental(data, authored=None):
    note = load("indicators")["dental_status_note"]
    answer = (f"{_note_text(note)} Whether a dental plan covers {data['code']}, and how often, depends on the "
              "plan; the CMS files do not say.")
    if authored and authored["payer_notes"]:
        answer += " What plans commonly do, from published payer policies: " + " ".join(
            note["text"] for note in authored["payer_notes"])
    return {"question": f"Is {data['code']} covered by dental insurance?", "answer": answer}


def _sources(data, authored=None):
    sources = [data[part]["release"] for part in ("pfs", "hcpcs", "mue") if data[part]]
    files = [source_path(name) for name in ("indicators", "categories", "abbreviations")]
    if authored:
        files.insert(0, authored["file"])
    return {"releases": sources, "authored": files, "references": authored["references"] if authored else []}
