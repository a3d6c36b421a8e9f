"""Full names for CMS short descriptors (openrvu/services/names.py and openrvu/content/abbreviations.yaml).

Everything runs on the real files in ../shared/data: the vocabulary of ordinary words comes from the HCPCS Level II
long descriptions (public domain) and the descriptors from the 2026 PFS file, both read at run time. No descriptor
is written in this file or in the table (CPT and CDT descriptors are AMA and ADA text).
"""

import csv
import re

import pytest
import yaml

from openrvu.content import load
from openrvu.services.names import (
    TABLE_FILE,
    expand_descriptor,
    load_abbreviations,
    parse_table,
    vocabulary_from_hcpcs,
)

from .paths import SHARED_DATA

HCPCS_TXT = SHARED_DATA / "hcpcs" / "HCPC2026_JAN_ANWEB_01122026.txt"
PFS_CSV = SHARED_DATA / "pfs2026" / "PPRRVU2026_Jul_nonQPP.csv"
PREAMBLE = 9  # lines before the header (title, copyright notices, caption rows)

# Measured on the 2026 July file when the table was last extended (7,536 of 17,095, 44.1%); the floors sit a
# little below so that a lost entry or a broken rule fails. Raise them when the table grows.
FULL_NAME_FLOOR = 0.455  # measured 7,842 of 17,095 (45.9%)
HCPCS_AGREEMENT_FLOOR = 0.94  # measured 2,978 of 3,151 (94.5%)


@pytest.fixture(scope="module")
def hcpcs_long():
    """HCPCS Level II long descriptions by code (columns 12-91 of each line, continuation lines joined)."""
    long = {}
    with open(HCPCS_TXT, encoding="latin-1") as handle:
        for line in handle:
            if line.strip() and line[10] in "34":  # procedure records; 7/8 are modifiers
                long.setdefault(line[:5].strip(), []).append(line[11:91].strip())
    return {code: " ".join(parts) for code, parts in long.items()}


@pytest.fixture(scope="module")
def vocabulary():
    with open(HCPCS_TXT, encoding="latin-1") as handle:
        return vocabulary_from_hcpcs(line[11:91] for line in handle)


@pytest.fixture(scope="module")
def descriptors():
    """Code → short descriptor for the global rows (no modifier) of the 2026 PFS file."""
    with open(PFS_CSV, newline="", encoding="latin-1") as handle:
        rows = list(csv.reader(handle))
    header = rows[PREAMBLE]
    assert header[:3] == ["HCPCS", "MOD", "DESCRIPTION"]
    return {row[0]: row[2] for row in rows[PREAMBLE + 1:] if row and row[0] and not row[1]}


def expand(code, descriptors, vocabulary):
    return expand_descriptor(code, descriptors[code], vocabulary)


def test_vocabulary_keeps_long_words_only(vocabulary):
    assert {"injection", "dressing", "x-ray"} <= vocabulary
    # Short tokens are where abbreviations hide ("inj", "est", "pt" all occur in HCPCS text): the table decides.
    assert not {"inj", "est", "pt", "max", "a", "of"} & vocabulary


def test_table_sections_do_not_clash():
    table = load_abbreviations()
    assert not set(table.expansions) & set(table.ambiguous)
    assert not set(table.misspellings) & set(table.ambiguous)
    assert not set(table.words) & (set(table.expansions) | set(table.ambiguous) | set(table.acronyms))
    assert all(len(readings) >= 2 for readings in table.ambiguous.values())


