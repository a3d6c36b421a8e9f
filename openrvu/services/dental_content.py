"""Authored dental imaging content (openrvu/content/dental_imaging/*.yaml), one family per file.

`imaging_entry("D0387")` gives a code's authored fields with its family and the sources it cites resolved;
`imaging_entries()` gives every entry (for the search index and the tests).
"""

from functools import cache

from openrvu.content import CONTENT_DIR, load

FAMILY_DIR = "dental_imaging"


def family_names():
    """The family files' stems, in name order."""
    return sorted(path.stem for path in (CONTENT_DIR / FAMILY_DIR).glob("*.yaml"))


def load_family(name):
    return load(f"{FAMILY_DIR}/{name}")


@cache
def _entries():
    entries = {}
    for name in family_names():
        family = load_family(name)
        for code, fields in (family.get("codes") or {}).items():
            entries[code] = _entry(code, fields, family, deleted=False)
        for code, fields in (family.get("deleted_codes") or {}).items():
            entries[code] = _entry(code, fields, family, deleted=True)
    return entries


def _entry(code, fields, family, deleted):
    cited = {key for keys in (fields.get("sources") or {}).values() for key in keys}
    cited |= {key for item in fields.get("disagreements") or [] for key in item.get("sources", [])}
    known = family.get("sources") or {}
    return {
        "code": code,
        "deleted": deleted,
        "family": {"slug": family["family"], "name": family["name"], "about": family["about"]},
        "file": f"openrvu/content/{FAMILY_DIR}/{family['family']}.yaml",
        **fields,
        "source_list": [{"key": key, **known[key]} for key in sorted(cited) if key in known],
        "unknown_sources": sorted(key for key in cited if key not in known),
    }


def imaging_entry(code):
    """The authored entry for a dental imaging code, or None."""
    return _entries().get(code.upper())


def imaging_entries():
    """Every authored entry, current and deleted codes, keyed by code."""
    return dict(_entries())


def family_members(code):
    """The capture / interpretation / complete split around a code: the complete (capture + reading) code, its
    capture-only twin and D0391, as authored in the code's `related` field."""
    entry = imaging_entry(code)
    if not entry or entry["deleted"]:
        return None
    related = entry.get("related") or {}
    parts = [("complete", "capture and interpretation by the same practitioner", related.get("complete")),
             ("capture_only", "image capture only", related.get("capture_only")),
             ("interpretation", "interpretation by a practitioner not associated with the capture",
              related.get("interpretation"))]
    return [{"role": role, "meaning": meaning, "code": member,
             "name": (imaging_entry(member) or {}).get("full_name") if member else None}
            for role, meaning, member in parts]


DOCUMENTATION_TOPICS = [("area", "Teeth or area to record"), ("images", "Images"), ("report", "Report")]


def authored_sections(code):
    """The authored parts of a dental imaging code's page, each statement citing the family file and the
    source keys the file gives for that field; None for a code with no authored entry."""
    entry = imaging_entry(code)
    if not entry or entry["deleted"]:
        return None
    return {
        "full_name": {"text": entry["full_name"], "method": "authored", "source": _cite(entry, "full_name")},
        "also_known_as": list(entry.get("also_known_as") or []),
        "plain_language": [{"text": entry["plain_language"], "source": _cite(entry, "plain_language")}],
        "clinical_context": [{"text": entry["clinical_context"], "source": _cite(entry, "clinical_context")}],
        "documentation": [{"topic": label, "text": entry["documentation"][key],
                           "source": _cite(entry, "documentation")}
                          for key, label in DOCUMENTATION_TOPICS if (entry.get("documentation") or {}).get(key)],
        "payer_notes": [{"topic": "Common payer practice", "text": note, "source": _cite(entry, "payer_notes")}
                        for note in entry.get("payer_notes") or []],
        "cdt_version": cdt_version_text(entry),
        "specialties": list(entry.get("specialties") or []),
        "related": _related(entry),
        "family": family_members(code),
        "family_name": entry["family"]["name"],
        "disagreements": entry.get("disagreements") or [],
        "file": entry["file"],
        "references": entry["source_list"],
    }


def _cite(entry, field):
    keys = (entry.get("sources") or {}).get(field) or []
    return {"content": entry["file"], "documentation": ", ".join(keys) or None}


def cdt_version_text(entry):
    """One sentence on the CDT versions that added, revised or deleted a code, from its `cdt_version` field."""
    version = entry.get("cdt_version") or {}
    parts = []
    if version.get("added"):
        parts.append(f"added in {version['added']}")
    if version.get("revised"):
        parts.append(f"revised in {version['revised']}")
    if version.get("deleted"):
        parts.append(f"deleted in {version['deleted']}")
    text = f"{entry['code']} was " + ", ".join(parts) + "." if parts else f"The CDT version that added {entry['code']} is not recorded."
    note = version.get("note") or entry.get("note")
    if note:
        text += " " + note.strip()
    return {"text": text, "source": _cite(entry, "cdt_version")}


ROLE_WORDS = {"complete": "complete code: capture and interpretation by the same practitioner",
              "capture_only": "image capture only",
              "interpretation": "interpretation by a practitioner not associated with the capture"}


def _related(entry):
    related = entry.get("related") or {}
    links = [{"code": related[role], "relation": words} for role, words in ROLE_WORDS.items()
             if related.get(role) and related[role] != entry["code"]]
    links += [{"code": item["code"], "relation": item["relation"]} for item in related.get("other") or []]
    for link in links:
        link["name"] = (imaging_entry(link["code"]) or {}).get("full_name")
        link["source"] = {"content": entry["file"]}
    return links


def deletion_note(code):
    """For a code the authored files record as deleted (D0704, D0351), what they say about it; else None."""
    entry = imaging_entry(code)
    if not entry or not entry["deleted"]:
        return None
    return {**cdt_version_text(entry), "references": entry["source_list"]}
