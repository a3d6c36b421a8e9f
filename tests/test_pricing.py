"""Pricing: fee schedule amounts to the cent and every modifier and multiple-procedure rule, worked by hand.

Every expected figure below is computed from the 2026 files in ../shared/data with the formula of RVUPUF26
("The formula for 2026 physician fee schedule payment amount"):
    [(work RVU × work GPCI) + (PE RVU × PE GPCI) + (MP RVU × MP GPCI)] × CF, rounded half up to the cent,
with CF 33.4009 (PFS 2026 C, nonQPP) and the GPCIs of GPCI2026.csv. Adjusted amounts are rounded half up to
the cent after each adjustment. Dates are in PFS 2026 C (2026-07-01 to 2026-12-31) unless stated.
"""

import pytest

from openrvu.catalog.releases import NoReleaseInForce
from openrvu.services.codes import CodeNotFound
from openrvu.services.localities import InvalidPlace, UnknownLocality
from openrvu.services.pricing import ClaimError, InconsistentModifier, price_claim, price_code

ON = "2026-11-22"


def claim(*lines, **header):
    return price_claim({"date": ON, **header, "lines": list(lines)})


def amounts(result):
    return [line["amount"] for line in result["lines"]]


def rules(line):
    return [step["rule"] for step in line["adjustments"]]


# ------------------------------------------------------------------ fee schedule amounts

@pytest.mark.parametrize("code, place, facility, expected", [
    # 99213 national: (1.30 + 1.46 + 0.09) = 2.85 × 33.4009 = 95.192565 → 95.19
    ("99213", {}, False, "95.19"),
    # facility PE 0.33: (1.30 + 0.33 + 0.09) = 1.72 × 33.4009 = 57.449548 → 57.45
    ("99213", {}, True, "57.45"),
    # Alabama 10112-00 (1.000, 0.875, 0.566): 1.30 + 1.2775 + 0.05094 = 2.62844 × 33.4009 = 87.792261596 → 87.79
    ("99213", {"locality": "10112-00"}, False, "87.79"),
    # Alaska 02102-01, work GPCI 1.500 (the MIPPA floor, already in GPCI2026.csv's work column; PE 1.065, MP 0.551):
    # 1.30×1.500 + 1.46×1.065 + 0.09×0.551 = 1.95 + 1.5549 + 0.04959 = 3.55449 × 33.4009 = 118.723165041 → 118.72
    ("99213", {"locality": "02102-01"}, False, "118.72"),
    # Alaska facility: 1.95 + 0.33×1.065 + 0.04959 = 2.35104 × 33.4009 = 78.526851936 → 78.53
    ("99213", {"locality": "02102-01"}, True, "78.53"),
    # Manhattan 13202-01 (1.064, 1.162, 1.586): 1.3832 + 1.69652 + 0.14274 = 3.22246 × 33.4009 = 107.633064214 → 107.63
    ("99213", {"locality": "13202-01"}, False, "107.63"),
    # Manhattan facility: 1.3832 + 0.38346 + 0.14274 = 1.9094 × 33.4009 = 63.77567846 → 63.78
    ("99213", {"locality": "13202-01"}, True, "63.78"),
    # Miami by state + county (LOCCO: DADE → 09102-04; 1.000, 1.041, 2.529):
    # 1.30 + 1.51986 + 0.22761 = 3.04747 × 33.4009 = 101.788240723 → 101.79
    ("99213", {"state": "FL", "county": "Dade"}, False, "101.79"),
    # 70553-26 in Chicago (Cook → 06102-16; 1.007, 1.005, 2.295):
    # 2.23×1.007 + 0.79×1.005 + 0.13×2.295 = 2.24561 + 0.79395 + 0.29835 = 3.33791 × 33.4009 = 111.489198119 → 111.49
    ("70553-26", {"state": "IL", "county": "Cook"}, False, "111.49"),
    # 70553-TC in Chicago: 0 + 6.31×1.005 + 0.03×2.295 = 6.34155 + 0.06885 = 6.4104 × 33.4009 = 214.11312936 → 214.11
    ("70553-TC", {"state": "IL", "county": "Cook County"}, False, "214.11"),
    # 27447 in Alaska, facility: 19.11×1.5 + 11.58×1.065 + 4.02×0.551 = 28.665 + 12.3327 + 2.21502 = 43.21272
    # × 33.4009 = 1443.343739448 → 1443.34 (non-facility is NA for 27447)
    ("27447", {"locality": "02102-01"}, True, "1443.34"),
])
def test_fee_schedule_amounts_to_the_cent(catalog, code, place, facility, expected):
    result = price_code(code, locality=place.get("locality"), state=place.get("state"), county=place.get("county"),
                        on=ON, facility=facility)
    assert result["lines"][0]["amount"] == expected


