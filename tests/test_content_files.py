"""The authored content files (openrvu/content/indicators.yaml, categories.yaml and lay_names.yaml) against CMS's
real files.

Plain pytest: no Django and no database. The official files are read from ../shared/data.
"""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from openrvu.services.categories import category_path
from openrvu.sources.files import SourceFile
from openrvu.sources.pprrvu import NUMBER_FIELDS, read_pprrvu

from .paths import SHARED_DATA

CONTENT = Path(__file__).resolve().parents[1] / "openrvu" / "content"
PPRRVU = SHARED_DATA / "pfs2026" / "PPRRVU2026_Jul_nonQPP.csv"
DENTAL = SHARED_DATA / "cdt" / "dental_D_codes_from_PPRRVU2026_Jul.derived.csv"
HCPCS = SHARED_DATA / "hcpcs" / "HCPC2026_JAN_ANWEB_01122026.derived.csv"

# Every value CMS documents for each coded field (RVUPUF26 field notes and Attachment A).
DOCUMENTED_VALUES = {
    "status": list("ABCDEFGHIJMNPRTX"),
    "pctc": list("0123456789"),
    "global_days": ["000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"],
    "mult_proc": list("01234567") + ["9"],  # RVUPUF26 documents no value 8
    "bilateral": ["0", "1", "2", "3", "9"],
    "assistant": ["0", "1", "2", "9"],
    "co_surgeon": ["0", "1", "2", "9"],
    "team_surgery": ["0", "1", "2", "9"],
    "supervision": ["01", "02", "03", "04", "05", "06", "21", "22", "66", "6A", "77", "7A", "09"],
    "imaging_family": [f"{n:02d}" for n in range(1, 12)] + ["88", "99"],
    "nonfac_na": ["NA"],
    "fac_na": ["NA"],
    "not_used_for_medicare": ["+"],
    "pricing_ind": ["1", "9"],
    "calculation_flag": ["0"],
}
UNCODED_FIELDS = ["hcpcs", "modifier", "description", "endo_base", "conversion_factor", "work_rvu", "nonfac_pe_rvu", "fac_pe_rvu", "mp_rvu",
                  "nonfac_total", "fac_total", "preop", "intraop", "postop", "opps_nonfac_pe", "opps_fac_pe",
                  "opps_mp"]
PAID_STATUSES = {"A", "R", "T"}  # RVUPUF26 'Status Code': only RVUs of A, R or T are used for payment
MODIFIERS = ["26", "TC", "53", "50", "51", "62", "66", "80", "81", "82", "AS"]