def test_every_misspelling_and_context_rule_has_a_note():
    with open(TABLE_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for token, entry in data["misspellings"].items():
        assert entry["word"] and len(entry["note"]) > 20, token
    for rule in data["contextual"]:
        assert len(rule["note"]) > 20, rule["token"]
        assert rule.get("codes") or rule.get("code_ranges"), rule["token"]


def test_loader_refuses_a_token_both_expanded_and_ambiguous():
    with pytest.raises(ValueError, match="both"):
        parse_table({"expansions": {"comp": "complete"}, "ambiguous": {"comp": ["complete", "compression"]}})
    with pytest.raises(ValueError, match="note"):
        parse_table({"contextual": [{"token": "max", "codes": ["D0385"], "expansion": "maxillofacial"}]})


def test_table_holds_no_descriptor(descriptors):
    """Licensing: the table has abbreviations and their meanings, never a whole descriptor. A one-word descriptor
    ("Urinalysis") is an ordinary word, and a procedure's own name can be the meaning of its abbreviation ("d&c")."""
    table = load_abbreviations()
    texts = {descriptor.lower() for descriptor in descriptors.values()}
    strings = set(table.expansions) | set(table.expansions.values()) | set(table.words) | set(table.units)
    strings |= {rule.expansion for rule in table.contextual if rule.expansion}
    strings = {string.lower() for string in strings if " " in string} - {table.expansions["d&c"]}
    assert not strings & texts


def test_the_search_vocabulary_holds_no_descriptor(descriptors):
    """Licensing: openrvu/content/search/synonyms.yaml is our own vocabulary; no phrase of three words or more is a
    whole CPT or CDT short descriptor (shorter ones are everyday names such as "lipid panel"), the expansion of
    "d&c" aside, as above."""
    data = load("search/synonyms")
    phrases = {str(phrase) for group in data["groups"] for phrase in group} | {str(left) for left in data["also"]}
    phrases |= {str(phrase) for rights in data["also"].values() for phrase in rights}
    texts = {text.lower() for code, text in descriptors.items() if code[0].isdigit() or code.startswith("D")}
    allowed = {load_abbreviations().expansions["d&c"]}
    assert sorted(p for p in phrases if len(p.split()) >= 3 and p.lower() in texts and p not in allowed) == []


def test_dental_tomosynthesis_capture_codes(descriptors, vocabulary):
    comp = expand("D0387", descriptors, vocabulary)
    assert comp.complete
    assert "comprehensive" in comp.full_name and "tomosynthesis" in comp.full_name
    assert "complicated" not in comp.full_name.lower()
    periapical = expand("D0389", descriptors, vocabulary)  # CMS spells it "Periopic"
    assert periapical.complete and "periapical" in periapical.full_name
    assert "tomosynthesis" in expand("D0388", descriptors, vocabulary).full_name


def test_dental_maxillofacial_and_interpretation_codes(descriptors, vocabulary):
    assert "maxillofacial ultrasound" in expand("D0386", descriptors, vocabulary).full_name.lower()
    assert "maxillofacial" in expand("D0385", descriptors, vocabulary).full_name.lower()
    interpretation = expand("D0391", descriptors, vocabulary)  # CMS spells it "Imterprete"
    assert interpretation.complete and interpretation.full_name.startswith("Interpretation")
    assert ("Imterprete", "interpretation") in interpretation.expanded


def test_office_visit(descriptors, vocabulary):
    visit = expand("99213", descriptors, vocabulary)
    assert visit.complete and visit.unresolved == []
    assert visit.full_name == "Office outpatient established low 20 min"
    assert ("est", "established") in visit.expanded


def test_ambiguous_token_without_a_rule_gives_no_full_name(descriptors, vocabulary):
    # 21030 uses "max" for the maxilla; no rule covers it, and "max" is maxillofacial in D0386, maximum in 6030F.
    excision = expand("21030", descriptors, vocabulary)
    assert excision.full_name is None and not excision.complete
    assert "max" in excision.unresolved
    # "Comp" outside the dental imaging codes: comprehensive, complete, complicated ... so no full name.
    assert re.match(r"comp\b", descriptors["0014F"], re.I)
    assert expand("0014F", descriptors, vocabulary).full_name is None
    # "dx" is diagnosis in the oncology quality codes and diagnostic in CPT: only the CPT rule expands it.
    assert "dx" in expand("G9067", descriptors, vocabulary).unresolved
    assert ("Dx", "diagnostic") in expand("31622", descriptors, vocabulary).expanded


def test_reading_rules():
    """Behaviour on phrases of our own (not CMS text)."""
    vocabulary = {"joint", "needle"}
    assert expand_descriptor("00000", "Inj. joint w/o needle 20 min", vocabulary).full_name == (
        "Injection joint without needle 20 min")
    assert expand_descriptor("00000", "Ct w/dye", vocabulary).full_name == "CT with dye"
    unresolved = expand_descriptor("00000", "joint 20 xqz", vocabulary)
    assert unresolved.full_name is None and unresolved.unresolved == ["xqz"]
    assert expand_descriptor("00000", "min joint", vocabulary).full_name is None  # "min" alone is ambiguous


def test_full_name_coverage(descriptors, vocabulary):
    full = sum(expand(code, descriptors, vocabulary).complete for code in descriptors)
    share = full / len(descriptors)
    print(f"full names: {full:,} of {len(descriptors):,} ({share:.1%})")
    assert share >= FULL_NAME_FLOOR


def test_expansions_agree_with_hcpcs_long_descriptions(descriptors, vocabulary, hcpcs_long):
    """For HCPCS Level II codes the public-domain long description says what each abbreviation stands for: every
    word of an expansion should appear in it. Forms differ now and then ("surgery" for "surgical", "before" for
    "prior to"), hence a floor rather than all."""
    agree = total = 0
    for code, descriptor in descriptors.items():
        if code not in hcpcs_long:
            continue
        long = hcpcs_long[code].lower()
        for _, expansion in expand_descriptor(code, descriptor, vocabulary).expanded:
            words = [word for word in re.findall(r"[a-z]+", expansion.lower()) if len(word) >= 4]
            if words:
                total += 1
                agree += all(word[:5] in long for word in words)
    print(f"expansions agreeing with the HCPCS long description: {agree:,} of {total:,} ({agree / total:.1%})")
    assert total > 1000 and agree / total >= HCPCS_AGREEMENT_FLOOR
