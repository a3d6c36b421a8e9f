"""Search over the imported catalog: codes, prefixes, words, abbreviations, synonyms, typos, filters, snippets,
and bad input on the page, the API and the CLI. The suite runs on SQLite and PostgreSQL; the expected rankings
below are the same on both."""

import json

import pytest
from click.testing import CliRunner

from openrvu.cli import cli
from openrvu.services.search import SearchError, load_index_for_date, search
from openrvu.services.search_text import parse_synonyms, tokenize

DATE = "2026-11-22"


def codes(query, limit=10, **filters):
    return [r["code"] for r in search(query, limit=limit, on=DATE, **filters)["results"]]


@pytest.mark.parametrize("query, code, modifier", [
    ("d0707", "D0707", ""), ("D0707", "D0707", ""), ("70100-26", "70100", "26"), ("70100 tc", "70100", "TC"),
    ("j1100", "J1100", ""), ("99213", "99213", ""),
])
def test_an_exact_code_comes_first_with_its_modifier(catalog, query, code, modifier):
    first = search(query, on=DATE)["results"][0]
    assert (first["code"], first["modifier"]) == (code, modifier)


def test_a_code_prefix_lists_its_codes_in_order(catalog):
    found = codes("D07", limit=50)
    assert found == sorted(found) and found[0] == "D0701" and "D0707" in found
    assert all(code.startswith("D07") for code in found)
    assert codes("d07", limit=50) == found


@pytest.mark.parametrize("query, wanted, depth", [
    ("cone beam", "D0364", 10),
    ("ultrasound jaw", "D0386", 2),  # CMS writes "Max ultrasound image capture": Max is maxillofacial
    ("maxillofacial ultrasound capture", "D0386", 1),
    ("tooth root x-ray", "D0220", 3),
    ("knee replacement", "27447", 3),
    ("office visit established patient 20 minutes", "99213", 1),
    ("periapicle", "D0220", 5),
    ("colonscopy", "45380", 20),  # read as colonoscopy; the colonoscopy codes tie, lower codes first
    ("tomosynthsis", "77063", 10),  # 77061/77062 follow: status I (not valid for Medicare) ranks a little lower
    ("dexamethasone injection", "J1100", 5),
])
def test_words_synonyms_abbreviations_and_typos_find_the_code(catalog, query, wanted, depth):
    assert wanted in codes(query, limit=depth), codes(query)


def test_flu_shot_finds_influenza_vaccines(catalog):
    results = search("flu shot", on=DATE)["results"]
    assert any("influenza" in (r["name"] + r["snippet"]["text"]).lower() or r["code"] in {"90686", "90688", "G0008"}
               for r in results[:5])


def test_typos_are_corrected_against_the_catalog_words(catalog):
    answer = search("colonscopy biopsy", on=DATE)
    assert answer["corrections"] == [{"word": "colonscopy", "read_as": "colonoscopy"}]
    assert "45380" in [r["code"] for r in answer["results"]]


def test_scores_descend_and_ties_go_to_the_lower_code(catalog):
    results = search("wheelchair", limit=50, on=DATE)["results"]
    keys = [(-r["score"], r["code"]) for r in results]
    assert keys == sorted(keys)


def test_a_typo_is_read_against_the_words_as_written(catalog):
    # the stemmed forms would read "extration" as "extra"; as written it is one letter from "extraction"
    answer = search("tooth extration", on=DATE)
    assert answer["corrections"] == [{"word": "extration", "read_as": "extraction"}]
    assert {"D7140", "D7210"} & set(codes("tooth extration", limit=10))


def test_a_word_run_together_with_a_number_meets_its_parts(catalog):
    assert [(t.term, t.primary) for t in tokenize("Pcv20")] == [("pcv20", True), ("pcv", False), ("20", False)]
    assert codes("pcv20", limit=1) == ["90677"]


def test_a_non_compound_is_not_its_other_words(catalog):
    # "Non-stress test" (59025, a fetal heart check) is not a stress test; "non-emergency" transport not an emergency
    assert [t.term for t in tokenize("non-emergency")] == ["nonemergency", "non"]
    assert codes("treadmill heart test", limit=1)[0] in {"93015", "93016", "93017", "93018"}
    assert "T2003" not in codes("trip to the emergency room", limit=10)
    assert codes("non-emergency transportation trip", limit=1) == ["T2003"]