def test_facility_and_non_facility_pair_and_formula(catalog):
    line = price_code("99213", locality="02102-01", on=ON)["lines"][0]
    assert line["fee_schedule"]["nonfacility"]["amount"] == "118.72"
    assert line["fee_schedule"]["facility"]["amount"] == "78.53"
    assert line["fee_schedule"]["facility"]["formula"] == \
        "(1.30 × 1.500 + 0.33 × 1.065 + 0.09 × 0.551) × 33.4009 = 78.526851936 → 78.53"
    assert line["gpcis"] == {"work": "1.500", "pe": "1.065", "mp": "0.551"}
    assert line["conversion_factor"] == "33.4009"


def test_work_gpci_floor_is_in_the_file_and_used_as_printed(catalog):
    # GPCI2026.csv's caption is "2026 PW GPCI (with 1.0 Floor)" and Alaska's footnote gives the 1.5 floor:
    # every work GPCI is at least 1.000 and Alaska's is 1.500, so openrvu applies no floor of its own.
    from openrvu.catalog.models import Locality
    gpcis = Locality.objects.filter(release__name="GPCI 2026")
    assert gpcis.count() == 109
    assert min(g.work_gpci for g in gpcis) == 1
    assert gpcis.get(mac="02102", locality="01").work_gpci == 1.5


def test_na_setting_has_no_amount_and_says_why(catalog):
    line = price_code("27447", on=ON)["lines"][0]  # non-facility PE is NA for 27447
    assert line["amount"] is None and line["reason"].startswith("NA:")


def test_older_release_by_date(catalog):
    # PFS 2025 D (CF 32.3465), 99213 (1.30 + 1.35 + 0.10) = 2.75 × 32.3465 = 88.952875 → 88.95
    line = price_code("99213", on="2025-11-03")["lines"][0]
    assert (line["release"], line["amount"], line["conversion_factor"]) == ("PFS 2025 D", "88.95", "32.3465")


def test_opps_imaging_cap(catalog):
    # DRA 2005 §5102(b), RVUPUF26 OPPS formula: 70473 national non-facility
    # PFS (1.00 + 6.13 + 0.09) = 7.22 × 33.4009 = 241.154498 → 241.15; OPPS (1.00 + 5.70 + 0.09) = 6.79 × 33.4009
    # = 226.792111 → 226.79, the lower, is paid.
    line = price_code("70473", on=ON)["lines"][0]
    assert line["amount"] == "226.79"
    assert line["fee_schedule"]["nonfacility"]["capped_at_opps"] is True
    assert "opps_cap" in rules(line)


# ------------------------------------------------------------------ modifiers

def test_professional_and_technical_components_use_their_rows(catalog):
    # 70553 national: global (2.23 + 7.10 + 0.16) = 9.49 → 316.974541 → 316.97;
    # 26 (2.23 + 0.79 + 0.13) = 3.15 → 105.212835 → 105.21; TC (0 + 6.31 + 0.03) = 6.34 → 211.761706 → 211.76
    assert amounts(price_code("70553", on=ON)) == ["316.97"]
    pc = price_code("70553", ["26"], on=ON)["lines"][0]
    tc = price_code("70553", ["TC"], on=ON)["lines"][0]
    assert (pc["amount"], pc["wrvu"]["credit"]) == ("105.21", "2.23")  # wRVU: the 26 row's work RVU
    assert (tc["amount"], tc["wrvu"]["credit"]) == ("211.76", "0.00")  # wRVU: TC gets 0


def test_bilateral_indicator_1_pays_150_percent(catalog):
    # RVUPUF26 bilateral 1; ch. 12 §40.7: 27447-50 facility 1159.35 × 150% = 1739.025 → 1739.03; wRVU 19.11 × 1.5
    # = 28.665 → 28.67
    line = claim({"code": "27447-50"}, facility=True)["lines"][0]
    assert (line["amount"], line["wrvu"]["credit"]) == ("1739.03", "28.67")
    assert rules(line) == ["fee_schedule", "bilateral"]