CDT_CATEGORIES = [  # DESIGN.md
    ("I", "D0100", "D0999"), ("II", "D1000", "D1999"), ("III", "D2000", "D2999"), ("IV", "D3000", "D3999"),
    ("V", "D4000", "D4999"), ("VI", "D5000", "D5899"), ("VII", "D5900", "D5999"), ("VIII", "D6000", "D6199"),
    ("IX", "D6200", "D6999"), ("X", "D7000", "D7999"), ("XI", "D8000", "D8999"), ("XII", "D9000", "D9999"),
]
# Codes of the PFS file allowed to fall outside every CPT section, each with the reason. None today.
CPT_OUTSIDE_ANY_SECTION = {}
# Letter codes of the PFS file allowed to fall outside every HCPCS section, each with the reason.
HCPCS_OUTSIDE_ANY_SECTION = {
    "GXXX1": "placeholder in the July 2026 PFS file (X's where the digits go, status X); not a real HCPCS code",
}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def indicators():
    return yaml.safe_load((CONTENT / "indicators.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def categories():
    return yaml.safe_load((CONTENT / "categories.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pfs_records():
    return read_pprrvu(SourceFile(str(PPRRVU), PPRRVU.read_bytes())).records


@pytest.fixture(scope="module")
def pfs_codes(pfs_records):
    return sorted({record.hcpcs for record in pfs_records})


@pytest.fixture(scope="module")
def dental_codes():
    with open(DENTAL, encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


# --- indicators.yaml -----------------------------------------------------------------------------------------

def test_every_record_field_has_an_entry_with_label_about_and_source(indicators):
    for field in [*DOCUMENTED_VALUES, *UNCODED_FIELDS]:
        entry = indicators.get(field)
        assert entry, f"indicators.yaml has no entry for {field}"
        for key in ("label", "about", "source"):
            assert isinstance(entry.get(key), str) and entry[key].strip(), f"{field}: missing {key}"


def test_number_fields_are_all_covered(indicators):
    assert set(NUMBER_FIELDS) <= set(indicators)


@pytest.mark.parametrize("field", sorted(DOCUMENTED_VALUES))
def test_every_documented_value_is_explained(indicators, field):
    values = indicators[field].get("values") or {}
    assert all(isinstance(key, str) for key in values), f"{field}: quote the value keys (YAML reads 010 as 8)"
    missing = [value for value in DOCUMENTED_VALUES[field] if value not in values]
    assert not missing, f"{field}: no entry for {missing}"
    for value, entry in values.items():
        for key in ("meaning", "explanation"):
            assert isinstance(entry.get(key), str) and entry[key].strip(), f"{field} {value}: missing {key}"


def test_status_values_say_whether_the_pfs_pays_from_the_rvus(indicators):
    for value, entry in indicators["status"]["values"].items():
        assert isinstance(entry.get("paid_under_pfs"), bool), f"status {value}: paid_under_pfs must be true/false"
        assert entry["paid_under_pfs"] == (value in PAID_STATUSES), f"status {value}"


def test_dental_note_is_sourced_and_never_calls_dental_codes_supplies_or_drugs(indicators):
    note = indicators["dental_status_note"]
    assert note["explanation"].strip() and note["source"].strip()
    assert "1862(a)(12)" in note["source"]
    text = note["explanation"].lower()
    assert "supply" not in text and "supplies" not in text and "drug" not in text


@pytest.mark.parametrize("modifier", MODIFIERS)
def test_modifiers_are_explained_and_sourced(indicators, modifier):
    entry = indicators["modifiers"].get(modifier)
    assert entry, f"no entry for modifier {modifier}"
    for key in ("label", "explanation", "source"):
        assert isinstance(entry.get(key), str) and entry[key].strip(), f"modifier {modifier}: missing {key}"


def test_assistant_and_co_surgeon_percentages(indicators):
    assert "16%" in indicators["assistant"]["about"] and "13.6%" in indicators["assistant"]["about"]
    assert "62.5%" in indicators["co_surgeon"]["about"]
    assert "62.5%" in indicators["modifiers"]["62"]["explanation"]
    assert "13.6%" in indicators["modifiers"]["AS"]["explanation"]


def test_every_value_in_the_2026_file_is_explained(indicators, pfs_records):
    """Each non-blank value of a coded column in the real July 2026 file has an authored meaning."""
    for field in DOCUMENTED_VALUES:
        values = indicators[field]["values"]
        seen = Counter(getattr(record, field) for record in pfs_records)
        unknown = {value: count for value, count in seen.items() if value and value not in values}
        assert not unknown, f"{field}: values in the CMS file with no explanation: {unknown}"


def test_plus_flag_marks_only_rows_whose_status_is_not_paid(pfs_records):
    flagged = Counter(record.status for record in pfs_records if record.not_used_for_medicare == "+")
    assert flagged and not set(flagged) & PAID_STATUSES


# --- categories.yaml -----------------------------------------------------------------------------------------

def _walk(entries, parents=()):
    for entry in entries:
        yield entry, parents
        yield from _walk(entry.get("subcategories") or [], (*parents, entry))


def _shape(code):
    return re.sub(r"[0-9]", "9", re.sub(r"[A-Z]", "A", code))


def _ranges(entry):
    """An entry's [first, last] pairs: its `range`, or each of its `ranges`; none for a suffix family."""
    if "ranges" in entry:
        return [tuple(pair) for pair in entry["ranges"]]
    return [tuple(entry["range"])] if "range" in entry else []


def _holds(entry, code):
    if "suffix" in entry:
        return code[:4].isdigit() and code.endswith(entry["suffix"])
    return any(_shape(first) == _shape(code) and first <= code <= last for first, last in _ranges(entry))


def _holders(entries, code):
    return [entry for entry in entries if _holds(entry, code)]


def _overlap(a, b):
    if "suffix" in a or "suffix" in b:
        return a.get("suffix") is not None and a.get("suffix") == b.get("suffix")
    return any(_shape(a_first) == _shape(b_first) and a_first <= b_last and b_first <= a_last
               for a_first, a_last in _ranges(a) for b_first, b_last in _ranges(b))


def _leaves(entries, code):
    """The leaf categories that hold a code, descending only through categories that hold it."""
    found = []
    for entry in _holders(entries, code):
        subs = entry.get("subcategories")
        found += _leaves(subs, code) if subs else [entry]
    return found


def test_entries_are_well_formed(categories):
    for system in ("cdt", "cpt", "hcpcs"):
        for entry, parents in _walk(categories[system]):
            where = entry.get("slug", entry)
            assert SLUG.match(entry["slug"]), f"{where}: slug is not url-safe"
            assert entry["name"].strip() and entry["about"].strip(), f"{where}: name and about are required"
            kinds = [key for key in ("range", "ranges", "suffix") if key in entry]
            assert len(kinds) == 1, f"{where}: give exactly one of range, ranges and suffix (has {kinds})"
            if "range" in entry:
                assert isinstance(entry["range"], list) and len(entry["range"]) == 2, f"{where}: range is [first, last]"
            if "ranges" in entry:
                assert isinstance(entry["ranges"], list) and len(entry["ranges"]) >= 2, \
                    f"{where}: ranges lists two or more [first, last] pairs (use range for one)"
                assert all(isinstance(pair, list) and len(pair) == 2 for pair in entry["ranges"]), \
                    f"{where}: each of ranges is [first, last]"
            pairs = _ranges(entry)
            for first, last in pairs:
                assert isinstance(first, str) and isinstance(last, str), f"{where}: quote the range codes"
                assert len(first) == len(last) == 5 and _shape(first) == _shape(last), where
                assert first <= last, where
            for i, (first, last) in enumerate(pairs):
                for other_first, other_last in pairs[i + 1:]:
                    assert not (_shape(first) == _shape(other_first) and first <= other_last
                                and other_first <= last), f"{where}: its ranges overlap each other"
            if parents:
                parent = parents[-1]
                assert pairs and _ranges(parent), f"{where}: subcategories need ranges"
                for first, last in pairs:
                    assert any(p_first <= first and last <= p_last for p_first, p_last in _ranges(parent)), \
                        f"{where}: {first}-{last} lies outside its parent {parent['slug']}"


def test_slugs_are_unique_across_the_file(categories):
    slugs = [entry["slug"] for system in ("cdt", "cpt", "hcpcs") for entry, _ in _walk(categories[system])]
    duplicates = [slug for slug, count in Counter(slugs).items() if count > 1]
    assert not duplicates, duplicates
    assert not {"cdt", "cpt", "hcpcs"} & set(slugs), "system slugs are reserved"


def test_sibling_ranges_do_not_overlap(categories):
    for system in ("cdt", "cpt", "hcpcs"):
        lists = [categories[system]] + [entry["subcategories"] for entry, _ in _walk(categories[system])
                                         if entry.get("subcategories")]
        for siblings in lists:
            for i, a in enumerate(siblings):
                for b in siblings[i + 1:]:
                    assert not _overlap(a, b), f"{system}: {a['slug']} overlaps {b['slug']}"


def test_cdt_categories_match_the_design_table(categories):
    got = [(entry["numeral"], *entry["range"]) for entry in categories["cdt"]]
    assert got == CDT_CATEGORIES
    for entry in categories["cdt"]:
        assert entry.get("subcategories"), f"{entry['slug']} has no subcategories"


def test_every_dental_code_falls_in_exactly_one_cdt_leaf(categories, dental_codes):
    """Each D-code is in one category at every level, down to one leaf (below Diagnostic imaging, say)."""
    assert len(dental_codes) == 847
    for code in dental_codes:
        holders = _holders(categories["cdt"], code)
        assert len(holders) == 1, f"{code}: in {len(holders)} CDT categories"
        entries = holders[0]
        while entries.get("subcategories"):
            subs = _holders(entries["subcategories"], code)
            assert len(subs) == 1, f"{code}: in {len(subs)} subcategories of {entries['slug']}"
            entries = subs[0]
        leaves = _leaves(categories["cdt"], code)
        assert [leaf["slug"] for leaf in leaves] == [entries["slug"]], f"{code}: in leaves {leaves}"
        assert category_path(code)[-1]["slug"] == entries["slug"], f"{code}: the service puts it elsewhere"


def test_diagnostic_imaging_holds_every_imaging_subcategory(categories):
    diagnostic = next(entry for entry in categories["cdt"] if entry["slug"] == "cdt-diagnostic")
    imaging = next(entry for entry in diagnostic["subcategories"] if entry["slug"] == "cdt-diagnostic-imaging")
    assert imaging["name"] == "Diagnostic imaging"
    assert _ranges(imaging) == [("D0200", "D0399"), ("D0700", "D0799")]
    slugs = [entry["slug"] for entry in imaging["subcategories"]]
    assert "cdt-capture-only-3d-tomo" in slugs and "cdt-capture-only-2d" in slugs
    assert "cdt-oral-evaluations" not in slugs and "cdt-tests-laboratory" not in slugs


def test_every_pfs_code_falls_in_exactly_one_cpt_section(categories, pfs_codes):
    cpt_codes = [code for code in pfs_codes if not code[0].isalpha()]
    assert len(cpt_codes) > 10_000
    outside = []
    for code in cpt_codes:
        holders = _holders(categories["cpt"], code)
        assert len(holders) <= 1, f"{code} is in several CPT sections: {[h['slug'] for h in holders]}"
        if not holders:
            outside.append(code)
    assert set(outside) == set(CPT_OUTSIDE_ANY_SECTION), f"{len(outside)} codes fall in no CPT section: {outside[:20]}"


CPT_SECTIONS_WITH_SUBSECTIONS = ["cpt-evaluation-management", "cpt-surgery", "cpt-radiology", "cpt-pathology-laboratory",
                                 "cpt-medicine", "cpt-medicine-home-medication-management"]


@pytest.mark.parametrize("section", CPT_SECTIONS_WITH_SUBSECTIONS)
def test_every_code_of_a_subdivided_cpt_section_falls_in_exactly_one_subsection(categories, pfs_codes, section):
    """Each numeric code is in one subsection at every level below the section, down to one leaf."""
    entry = next(e for e in categories["cpt"] if e["slug"] == section)
    assert entry.get("subcategories"), f"{section} has no subsections"
    codes = [code for code in pfs_codes if code.isdigit() and _holds(entry, code)]
    assert codes
    for code in codes:
        node = entry
        while node.get("subcategories"):
            subs = _holders(node["subcategories"], code)
            assert len(subs) == 1, f"{code}: in {len(subs)} subsections of {node['slug']}"
            node = subs[0]
        assert category_path(code)[-1]["slug"] == node["slug"], f"{code}: the service puts it elsewhere"


def test_every_subdivided_cpt_section_is_checked(categories):
    subdivided = [entry["slug"] for entry in categories["cpt"] if entry.get("subcategories")]
    assert sorted(subdivided) == sorted(CPT_SECTIONS_WITH_SUBSECTIONS)


def test_every_letter_code_falls_in_one_hcpcs_section(categories, pfs_codes):
    with open(HCPCS, encoding="utf-8", newline="") as handle:
        hcpcs_codes = {row["HCPC"].strip() for row in csv.DictReader(handle) if row["RECID"].strip() == "3"}
    letter_codes = hcpcs_codes | {code for code in pfs_codes if code[0].isalpha() and not code.startswith("D")}
    for code in sorted(letter_codes - set(HCPCS_OUTSIDE_ANY_SECTION)):
        holders = _holders(categories["hcpcs"], code)
        assert len(holders) == 1, f"{code}: in {len(holders)} HCPCS sections"
        subs = holders[0].get("subcategories")
        if subs:
            assert len(_holders(subs, code)) == 1, f"{code}: not in exactly one subsection of {holders[0]['slug']}"


def test_category_service_places_real_codes(pfs_codes):
    """The service that reads categories.yaml finds a section for every code of the 2026 file."""
    assert set(HCPCS_OUTSIDE_ANY_SECTION) <= set(pfs_codes), "an exception no longer in the file: drop it"
    for code in set(pfs_codes) - set(HCPCS_OUTSIDE_ANY_SECTION) - set(CPT_OUTSIDE_ANY_SECTION):
        path = category_path(code)
        assert len(path) >= 2, f"{code}: no category ({path})"


# --- lay_names.yaml ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lay_names():
    return yaml.safe_load((CONTENT / "lay_names.yaml").read_text(encoding="utf-8"))["codes"]


@pytest.fixture(scope="module")
def current_hcpcs_codes():
    with open(HCPCS, encoding="utf-8", newline="") as handle:
        return {row["HCPC"].strip() for row in csv.DictReader(handle)
                if row["RECID"].strip() == "3" and not row["TERM DT"].strip()}


def test_every_lay_named_code_is_in_force_in_2026(lay_names, pfs_codes, current_hcpcs_codes):
    assert sorted(set(map(str, lay_names)) - set(pfs_codes) - current_hcpcs_codes) == []


def test_every_lay_name_entry_has_names_and_a_public_source(lay_names):
    for code, entry in lay_names.items():
        names = entry.get("names") or []
        sources = entry.get("source") if isinstance(entry.get("source"), list) else [entry.get("source")]
        assert names and all(isinstance(name, str) and name.strip() for name in names), code
        assert sources and all(str(source).startswith(("https://", "http://")) for source in sources), code
        assert len(names) == len({name.lower() for name in names}), code


def test_lay_names_copy_no_cpt_or_cdt_descriptor(lay_names, pfs_records):
    """Licensing: the names are our own words; none of three words or more is a whole CPT or CDT short
    descriptor of the 2026 PFS file."""
    texts = {record.description.lower() for record in pfs_records
             if record.hcpcs[0].isdigit() or record.hcpcs.startswith("D")}
    copied = sorted(name for entry in lay_names.values() for name in entry["names"]
                    if len(name.split()) >= 3 and name.lower() in texts)
    assert copied == []