def test_a_query_that_asks_for_a_part_gets_the_part_first(catalog):
    assert codes("cane replacement tip", limit=1) == ["A4637"]


def test_a_catch_all_code_comes_after_the_specific_ones_unless_asked_for(catalog):
    assert codes("ambulance service", limit=1) != ["A0999"]  # "Unlisted ambulance service"
    assert codes("unlisted ambulance service", limit=1) == ["A0999"]


def test_a_payment_model_code_counts_less_than_the_same_service_for_everyone(catalog):
    from openrvu.services.search_index import MODEL_ONLY_WEIGHT, kind_weight

    index = load_index_for_date(DATE)
    document = lambda code: index.documents[index.by_code[code]]
    # G9980: a remote new-patient visit "for use only in a Medicare-approved BPCI Advanced model episode"
    assert kind_weight(document("G9980")) == MODEL_ONLY_WEIGHT
    assert kind_weight(document("G0008")) == 1.0  # the flu shot's administration is billed by everyone
    assert kind_weight(document("A5513")) == 1.0  # a shoe insert "custom molded from model of patient's foot"


def test_everyday_verbs_meet_the_descriptors_words(catalog):
    # "taken out" is removal, "putting in" insertion; "putting" is an English word, not a typo of "cutting"
    assert set(codes("getting my gallbladder taken out", limit=3)) & {"47562", "47600", "47610"}
    assert search("putting in a pacemaker", on=DATE)["corrections"] == []
    assert codes("putting in a pacemaker", limit=10)[0].startswith("33")


def test_a_query_that_says_one_of_a_codes_other_names_gets_the_name_bonus(catalog):
    # G0403 "Ekg for initial prevent exam" says EKG in its short descriptor; 93000 is the code people call the EKG
    assert codes("EKG", limit=1) == ["93000"]


def test_a_number_inside_a_range_finds_it(catalog):
    # 99386 and 99396 are the preventive visits for ages "40-64": 50 is not written, but lies inside
    assert set(codes("preventive visit age 50", limit=2)) == {"99386", "99396"}


def test_a_synonym_does_not_call_for_a_longer_phrase_that_holds_it():
    table = parse_synonyms({"groups": [["lipid", "lipid panel", "cholesterol"]]})
    found = table.synonyms_for(tokenize("Lipid emulsion"))
    assert "cholesterol" in found and "lipid panel" not in found
    assert "lipid" in table.synonyms_for(tokenize("Cholesterol"))


def test_documents_hold_acronym_meanings_and_every_reading_of_an_ambiguous_abbreviation(catalog):
    from openrvu.catalog.models import SearchDocument

    readings = dict(SearchDocument.objects.filter(code__in=["93306", "97161"], release__kind="pfs_rvu")
                    .values_list("code", "readings"))
    assert "transthoracic echocardiography" in readings["93306"].lower()  # "Tte w/doppler complete"
    assert {"patient", "physical therapy"} <= set(readings["97161"].split("; "))  # "Pt eval …": pt is ambiguous


@pytest.mark.parametrize("query, first, below", [
    ("hip replacement", "27130", "01214"),  # the operation before its anesthesia code (status J)
    ("shingles vaccine", "90750", "M1175"),  # the vaccine before a quality-reporting code (status M)
    ("colonoscopy", "45378", "44394"),  # the base code of the colonoscopy family first
    ("oxygen concentrator", "E1390", "E1392"),  # the code named just that before the portable one
    ("walking cane", "E0100", "A4637"),  # the cane before its replacement tip
])
def test_the_commonly_billed_code_comes_before_its_look_alikes(catalog, query, first, below):
    found = codes(query, limit=20)
    assert found.index(first) < found.index(below), found


# Top five on the 2026 catalog; the same list on SQLite and PostgreSQL (the ranking is computed in Python).
EXPECTED_TOP = {
    "ultrasound jaw": ["D0386", "D0370", "20605", "D0365", "D0367"],
    "tooth root x-ray": ["D0220", "D0707", "D0230", "D0389", "D0374"],
    "knee replacement": ["27447", "L5700", "L5701", "29879", "01402"],
    "wheelchair": ["K0001", "K0005", "K0003", "K0006", "K0007"],
}