def test_bilateral_indicator_1_reported_as_two_units(catalog):
    # RVUPUF26 bilateral 1: "or with a 2 in the units field" → 150%, not 200%: 1739.03 again
    assert amounts(claim({"code": "27447", "units": 2}, facility=True)) == ["1739.03"]


def test_bilateral_indicator_2_pays_100_percent(catalog):
    # 69210 (indicator 2): (0.59 + 0.77 + 0.07) = 1.43 × 33.4009 = 47.763287 → 47.76 for both sides
    assert amounts(claim({"code": "69210", "units": 2})) == ["47.76"]


def test_bilateral_indicator_3_pays_each_side(catalog):
    # 70030 (indicator 3): (0.18 + 0.78 + 0.02) = 0.98 × 33.4009 = 32.732882 → 32.73; × 200% = 65.46
    assert amounts(claim("70030-50")) == ["65.46"]


def test_bilateral_indicator_0_pays_one_side(catalog):
    # 33533 (indicator 0) facility: 52.63 × 33.4009 = 1757.889367 → 1757.89; modifier 50 changes nothing
    line = claim("33533-50", facility=True)["lines"][0]
    assert line["amount"] == "1757.89" and "does not apply" in line["adjustments"][1]["text"]


def test_co_surgeon_62_point_5_percent(catalog):
    # ch. 12 §40.8; 63047 co-surgeon indicator 2, facility (14.99 + 12.03 + 4.88) = 31.90 × 33.4009 = 1065.48871
    # → 1065.49; × 62.5% = 665.93125 → 665.93; wRVU 14.99 × 62.5% = 9.36875 → 9.37
    line = claim("63047-62", facility=True)["lines"][0]
    assert (line["amount"], line["wrvu"]["credit"]) == ("665.93", "9.37")


def test_co_surgeon_not_permitted(catalog):
    # 20610 co-surgeon indicator 0: no payment, the reason names the indicator
    line = claim("20610-62")["lines"][0]
    assert line["amount"] is None and "indicator 0" in line["reason"]


def test_team_surgery_is_by_report(catalog):
    # ch. 12 §40.8: team surgery is priced by report by the contractor (22818 team indicator 2)
    line = claim("22818-66", facility=True)["lines"][0]
    assert line["amount"] is None and "by report" in line["reason"]


def test_assistant_at_surgery_16_percent_and_as_85_percent(catalog):
    # ch. 12 §20.4.3: 47562 (assistant indicator 2) facility (10.21 + 6.04 + 2.67) = 18.92 × 33.4009 = 631.945028
    # → 631.95; modifier 80: × 16% = 101.112 → 101.11; AS: 101.11 × 85% = 85.9435 → 85.94
    # wRVU: 10.21 × 16% = 1.6336 → 1.63; AS 10.21 × 13.6% = 1.38856 → 1.39
    physician = claim("47562-80", facility=True)["lines"][0]
    assistant = claim("47562-AS", facility=True)["lines"][0]
    assert (physician["amount"], physician["wrvu"]["credit"]) == ("101.11", "1.63")
    assert (assistant["amount"], assistant["wrvu"]["credit"]) == ("85.94", "1.39")
    assert rules(assistant) == ["fee_schedule", "assistant", "nonphysician_assistant"]


def test_assistant_statutory_restriction(catalog):
    # 11042 assistant indicator 1: an assistant at surgery may not be paid
    line = claim("11042-80")["lines"][0]
    assert line["amount"] is None and "not paid" in line["reason"]


def test_reduced_service_52_is_contractor_priced(catalog):
    # ch. 12 §20.4.6: the contractor sets the reduction; the unreduced amount is named (99213 95.19)
    line = claim("99213-52")["lines"][0]
    assert line["amount"] is None and "95.19" in line["reason"]


def test_discontinued_53(catalog):
    # RVUPUF26 modifier field: 45378 has a 53 row: (1.59 + 3.87 + 0.21) = 5.67 × 33.4009 = 189.383103 → 189.38
    assert amounts(claim("45378-53")) == ["189.38"]
    # any other code with 53 is contractor priced
    line = claim("99213-53")["lines"][0]
    assert line["amount"] is None and "contractor" in line["reason"]


