"""Which code system and category a code belongs to, from the ranges in openrvu/content/categories.yaml."""

from functools import cache

from openrvu.content import load

SYSTEM_NAMES = {"cdt": "CDT", "cpt": "CPT", "hcpcs": "HCPCS Level II"}


def code_system(code):
    """'cdt' for D-codes, 'hcpcs' for other letter codes, 'cpt' for the rest (numeric, or ending F/T/M/U)."""
    if code.startswith("D"):
        return "cdt"
    if code[:1].isalpha():
        return "hcpcs"
    return "cpt"


def _matches(entry, code):
    if "suffix" in entry:
        return code.endswith(entry["suffix"]) and code[:4].isdigit()
    # Ranges compare within one shape only: numeric CPT ranges never take 0001U-style codes and vice versa.
    return any(_shape(first) == _shape(code) and first <= code <= last for first, last in entry_ranges(entry))


def entry_ranges(entry):
    """The [first, last] pairs of an entry: its one `range`, or its several `ranges`; none for a suffix family."""
    if "ranges" in entry:
        return [tuple(pair) for pair in entry["ranges"]]
    if "range" in entry:
        return [tuple(entry["range"])]
    return []


SHAPE = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "9" * 10 + "A" * 26)


def _shape(code):
    return code.translate(SHAPE)


@cache
def _tree(system):
    return load("categories")[system]


def category_path(code):
    """The chain of categories from the system down to the narrowest one that holds the code."""
    return [dict(step) for step in _category_path(code)]


@cache
def _category_path(code):
    system = code_system(code)
    path = [{"slug": system, "name": SYSTEM_NAMES[system]}]
    entries = _tree(system)
    while entries:
        entry = next((e for e in entries if _matches(e, code)), None)
        if entry is None:
            break
        path.append({"slug": entry["slug"], "name": entry["name"]})
        entries = entry.get("subcategories") or []
    return path


def category_tree():
    """Every system with its categories and subcategories, as authored."""
    return [{"slug": system, "name": SYSTEM_NAMES[system], "subcategories": _tree(system)} for system in SYSTEM_NAMES]


def find_category(slug):
    """(entry, path of ancestors) for a slug, or (None, []) when no category has it."""
    for system in category_tree():
        found = _find(system, slug, [])
        if found:
            return found
    return None, []


def _find(entry, slug, ancestors):
    if entry["slug"] == slug:
        return entry, ancestors
    for child in entry.get("subcategories") or []:
        found = _find(child, slug, [*ancestors, entry])
        if found:
            return found
    return None


def in_category(entry, system_slug, code):
    """True when the code belongs to the category (a whole system matches every code of that system)."""
    if entry["slug"] in SYSTEM_NAMES:
        return code_system(code) == entry["slug"]
    return code_system(code) == system_slug and _matches(entry, code)