@pytest.mark.parametrize("query", sorted(EXPECTED_TOP))
def test_the_ranking_does_not_depend_on_the_order_rows_come_from_the_database(catalog, query):
    from openrvu.services.search import load_index_for_date
    from openrvu.services.search_documents import synonyms_of
    from openrvu.services.search_index import SearchIndex

    index = load_index_for_date(DATE)
    shuffled = SearchIndex(list(reversed(index.documents)), synonyms_of)
    concepts = index.concepts(query)
    ranked, total = index.rank(concepts, limit=20)
    again, total_again = shuffled.rank(shuffled.concepts(query), limit=20)
    assert [index.documents[n].code for n, _ in ranked] == [shuffled.documents[n].code for n, _ in again]
    assert total == total_again


def test_the_same_top_five_on_every_database(catalog):
    assert {query: codes(query, limit=5) for query in EXPECTED_TOP} == {
        query: expected for query, expected in EXPECTED_TOP.items()}


@pytest.mark.parametrize("filters, check", [
    ({"system": "CDT"}, lambda r: r["code"].startswith("D")),
    ({"system": "hcpcs"}, lambda r: r["system"] == "HCPCS Level II"),
    ({"category": "cdt-diagnostic-imaging"},
     lambda r: "cdt-diagnostic-imaging" in [step["slug"] for step in r["category"]["path"]]),
    ({"status": "A"}, lambda r: r["status"] == "A"),
])
def test_filters_keep_only_matching_codes(catalog, filters, check):
    results = search("image", limit=30, on=DATE, **filters)["results"]
    assert results and all(check(r) for r in results)


def test_the_date_of_service_picks_the_release_in_force(catalog):
    assert search("knee", on="2025-11-01")["releases"][0] == "PFS 2025 D"
    assert search("knee", on=DATE)["releases"][0] == "PFS 2026 C"


def test_snippets_mark_the_words_that_matched(catalog):
    result = search("ultrasound jaw", on=DATE)["results"][0]
    snippet = result["snippet"]
    marked = [snippet["text"][start:end].lower() for start, end in snippet["highlights"]]
    assert marked and any("ultrasound" in word for word in marked)
    for start, end in snippet["highlights"]:
        assert tokenize(snippet["text"][start:end])


def test_documents_are_rebuilt_and_each_process_reloads_its_index(catalog):
    from openrvu.catalog.models import Release, SearchDocument
    from openrvu.services.search_documents import content_hash, current_build, rebuild_search_documents

    before = current_build()
    assert before.content_hash == content_hash()
    for release in Release.objects.filter(kind__in=("pfs_rvu", "hcpcs")):
        assert SearchDocument.objects.filter(release=release).exists(), release.name
    top = codes("tooth root x-ray")
    rebuild_search_documents()
    assert current_build().token != before.token
    assert codes("tooth root x-ray") == top


# --- bad input ----------------------------------------------------------------------------------------------

BAD_QUERIES = ["", "   ", '"', "*", "NEAR", "-", "(", ":", 'knee NEAR/3 "replacement" -(x:y)* OR ^',
               "'; DROP TABLE catalog_release; --", "1 OR 1=1", "\x00\x01\x1b[31m\x7f", "🦷🦷", "中文 检索",
               "ﬁlling ＣＴ", "\u202eevil", "D0%", "_", "\\"]
LONG = "x" * 10_000


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_odd_queries_give_results_or_a_message(catalog, query):
    answer = search(query, on=DATE)
    assert answer["results"] or answer["message"]


def test_a_long_query_is_refused_with_a_reason(catalog):
    with pytest.raises(SearchError, match="10,000 characters long"):
        search(LONG, on=DATE)


@pytest.mark.parametrize("filters, words", [
    ({"system": "ICD"}, "is not one of CPT, HCPCS, CDT"), ({"category": "nope"}, "no category 'nope'"),
    ({"status": "Q"}, "is not a PFS status indicator"), ({"limit": 0}, "limit must be from 1 to 100"),
    ({"limit": "ten"}, "is not a whole number"), ({"on": "2026-13-01"}, "is not a date"),
])
def test_bad_filters_are_refused_with_a_reason(catalog, filters, words):
    with pytest.raises(SearchError, match=words):
        search("knee", **{"on": DATE, **filters})


@pytest.mark.parametrize("query", BAD_QUERIES + [LONG])
def test_the_page_never_fails_on_odd_input(client, catalog, query):
    response = client.get("/search", {"q": query, "date": DATE})
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert 'role="search"' in body and ('id="search-count"' in body or 'id="search-message"' in body)