def test_split_care_54_55_56(catalog):
    # RVUPUF26 pre/intra/postop percentages of 27447: 0.10 / 0.69 / 0.21; facility amount 1159.35
    # 54: × 79% = 915.8865 → 915.89; 55: × 21% = 243.4635 → 243.46; 56: × 10% = 115.935 → 115.94
    result = claim({"code": "27447-54", "date": ON}, {"code": "27447-55", "date": "2026-11-23"},
                   {"code": "27447-56", "date": "2026-11-24"}, facility=True)
    assert amounts(result) == ["915.89", "243.46", "115.94"]


def test_units_multiply(catalog):
    # 99213 × 3 units is not a procedure ranked by any rule: 95.19 × 3 = 285.57
    line = claim({"code": "99213", "units": 3})["lines"][0]
    assert line["amount"] == "285.57" and line["wrvu"]["credit"] == "3.90"


# ------------------------------------------------------------------ multiple procedures

def test_standard_multiple_surgery(catalog):
    # RVUPUF26 indicator 2; ch. 12 §40.6: rank by fee schedule amount, 100% then 50%:
    # 27447 facility 1159.35 in full; 20610 facility (0.77 + 0.29 + 0.13) = 1.19 × 33.4009 = 39.747071 → 39.75,
    # × 50% = 19.875 → 19.88. Total 1179.23. wRVU 19.11 + 0.77 × 50% (0.385 → 0.39) = 19.50
    result = claim("20610", "27447", facility=True)
    assert amounts(result) == ["19.88", "1159.35"]
    assert result["totals"] == {"amount": "1179.23", "wrvu": "19.50", "lines_without_amount": []}
    assert "ranked 2 of 2" in result["lines"][0]["adjustments"][1]["text"]


def test_bilateral_before_multiple_surgery(catalog):
    # RVUPUF26 bilateral 1: "apply the bilateral adjustment before applying any multiple procedure rules":
    # 27447-50 1739.03 ranks first, 20610 19.88 second
    assert amounts(claim("27447-50", "20610", facility=True)) == ["1739.03", "19.88"]


def test_plan_without_multiple_procedure_reduction(catalog):
    # the same claim under a plan that does not reduce wRVUs for multiple procedures: 19.11 + 0.77 = 19.88;
    # the payment is still reduced
    result = price_claim({"date": ON, "facility": True, "lines": ["27447", "20610"],
                          "credit_plan": {"name": "no MPPR", "reduce_multiple_procedures": False}})
    assert result["totals"]["wrvu"] == "19.88" and result["totals"]["amount"] == "1179.23"
    assert result["credit_plan"]["name"] == "no MPPR"


def test_endoscopy_base_billed_with_its_family(catalog):
    # RVUPUF26 indicator 3: 43239's base is 43235; "If an endoscopic procedure is reported with only its base
    # procedure, do not pay separately for the base procedure". 43239 (2.33 + 9.94 + 0.27) = 12.54 × 33.4009 =
    # 418.847286 → 418.85; 43235 → 0.00
    assert amounts(claim("43239", "43235")) == ["418.85", "0.00"]


def test_endoscopy_family_pays_the_difference_from_the_base(catalog):
    # 45385 (4.46 + 10.00 + 0.51) = 14.97 → 500.011473 → 500.01 in full; 45380 (3.47 + 10.48 + 0.42) = 14.37
    # → 479.970933 → 479.97 minus base 45378 (3.18 + 7.73 + 0.41) = 11.32 → 378.098188 → 378.10: 101.87
    # wRVU: 45380 3.47 − 3.18 = 0.29
    result = claim("45380", "45385")
    assert amounts(result) == ["101.87", "500.01"]
    assert result["lines"][0]["wrvu"]["credit"] == "0.29"


def test_endoscopy_family_ranked_with_other_surgery(catalog):
    # the family (418.85 + 0.00) ranks first, then 11042 (0.98 + 2.86 + 0.13) = 3.97 → 132.601573 → 132.60 at 50%
    # = 66.30
    assert amounts(claim("43239", "43235", "11042")) == ["418.85", "0.00", "66.30"]


def test_diagnostic_imaging_reduction(catalog):
    # RVUPUF26 indicator 4, family 88: TC of the 2nd and later at 50%, PC at 95% (since 2017).
    # TC: 74177-TC (6.46 + 0.02) = 6.48 → 216.437832 → 216.44 ranks above 70553-TC 211.76, so 70553 loses
    # 50% of 211.76 = 105.88: 316.97 − 105.88 = 211.09.
    # PC: 70553-26 105.21 ranks above 74177-26 (1.77 + 0.63 + 0.11) = 2.51 → 83.836259 → 83.84, so 74177 loses
    # 5% of 83.84 = 4.192 → 4.19: 74177 global (1.77 + 7.09 + 0.13) = 8.99 → 300.274091 → 300.27 − 4.19 = 296.08.
    # wRVU: 74177 1.77 − 5% (0.0885 → 0.09) = 1.68
    result = claim("70553", "74177")
    assert amounts(result) == ["211.09", "296.08"]
    assert result["lines"][1]["wrvu"]["credit"] == "1.68"


