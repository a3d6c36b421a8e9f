"""Everything a code page says, as JSON-ready data: the page, `/api/codes/{code}/page` and
`openrvu code show --page` all render build_code_page(). Every statement names its release and field or the
authored file it comes from."""

from functools import cache

from openrvu.catalog import models
from openrvu.content import load, source_path

from .categories import SYSTEM_NAMES, category_path, code_system
from .codes import look_up_code
from .explain import BILLING_FIELDS, VALUE_FIELDS, cite, explain_indicators, national_amounts, value_entry
from .history import code_history
from .names import expand_descriptor, vocabulary_from_hcpcs
from .serialize import release_summary, row_fields

COMPONENT_ORDER = ["", "26", "TC", "53"]
NEIGHBOURS = 6


def build_code_page(text, modifier=None, on=None):
    """The sections of a code page, in page order, for the code in force on the date of service."""
    data = look_up_code(text, modifier, on)
    code, system = data["code"], code_system(data["code"])
    pfs = data["pfs"]
    names = _names(data, system)
    path = category_path(code)
    page = {
        "code": code,
        "modifier": data["modifier"],
        "date_of_service": data["date_of_service"],
        "system": SYSTEM_NAMES[system],
        "names": names,
        "title": _title(data, names),
        "category_path": path,
        "also_known_as": [],
        "description": _description(data, names),
        "plain_language": _plain_language(data, system, path),
        "clinical_context": [],
        "rvu_information": _rvu_information(data) if pfs else None,
        "billing": _billing(data),
        "specialties": [],
        "related": _related(data, path),
        "faqs": _faqs(data, system, names, path),
        "history": code_history(code, data["modifier"]),
        "sources": _sources(data),
    }
    return page


def _title(data, names):
    name = (names["full_name"] or {}).get("text") or data["short_descriptor"] or ""
    return f"{data['code']}{'-' + data['modifier'] if data['modifier'] else ''} {name}".strip()


def _names(data, system):
    short = None
    if data["pfs"]:
        short = {"text": data["pfs"]["fields"]["description"], "source": cite(data["pfs"]["release"], "description")}
    elif data["hcpcs"]:
        short = {"text": data["hcpcs"]["fields"]["short_description"],
                 "source": {"release": data["hcpcs"]["release"]["name"], "field": "SHORT DESCRIPTION"}}
    return {"short_descriptor": short, "full_name": _full_name(data, short)}


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
    ids = tuple(models.Release.objects.filter(kind="hcpcs").order_by("id").values_list("id", flat=True))
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
    rows = models.RvuRow.objects.filter(release__name=release["name"], hcpcs=data["code"])
    components = sorted((row_fields(r) for r in rows), key=lambda f: COMPONENT_ORDER.index(f["modifier"])
                        if f["modifier"] in COMPONENT_ORDER else 99)
    return {
        "release": release,
        "components": [{**_rvus(f), "national": national_amounts(f, release)} for f in components],
        "indicators": explain_indicators(pfs["fields"], release, VALUE_FIELDS),
        "national": national_amounts(pfs["fields"], release),
    }


def _rvus(fields):
    keys = ("modifier", "status", "work_rvu", "nonfac_pe_rvu", "nonfac_na", "fac_pe_rvu", "fac_na", "mp_rvu",
            "nonfac_total", "fac_total")
    return {key: fields[key] for key in keys}


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
    if release["kind"] == "pfs_rvu":
        rows, field = models.RvuRow.objects.filter(modifier="").values_list("hcpcs", "description"), "hcpcs"
    else:
        rows, field = (models.HcpcsItem.objects.filter(is_modifier=False).values_list("code", "short_description"),
                       "code")
    rows = rows.filter(release__name=release["name"])
    below = rows.filter(**{f"{field}__lt": data["code"]}).order_by(f"-{field}")[:NEIGHBOURS * 2]
    above = rows.filter(**{f"{field}__gt": data["code"]}).order_by(field)[:NEIGHBOURS * 2]
    leaf = path[-1]
    same = [(c, n) for c, n in [*below, *above] if category_path(c)[-1]["slug"] == leaf["slug"]]
    nearest = sorted(same, key=lambda item: abs(_rank(item[0]) - _rank(data["code"])))[:NEIGHBOURS]
    return [{"code": c, "name": n, "relation": f"same category: {leaf['name']}"} for c, n in sorted(nearest)]


def _rank(code):
    return int("".join(ch if ch.isdigit() else str(ord(ch)) for ch in code))


def _faqs(data, system, names, path):
    faqs = [_faq_what(data, names, path)]
    if data["pfs"]:
        faqs += [_faq_paid(data), _faq_components(data), _faq_global(data)]
    if system == "cdt":
        faqs.append(_faq_dental(data))
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


def _faq_paid(data):
    fields, release = data["pfs"]["fields"], data["pfs"]["release"]
    status = value_entry("status", fields["status"]) or {"meaning": fields["status"], "explanation": ""}
    amounts = national_amounts(fields, release)
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


def _faq_dental(data):
    note = load("indicators")["dental_status_note"]
    answer = (f"{_note_text(note)} Whether a dental plan covers {data['code']}, and how often, depends on the "
              "plan; the CMS files do not say.")
    return {"question": f"Is {data['code']} covered by dental insurance?", "answer": answer}


def _sources(data):
    sources = [data[part]["release"] for part in ("pfs", "hcpcs", "mue") if data[part]]
    authored = [source_path(name) for name in ("indicators", "categories", "abbreviations")]
    return {"releases": sources, "authored": authored}