@pytest.mark.parametrize("query", BAD_QUERIES + [LONG])
def test_the_api_never_fails_on_odd_input(client, catalog, query):
    response = client.get("/api/search", {"q": query, "date": DATE})
    assert response.status_code in (200, 400)
    data = response.json()
    assert data["detail"] if response.status_code == 400 else (data["results"] or data["message"])


@pytest.mark.parametrize("query", BAD_QUERIES + [LONG])
def test_the_cli_never_fails_on_odd_input(catalog, query):
    result = CliRunner().invoke(cli, ["search", query, "--date", DATE, "--json"])
    assert result.exit_code in (0, 1), result.output
    if result.exit_code:
        assert result.output.startswith("error: ") and result.output.count("\n") == 1
    else:
        assert json.loads(result.output)["query"] is not None


def test_api_errors_are_json_400s_and_an_uncovered_date_a_404(client, catalog):
    response = client.get("/api/search", {"q": "knee", "system": "ICD"})
    assert response.status_code == 400 and "is not one of" in response.json()["detail"]
    response = client.get("/api/search", {"q": "knee", "date": "1999-01-01"})
    assert response.status_code == 404 and "no PFS relative value file" in response.json()["detail"]


# --- the three interfaces give the same answer -----------------------------------------------------------------

def test_page_api_and_cli_agree(client, catalog):
    api = client.get("/api/search", {"q": "tooth root x-ray", "date": DATE, "limit": 5}).json()
    cli_answer = json.loads(CliRunner().invoke(cli, ["search", "tooth root x-ray", "--date", DATE, "--limit", "5",
                                                     "--json"]).output)
    assert api == cli_answer == search("tooth root x-ray", limit=5, on=DATE)
    page = client.get("/search", {"q": "tooth root x-ray", "date": DATE}).content.decode()
    for result in api["results"]:
        assert f'href="/codes/{result["code"]}?date={DATE}"' in page
    assert "<mark>" in page


def test_the_page_escapes_the_query_and_marks_only_matches(client, catalog):
    page = client.get("/search", {"q": "<script>alert(1)</script> x-ray", "date": DATE}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_page_fragment_is_the_results_block_only(client, catalog):
    body = client.get("/search", {"q": "D07", "date": DATE, "fragment": "1"}).content.decode()
    assert 'id="search-count"' in body and "<html" not in body and "/codes/D0701" in body


def test_cli_table_and_batch(catalog, tmp_path):
    result = CliRunner().invoke(cli, ["search", "ultrasound jaw", "--date", DATE, "--limit", "3"])
    assert result.exit_code == 0 and "D0386" in result.output
    batch = tmp_path / "lines.txt"
    batch.write_text("tooth root x-ray\n\n  d0707  \nflu shot\n")
    result = CliRunner().invoke(cli, ["search", "--batch", str(batch), "--date", DATE, "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(line["line"], line["query"]) for line in lines] == [(1, "tooth root x-ray"), (3, "d0707"), (4, "flu shot")]
    assert lines[1]["results"][0]["code"] == "D0707"


@pytest.mark.parametrize("columns", [60, 140])
def test_cli_results_fit_the_terminal(catalog, columns):
    """Under 100 columns each result is a block of wrapped lines (code, name, category, match), not a table
    squeezed to one-word columns; wider terminals get the table."""
    result = CliRunner().invoke(cli, ["search", "wheelchair seat cushion", "--date", DATE, "--limit", "3"],
                                env={"COLUMNS": str(columns)}, terminal_width=columns)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert "Wheelchair seat cushion" in result.output  # the name is readable, not cut into "Whee…"
    assert ("┃" in result.output) == (columns >= 100)


@pytest.mark.parametrize("content, words", [
    (None, "No such file"), (b"knee\n" + b"x" * 600 + b"\n", ", line 2: the query is 600 characters long"),
    (b"knee\n\xff\xfe bad\n", ", line 2: not UTF-8 text"),
])
def test_batch_file_errors_name_the_file_and_line(catalog, tmp_path, content, words):
    batch = tmp_path / "lines.txt"
    if content is not None:
        batch.write_bytes(content)
    result = CliRunner().invoke(cli, ["search", "--batch", str(batch), "--json"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {batch}") and words in result.output
    assert result.output.count("\n") == 1


def test_cli_needs_a_query_or_a_batch(catalog):
    result = CliRunner().invoke(cli, ["search"])
    assert result.exit_code == 1 and result.output == "error: give either QUERY or --batch FILE\n"