def test_therapy_practice_expense_reduction(catalog):
    # RVUPUF26 indicator 5; PF26PA 50% therapy reduction amount: the unit with the highest PE in full, later ones
    # with half their PE. 97530 (PE 0.60): (0.44 + 0.60 + 0.01) = 1.05 → 35.070945 → 35.07 in full; its second
    # unit (0.44 + 0.30 + 0.01) = 0.75 → 25.050675 → 25.05; 97140 (PE 0.39): (0.43 + 0.195 + 0.01) = 0.635
    # → 21.2095715 → 21.21. Total 35.07 + 25.05 + 21.21 = 81.33
    result = claim({"code": "97140"}, {"code": "97530", "units": 2})
    assert amounts(result) == ["21.21", "60.12"]
    assert result["totals"]["amount"] == "81.33"


def test_diagnostic_cardiovascular_tc_reduction(catalog):
    # RVUPUF26 indicator 6: 93880-TC (4.51 + 0.03) = 4.54 → 151.640086 → 151.64 ranks above 93306-TC (3.84 + 0.03)
    # = 3.87 → 129.261483 → 129.26; 93306 loses 25% of 129.26 = 32.315 → 32.32: 93306 global 5.89 → 196.731301
    # → 196.73 − 32.32 = 164.41; 93880 global 5.66 → 189.049094 → 189.05 in full
    assert amounts(claim("93306", "93880")) == ["164.41", "189.05"]


def test_diagnostic_ophthalmology_tc_reduction(catalog):
    # RVUPUF26 indicator 7 (20%): 92083-TC (1.11 + 0.01) = 1.12 → 37.409008 → 37.41 ranks above 92134-TC
    # (0.44 + 0.01) = 0.45 → 15.030405 → 15.03; 92134 loses 20% of 15.03 = 3.006 → 3.01: 92134 global 0.98
    # → 32.732882 → 32.73 − 3.01 = 29.72; 92083 global 1.91 → 63.795719 → 63.80
    assert amounts(claim("92134", "92083")) == ["29.72", "63.80"]


def test_status_t_injection_paid_alone_bundled_with_another_service(catalog):
    # RVUPUF26 Attachment A status T: 36591 (0 + 0.90 + 0.01) = 0.91 × 33.4009 = 30.394819 → 30.39 when alone;
    # bundled (0.00) when 99213 is billed the same day; paid again when the other service is on another day
    assert amounts(claim("36591")) == ["30.39"]
    assert amounts(claim("36591", "99213")) == ["0.00", "95.19"]
    assert amounts(claim({"code": "36591"}, {"code": "99213", "date": "2026-11-23"})) == ["30.39", "95.19"]


# ------------------------------------------------------------------ statuses without a national amount

@pytest.mark.parametrize("code, words", [
    ("00100", "ANES"),              # status J: points to the anesthesia conversion factors
    ("D0120", "0.00 RVUs"),         # dental, status R with no RVUs: contractor priced
    ("J1100", "Status E"),          # excluded from the fee schedule
    ("E0601", "not on the Physician Fee Schedule"),  # a HCPCS code with no PFS row
])
def test_codes_without_a_national_amount_say_why(catalog, code, words):
    line = claim(code)["lines"][0]
    assert line["amount"] is None and words in line["reason"]


# ------------------------------------------------------------------ places

def test_county_crosswalk(catalog):
    # LOCCO 2025 (the latest imported; no 2026 LOCCO): Orange CA is in 01182-18 (LOCCO misspells it ORAGNGE;
    # the GPCI name "(LOS ANGELES/ORANGE CNTY)" names it), Arlington VA in the DC row, Kings NY in 13202-02
    result = claim("99213", state="CA", county="Orange")
    assert result["localities"][0]["key"] == "01182-18"
    assert "LOCCO 2025" in result["localities"][0]["notes"][0]
    assert claim("99213", state="VA", county="Arlington")["localities"][0]["key"] == "12202-01"
    assert claim("99213", state="NY", county="Kings")["localities"][0]["key"] == "13202-02"
    assert claim("99213", state="MD", county="Prince George's County")["localities"][0]["key"] == "12202-01"
    rest = claim("99213", state="IL", county="Peoria")["localities"][0]
    assert rest["key"] == "06102-99" and "not named" in rest["notes"][-1]
    assert claim("99213", state="AK")["localities"][0]["key"] == "02102-01"


@pytest.mark.parametrize("header, error, words", [
    ({"locality": "99999-01"}, UnknownLocality, "99999-01 is not a locality in GPCI 2026"),
    ({"locality": "abc"}, InvalidPlace, "is not a locality"),
    ({"state": "IL", "county": "Cok"}, UnknownLocality, "did you mean COOK"),
    ({"state": "ZZ", "county": "Cook"}, UnknownLocality, "ZZ is not a state"),
    ({"state": "CA"}, InvalidPlace, "CA has 29 localities"),
    ({"county": "Cook"}, InvalidPlace, "needs a state"),
    ({"state": "DC", "county": "Georgetown"}, UnknownLocality, "is not a county of DC"),
    ({"locality": "02102-01", "state": "AK"}, InvalidPlace, "not both"),
])
def test_bad_places(catalog, header, error, words):
    with pytest.raises(error, match=words):
        claim("99213", **header)


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("data, error, words", [
    ({"date": ON, "lines": ["ZZZZZ"]}, CodeNotFound, r"lines\[1\]: ZZZZZ is not in PFS 2026 C"),
    ({"date": "2024-01-01", "lines": ["99213"]}, NoReleaseInForce, "in force on 2024-01-01"),
    ({"date": ON, "lines": ["99213-TC"]}, InconsistentModifier, "PC/TC indicator is 0"),
    ({"date": ON, "lines": ["93010-26"]}, InconsistentModifier, "PC/TC indicator is 2"),
    ({"date": ON, "lines": ["70553-26-TC"]}, InconsistentModifier, "26 and TC together"),
    ({"date": ON, "lines": ["47562-62-80"]}, InconsistentModifier, "co-surgeon"),
    ({"date": ON, "lines": [{"code": "99213", "units": -1}]}, ClaimError, "out of range"),
    ({"date": ON, "lines": [{"code": "99213", "units": "-2"}]}, ClaimError, "negative"),
    ({"date": ON, "lines": [{"code": "99213", "units": 100000}]}, ClaimError, "out of range"),
    ({"date": ON, "lines": [{"code": "99213", "units": 1.5}]}, ClaimError, "not a number of units"),
    ({"date": ON, "lines": [{"code": "99213", "units": True}]}, ClaimError, "not a number of units"),
    ({"date": ON, "lines": [{"code": "27447", "modifiers": ["50"], "units": 2}]}, ClaimError, "1 unit"),
    ({"date": ON, "lines": [{"code": "99213", "modifiers": ["2;"]}]}, ClaimError, "is not a modifier"),
    ({"date": ON, "lines": [{"code": "99213", "modifiers": ["25", "59", "XU", "GT", "95"]}]}, ClaimError, "at most 4"),
    ({"date": ON, "lines": [{"code": 99213}]}, ClaimError, "as text"),
    ({"date": ON, "lines": [{"cpt": "99213"}]}, ClaimError, "unknown field"),
    ({"date": ON, "lines": []}, ClaimError, "one or more lines"),
    ({"date": ON, "lines": ["99213"] * 1001}, ClaimError, "at most 1000"),
    ({"date": "2026-02-30", "lines": ["99213"]}, ClaimError, "is not a date"),
    ({"date": ON, "lines": [{"code": "99213", "pos": "22", "facility": False}]}, ClaimError, "facility setting"),
    ({"date": ON, "lines": ["99213"], "credit_plan": {"assistant_percent": "lots"}}, ClaimError, "percentage"),
    ([1, 2], ClaimError, "JSON object"),
])
def test_bad_claims_are_user_errors(catalog, data, error, words):
    with pytest.raises(error, match=words):
        price_claim(data)


def test_place_of_service_sets_the_setting(catalog):
    # POS 22 (on-campus outpatient hospital) is a facility setting (ch. 12 §20.4.2): 99213 facility 57.45
    line = claim({"code": "99213", "pos": "22"})["lines"][0]
    assert (line["setting"], line["amount"]) == ("facility", "57.45")
