"""Medicare Physician Fee Schedule payment rules in integer arithmetic, applied to the lines of one claim.

Pure Python, no Django: the claim service (openrvu.services.pricing) and the batch pricer run this same code.
Figures are exact integers in the units the CMS files print them in: RVUs in hundredths, GPCIs in
thousandths, the conversion factor in ten-thousandths, money in cents and wRVU credit in hundredths.

Rounding. The fee schedule amount is [(work RVU × work GPCI) + (PE RVU × PE GPCI) + (MP RVU × MP GPCI)] × CF
(RVUPUF26, "The formula for 2026 physician fee schedule payment amount"; Pub. 100-04 ch. 12 §20.1). CMS
rounds nothing inside the formula: the products and the sum are exact, and only the amount is rounded to the
cent (half up), as the payment amount file PF26PA prints it (9(7).99). The manual gives the adjustments below
as percentages of that amount but no intermediate rounding; openrvu rounds each adjusted amount half up to
the cent, so every figure a biller sees can be checked by hand from the one before it.
"""

from dataclasses import dataclass
from fractions import Fraction

# Statuses whose RVUs CMS uses for payment (RVUPUF26, "Status Code": "Only RVUs associated with status
# codes of A, R, or T, are used for Medicare payment").
PAID_STATUSES = frozenset("ART")
ANESTHESIA_STATUS = "J"
INJECTION_STATUS = "T"
ROW_MODIFIERS = ("26", "TC", "53")
ASSISTANT_MODIFIERS = frozenset({"80", "81", "82"})
SPLIT_CARE_MODIFIERS = {"54": ("preop", "intraop"), "55": ("postop",), "56": ("preop",)}
# Modifiers that change nothing in the PFS amount itself: they tell the contractor about distinct services,
# sides, repeats, teaching physicians, telehealth or liability notices. Any other well-formed modifier is
# reported as not modelled rather than silently ignored.
INFORMATIONAL_MODIFIERS = frozenset({
    "24", "25", "27", "32", "33", "51", "57", "58", "59", "76", "77", "79", "91", "95", "96", "97",
    "XE", "XP", "XS", "XU", "RT", "LT", "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6",
    "F7", "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LC", "LD", "LM", "RC",
    "RI", "GC", "GE", "GT", "GQ", "GP", "GO", "GN", "GA", "GX", "GY", "GZ", "KX", "Q5", "Q6", "FS", "FT",
    "CR", "CS", "93", "JW", "JZ", "KP", "KQ", "59", "AI", "SA", "SB", "FY", "FX", "CT", "GW", "GV",
})
MAX_UNITS = 999

# Places of service where the facility PE RVUs apply (Pub. 100-04 ch. 12 §20.4.2, site of service payment
# differential, and the CMS place of service code set's facility designations): hospitals, ASCs, SNFs,
# hospice, ambulance, psychiatric and rehabilitation facilities, and telehealth other than in the home (02).
FACILITY_POS = frozenset({"02", "19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53",
                          "56", "61"})

FRACTION_CO_SURGEON = Fraction(625, 1000)      # 62.5 % (Pub. 100-04 ch. 12 §40.8)
FRACTION_ASSISTANT = Fraction(16, 100)         # 16 % (Pub. 100-04 ch. 12 §20.4.3)
FRACTION_NONPHYSICIAN = Fraction(85, 100)      # 85 % of the assistant amount for PA/NP/CNS (ch. 12 §§110, 120)
FRACTION_HALF = Fraction(1, 2)
ONE = Fraction(1)
FRACTION_CARDIOVASCULAR = Fraction(25, 100)    # RVUPUF26 multiple procedure indicator 6
FRACTION_OPHTHALMOLOGY = Fraction(20, 100)     # RVUPUF26 multiple procedure indicator 7
RULE_OF_INDICATOR = {"1": "surgery", "2": "surgery", "3": "surgery", "4": "imaging", "5": "therapy",
                     "6": "cardiovascular", "7": "ophthalmology"}

# Citations for every rule, shown with each adjustment.
# Pub. 100-04 is the Medicare Claims Processing Manual; chapter 12 (Physicians/Nonphysician Practitioners) is
# https://www.cms.gov/Regulations-and-Guidance/Guidance/Manuals/Downloads/clm104c12.pdf. Its table of contents was
# checked on 2026-12-02 for §20.1 (computing the fee schedule amount), §20.4.2 (site of service), §20.4.3
# (assistant at surgery) and §20.4.6 (unusual circumstances, modifiers 22 and 52).
SOURCES = {
    "fee_schedule": "RVUPUF26 payment formula; Pub. 100-04 ch. 12 §20.1 (computing the fee schedule amount)",
    "setting": ("RVUPUF26 facility/non-facility PE RVU and NA indicator fields;"
                " Pub. 100-04 ch. 12 §20.4.2 (site of service)"),
    "opps_cap": ("Deficit Reduction Act of 2005 §5102(b);"
                 " RVUPUF26 OPPS payment amount formula and OPPS PE/MP columns; PF26PA"),
    "status": "RVUPUF26 Attachment A, status code",
    "injection_bundled": "RVUPUF26 Attachment A, status code T",
    "units": "CMS-1500 units of service: the fee schedule amount is paid once per unit",
    "bilateral": "RVUPUF26 Bilateral Surgery (Modifier 50) indicator; Pub. 100-04 ch. 12 §40.7 (bilateral surgeries)",
    "multiple_surgery": ("RVUPUF26 Multiple Procedure (Modifier 51) indicators 1 and 2;"
                         " Pub. 100-04 ch. 12 §40.6 (multiple surgeries)"),
    "endoscopy": ("RVUPUF26 Multiple Procedure indicator 3 and Endoscopic Base Code;"
                  " Pub. 100-04 ch. 12 §40.6 (multiple endoscopies)"),
    "imaging": ("RVUPUF26 Multiple Procedure indicator 4 and Diagnostic Imaging Family 88 (TC 50 % since 2010-07-01, "
                "PC 5 % since 2017-01-01)"),
    "therapy": "RVUPUF26 Multiple Procedure indicator 5; PF26PA '50% Therapy Reduction Amount' fields",
    "cardiovascular": "RVUPUF26 Multiple Procedure indicator 6 (TC reduced 25 % for the second and later services)",
    "ophthalmology": "RVUPUF26 Multiple Procedure indicator 7 (TC reduced 20 %; PF26PA Attachment B prints 25 %)",
    "split_care": ("RVUPUF26 Preoperative/Intraoperative/Postoperative Percentage fields;"
                   " Pub. 100-04 ch. 12 §40 (global surgery)"),
    "co_surgeon": "RVUPUF26 Co-surgeons (Modifier 62) indicator; Pub. 100-04 ch. 12 §40.8",
    "team_surgery": "RVUPUF26 Team Surgery (Modifier 66) indicator; Pub. 100-04 ch. 12 §40.8",
    "assistant": "RVUPUF26 Assistant at Surgery indicator; Pub. 100-04 ch. 12 §20.4.3 (assistant at surgery)",
    "nonphysician_assistant": ("Pub. 100-04 ch. 12 §20.4.3 and §§110, 120 (PA, NP and CNS paid 85 % of the physician "
                               "amount)"),
    "reduced_service": "Pub. 100-04 ch. 12 §20.4.6 (payment due to unusual circumstances, modifiers 22 and 52)",
    "discontinued": "RVUPUF26 Modifier field: separate 53 RVUs only for 44388, 45378, G0105 and G0121",
    "not_modelled": "openrvu: this modifier's payment effect is not modelled",
}


@dataclass(slots=True, frozen=True)
class Gpci:
    """A locality's three GPCIs in thousandths (1.000 is 1000); the national one is all 1000."""

    work: int
    pe: int
    mp: int


NATIONAL_GPCI = Gpci(1000, 1000, 1000)


@dataclass(slots=True, frozen=True)
class Service:
    """One row of the PFS relative value file in integer units (RVUs in hundredths, CF in ten-thousandths)."""

    code: str
    modifier: str
    description: str
    status: str
    work: int
    pe_nonfacility: int
    pe_facility: int
    nonfacility_na: bool
    facility_na: bool
    mp: int
    opps_pe_nonfacility: int
    opps_pe_facility: int
    opps_mp: int
    cf: int
    pctc: str
    global_days: str
    mult_proc: str
    bilateral: str
    assistant: str
    co_surgeon: str
    team_surgery: str
    endo_base: str
    imaging_family: str
    preop: int
    intraop: int
    postop: int


@dataclass(frozen=True)
class CreditPlan:
    """How a productivity plan counts work RVUs (wRVU credit) per line. The default follows Medicare's rules."""

    name: str = "Medicare payment rules (default)"
    technical_component_percent: Fraction = Fraction(0)
    bilateral: str = "indicator"  # "indicator" (150 % / 200 % per the bilateral indicator) or "single" (100 %)
    reduce_multiple_procedures: bool = True
    co_surgeon_percent: Fraction = Fraction(625, 10)
    assistant_percent: Fraction = Fraction(16)
    nonphysician_assistant_percent: Fraction = Fraction(136, 10)
    credit_unpaid_services: bool = False


DEFAULT_PLAN = CreditPlan()


@dataclass(slots=True)
class Line:
    """One claim line, resolved: its fee schedule row, modifiers, units, day, setting and locality."""

    number: int
    service: Service
    modifiers: tuple
    units: int
    day: object
    facility: bool
    gpci: Gpci
    discontinued_without_row: bool = False  # 53 billed on a code the file gives no 53 row
    global_work: int = 0  # the global row's work RVUs, for a plan that credits part of them to a TC line


class Priced:
    """The outcome for one line: cents paid (None when the PFS gives no amount), wRVU credit, and the steps.

    `units` holds the amount of each unit (or of the one bilateral service) while the day rules adjust them.
    Each step is (rule, before, after, detail): cents before and after, and a small tuple the service turns
    into words. wRVU steps use the same shape in hundredths of an RVU.
    """

    __slots__ = ("line", "fee", "amount", "reason", "units", "credits", "steps", "credit", "credit_steps",
                 "notes", "opps", "bilateral_factor")

    def __init__(self, line):
        self.line = line
        self.fee = self.amount = self.reason = self.opps = None
        self.units, self.credits, self.steps, self.credit_steps, self.notes = [], [], [], [], []
        self.credit = 0
        self.bilateral_factor = ONE


def percent_of(value, fraction):
    """`value` × `fraction`, rounded half up to a whole unit (cents or hundredths); value is never negative."""
    numerator, denominator = fraction.numerator, fraction.denominator
    return (2 * value * numerator + denominator) // (2 * denominator)


def geographic_rvus(service, gpci, facility, pe_share=2):
    """Σ RVU × GPCI in units of 1e-5 RVU, times 2 so a halved PE stays exact; pe_share 1 halves the PE."""
    pe = service.pe_facility if facility else service.pe_nonfacility
    return 2 * (service.work * gpci.work + service.mp * gpci.mp) + pe_share * pe * gpci.pe


def cents(doubled_rvus, cf):
    """(doubled geographic RVUs × CF) in cents, rounded half up: the scale is 2 × 1e-5 × 1e-4 × 100 = 2e-7."""
    return (doubled_rvus * cf + 10_000_000) // 20_000_000


def fee_cents(service, gpci, facility):
    """The fee schedule amount for one unit in one setting and locality, in cents (RVUPUF26 formula)."""
    return cents(geographic_rvus(service, gpci, facility), service.cf)


def therapy_reduced_cents(service, gpci, facility):
    """The amount with 50 % of the practice expense (PF26PA '50% Therapy Reduction Amount')."""
    return cents(geographic_rvus(service, gpci, facility, pe_share=1), service.cf)


def opps_cents(service, gpci, facility):
    """The OPPS payment amount used for the imaging cap, or None for a row not subject to it (all OPPS 0).

    RVUPUF26: [(work RVU × work GPCI) + (OPPS PE RVU × PE GPCI) + (OPPS MP RVU × MP GPCI)] × CF.
    """
    pe = service.opps_pe_facility if facility else service.opps_pe_nonfacility
    if not pe and not service.opps_mp:
        return None
    doubled = 2 * (service.work * gpci.work + pe * gpci.pe + service.opps_mp * gpci.mp)
    return cents(doubled, service.cf)


def setting_is_na(service, facility):
    return service.facility_na if facility else service.nonfacility_na


def price_lines(lines, table, plan=DEFAULT_PLAN):
    """Price the lines of one claim together, in CMS's order, and return one Priced per line.

    Per line: the row's fee schedule amount in its setting and locality; bilateral; units. Per day: status T
    bundling, then the multiple procedure rules (surgery with endoscopy families, imaging, therapy,
    cardiovascular and ophthalmology), then the OPPS imaging cap. Per line again: split care, co-surgeon,
    team, assistant, reduced and discontinued services. `table` maps (code, modifier) to Service and supplies
    the 26/TC rows and endoscopic base codes the day rules need.
    """
    priced = [_start(line, plan) for line in lines]
    days = {}
    for item in priced:
        days.setdefault(item.line.day, []).append(item)
    for group in days.values():
        if len(group) > 1 and any(item.line.service.status == INJECTION_STATUS for item in group):
            _bundle_injections(group)
        rules = {}  # the payable lines of the day by multiple procedure rule
        for item in group:
            rule = RULE_OF_INDICATOR.get(item.line.service.mult_proc)
            if rule and item.amount is not None:
                rules.setdefault(rule, []).append(item)
        if "surgery" in rules:
            _surgery(rules["surgery"], table, plan)
        if "imaging" in rules:
            _imaging(rules["imaging"], table, plan)
        if "therapy" in rules:
            _therapy(rules["therapy"])
        if "cardiovascular" in rules:
            _diagnostic_tc(rules["cardiovascular"], table, "6", FRACTION_CARDIOVASCULAR, "cardiovascular")
        if "ophthalmology" in rules:
            _diagnostic_tc(rules["ophthalmology"], table, "7", FRACTION_OPHTHALMOLOGY, "ophthalmology")
    for item in priced:
        _finish(item, plan)
    return priced


def _start(line, plan):
    """The line's single-unit fee, its payability, the bilateral adjustment and one entry per unit."""
    service = line.service
    item = Priced(line)
    status = service.status
    mods = line.modifiers
    credit_base = _work_credit_base(line, plan)
    if status not in PAID_STATUSES:
        item.reason = ("status", status)
        if plan.credit_unpaid_services and credit_base:
            item.credits = [credit_base] * line.units
        return item
    if setting_is_na(service, line.facility):
        item.reason = ("setting_na", "facility" if line.facility else "nonfacility")
        return item
    fee = fee_cents(service, line.gpci, line.facility)
    if fee == 0 and not (service.work or service.pe_nonfacility or service.pe_facility or service.mp):
        item.reason = ("no_rvus", status)
        return item
    item.fee = fee
    item.opps = opps_cents(service, line.gpci, line.facility)
    item.steps.append(("fee_schedule", None, fee, ()))
    item.amount = fee
    units = line.units
    unit_amount, unit_credit = fee, credit_base
    if "50" in mods or _units_as_bilateral(line):
        factor = _bilateral_factor(service.bilateral)
        item.bilateral_factor = factor
        unit_amount = percent_of(fee, factor)
        item.steps.append(("bilateral", fee, unit_amount, (service.bilateral, factor, "50" in mods)))
        if plan.bilateral == "indicator":
            unit_credit = percent_of(credit_base, factor)
            item.credit_steps.append(("bilateral", credit_base, unit_credit, (service.bilateral, factor)))
        units = 1
    item.units = [unit_amount] * units
    item.credits = [unit_credit] * units
    return item


def _work_credit_base(line, plan):
    service = line.service
    if service.modifier == "TC":
        # A TC row carries no work RVUs; a plan may still credit a share of the global row's.
        if not plan.technical_component_percent:
            return 0
        return percent_of(line.global_work, plan.technical_component_percent / 100)
    return service.work


def _units_as_bilateral(line):
    """RVUPUF26 indicators 1 and 2: a code reported "with a 2 in the units field" is a bilateral procedure."""
    return (line.units == 2 and line.service.bilateral in ("1", "2")
            and line.service.mult_proc in ("1", "2", "3"))


def _bilateral_factor(indicator):
    """RVUPUF26 Bilateral Surgery indicator: 1 → 150 %, 3 → 100 % each side (200 %), 0, 2 and 9 → 100 %."""
    return {"1": Fraction(3, 2), "3": Fraction(2)}.get(indicator, Fraction(1))


def _bundle_injections(group):
    """Status T: paid only when the provider bills no other PFS-payable service that day (RVUPUF26 Att. A)."""
    others = [p for p in group if p.amount and p.line.service.status != INJECTION_STATUS]
    if not others:
        return
    for item in group:
        if item.line.service.status == INJECTION_STATUS and item.amount is not None:
            item.steps.append(("injection_bundled", sum(item.units), 0, (others[0].line.number,)))
            item.units = [0] * len(item.units)
            item.credits = [0] * len(item.credits)
            item.amount = 0


def _instances(items, indicators):
    """(item, unit index) for every unit of the lines whose multiple procedure indicator is in `indicators`."""
    return [(item, index) for item in items if item.line.service.mult_proc in indicators
            for index in range(len(item.units))]


def _single(items):
    """True when a rule has nothing to rank: one line of one unit."""
    return len(items) == 1 and len(items[0].units) == 1


def _surgery(items, table, plan):
    """Indicators 1, 2 and 3: endoscopy families first, then rank by amount: 100 %, then 50 % (or 25 %)."""
    if _single(items):
        return
    instances = _instances(items, ("1", "2", "3"))
    if not instances:
        return
    groups = _endoscopy_families(instances, items, table, plan)
    if len(groups) < 2:
        return
    groups.sort(key=lambda g: -g[0])
    for rank, (amount, indicator, members) in enumerate(groups, start=1):
        if rank == 1:
            continue
        fraction = Fraction(25, 100) if indicator == "1" and rank >= 3 else FRACTION_HALF
        for item, index in members:
            before = item.units[index]
            item.units[index] = percent_of(before, fraction)
            item.steps.append(("multiple_surgery", before, item.units[index], (rank, fraction, len(groups))))
            if plan.reduce_multiple_procedures:
                credit = item.credits[index]
                item.credits[index] = percent_of(credit, fraction)
                item.credit_steps.append(("multiple_surgery", credit, item.credits[index], (rank, fraction)))


def _endoscopy_families(instances, items, table, plan):
    """Ranking groups: (amount, indicator, members). An endoscopy family (indicator 3, same endoscopic base,
    or with its base code billed) is one group: the highest endoscopy in full, each other one its amount
    minus the base's, and the base itself not paid separately (RVUPUF26 indicator 3; ch. 12 §40.6)."""
    bases = {item.line.service.endo_base for item, _ in instances if item.line.service.mult_proc == "3"}
    families, groups = {}, []
    for item, index in instances:
        service = item.line.service
        key = service.endo_base if service.mult_proc == "3" else (service.code if service.code in bases else None)
        if key and service.modifier in ("", "53"):
            families.setdefault(key, []).append((item, index))
        else:
            groups.append((item.units[index], service.mult_proc, [(item, index)]))
    for base_code, members in families.items():
        endoscopies = [m for m in members if m[0].line.service.code != base_code]
        base_row = table.get((base_code, ""))
        if len(members) < 2 or not endoscopies or base_row is None:
            groups.extend((item.units[index], item.line.service.mult_proc, [(item, index)]) for item, index in members)
            continue
        base_line = members[0][0].line
        base_fee = fee_cents(base_row, base_line.gpci, base_line.facility)
        endoscopies.sort(key=lambda m: -m[0].units[m[1]])
        for item, index in members:
            if item.line.service.code == base_code:
                before = item.units[index]
                item.units[index] = 0
                item.steps.append(("endoscopy", before, 0, ("base", base_code)))
                if plan.reduce_multiple_procedures:
                    item.credit_steps.append(("endoscopy", item.credits[index], 0, ("base", base_code)))
                    item.credits[index] = 0
        for item, index in endoscopies[1:]:
            before = item.units[index]
            item.units[index] = max(0, before - base_fee)
            item.steps.append(("endoscopy", before, item.units[index], ("minus_base", base_code, base_fee)))
            if plan.reduce_multiple_procedures:
                credit = item.credits[index]
                item.credits[index] = max(0, credit - base_row.work)
                item.credit_steps.append(("endoscopy", credit, item.credits[index],
                                          ("minus_base", base_code, base_row.work)))
        total = sum(item.units[index] for item, index in members)
        groups.append((total, "3", members))
    return groups


def _component_fee(item, table, modifier):
    """The fee of the line's TC or PC part: its own row when billed as that part, else the 26/TC row."""
    line, service = item.line, item.line.service
    if service.modifier == modifier:
        return fee_cents(service, line.gpci, line.facility)
    if service.modifier:
        return None
    if service.pctc == "3" and modifier == "TC":
        return fee_cents(service, line.gpci, line.facility)  # a technical-component-only code
    if service.pctc != "1":
        return None
    row = table.get((service.code, modifier))
    return fee_cents(row, line.gpci, line.facility) if row else None


def _rank_components(instances, table, modifier):
    """Instances with a `modifier` part, highest part first: (fee of the part, item, unit index)."""
    ranked = []
    for item, index in instances:
        part = _component_fee(item, table, modifier)
        if part is not None:
            ranked.append((part, item, index))
    ranked.sort(key=lambda r: -r[0])
    return ranked


def _imaging(items, table, plan):
    """Indicator 4 (imaging family 88): the second and later TCs at 50 %, PCs at 95 %, same session and day."""
    if _single(items):
        return
    instances = _instances(items, ("4",))
    if len(instances) < 2:
        return
    for modifier, fraction in (("TC", FRACTION_HALF), ("26", Fraction(5, 100))):
        ranked = _rank_components(instances, table, modifier)
        for rank, (part, item, index) in enumerate(ranked[1:], start=2):
            cut = percent_of(part, fraction)
            before = item.units[index]
            item.units[index] = max(0, before - cut)
            item.steps.append(("imaging", before, item.units[index], (modifier, rank, fraction, part)))
            if modifier == "26" and plan.reduce_multiple_procedures and item.credits[index]:
                credit = item.credits[index]
                item.credits[index] = credit - percent_of(credit, fraction)
                item.credit_steps.append(("imaging", credit, item.credits[index], (modifier, rank, fraction)))


def _therapy(items):
    """Indicator 5: the unit with the highest PE payment in full; every other unit with 50 % of its PE."""
    if _single(items):
        return
    instances = _instances(items, ("5",))
    if len(instances) < 2:
        return
    def pe_payment(instance):
        line = instance[0].line
        pe = line.service.pe_facility if line.facility else line.service.pe_nonfacility
        return pe * line.gpci.pe
    instances.sort(key=lambda i: -pe_payment(i))
    for rank, (item, index) in enumerate(instances[1:], start=2):
        line = item.line
        reduced = therapy_reduced_cents(line.service, line.gpci, line.facility)
        before = item.units[index]
        item.units[index] = percent_of(reduced, item.bilateral_factor)
        item.steps.append(("therapy", before, item.units[index], (rank,)))


def _diagnostic_tc(items, table, indicator, fraction, rule):
    """Indicators 6 and 7: the TC of the second and later services reduced by 25 % or 20 %."""
    if _single(items):
        return
    instances = _instances(items, (indicator,))
    if len(instances) < 2:
        return
    for item, index in instances:
        if item.line.service.pctc == "4" and index == 0:
            item.notes.append(("global_only_tc", rule))
    ranked = _rank_components(instances, table, "TC")
    for rank, (part, item, index) in enumerate(ranked[1:], start=2):
        cut = percent_of(part, fraction)
        before = item.units[index]
        item.units[index] = max(0, before - cut)
        item.steps.append((rule, before, item.units[index], ("TC", rank, fraction, part)))


def _finish(item, plan):
    """Units, the OPPS cap, then the per-line modifiers: split care, co-surgeon, team, assistant, 52, 53."""
    mods = item.line.modifiers
    if item.amount is None:
        item.credit = sum(item.credits)
        return
    if item.opps is not None:
        cap = percent_of(item.opps, item.bilateral_factor)
        for index, amount in enumerate(item.units):
            if amount > cap:
                item.units[index] = cap
                item.steps.append(("opps_cap", amount, cap, (item.opps,)))
    amount = sum(item.units)
    if len(item.units) > 1:
        item.steps.append(("units", None, amount, (len(item.units),)))
    credit = sum(item.credits)
    if mods:
        amount, credit = _line_modifiers(item, amount, credit, plan)
    item.amount = amount
    item.credit = credit if (amount is not None or plan.credit_unpaid_services) else 0


def _line_modifiers(item, amount, credit, plan):
    """Split care (54/55/56), co-surgeon (62), team (66), assistant (80/81/82/AS), 52 and 53, in that order."""
    line, service, mods = item.line, item.line.service, item.line.modifiers
    for modifier, phases in SPLIT_CARE_MODIFIERS.items():
        if modifier in mods:
            share = sum(getattr(service, phase) for phase in phases)
            fraction = Fraction(share, 100)
            item.steps.append(("split_care", amount, percent_of(amount, fraction), (modifier, share)))
            item.credit_steps.append(("split_care", credit, percent_of(credit, fraction), (modifier, share)))
            amount, credit = percent_of(amount, fraction), percent_of(credit, fraction)
    if "62" in mods:
        amount, credit = _co_surgeon(item, amount, credit, plan)
    if "66" in mods and amount is not None:
        item.reason = ("team_surgery", service.team_surgery)
        amount, credit = None, 0
    if amount is not None and ("AS" in mods or not ASSISTANT_MODIFIERS.isdisjoint(mods)):
        amount, credit = _assistant(item, amount, credit, plan)
    if amount is not None and "52" in mods:
        item.reason = ("reduced_service", amount)
        amount = None
    if amount is not None and line.discontinued_without_row:
        item.reason = ("discontinued", amount)
        amount = None
    return amount, credit


def _co_surgeon(item, amount, credit, plan):
    """Modifier 62: 62.5 % where the co-surgeon indicator is 1 or 2 (Pub. 100-04 ch. 12 §40.8)."""
    indicator = item.line.service.co_surgeon
    if indicator not in ("1", "2"):
        item.reason = ("co_surgeon", indicator)
        return None, 0
    return _share(item, "co_surgeon", amount, FRACTION_CO_SURGEON, credit, plan.co_surgeon_percent, indicator)


def _assistant(item, amount, credit, plan):
    """80/81/82: 16 % where the assistant indicator is 0 or 2 (ch. 12 §20.4.3); AS: 85 % of that."""
    indicator = item.line.service.assistant
    if indicator not in ("0", "2"):
        item.reason = ("assistant", indicator)
        return None, 0
    if "AS" not in item.line.modifiers:
        return _share(item, "assistant", amount, FRACTION_ASSISTANT, credit, plan.assistant_percent, indicator)
    paid, credited = _share(item, "assistant", amount, FRACTION_ASSISTANT, credit,
                            plan.nonphysician_assistant_percent, indicator)
    reduced = percent_of(paid, FRACTION_NONPHYSICIAN)
    item.steps.append(("nonphysician_assistant", paid, reduced, ()))
    return reduced, credited


def _share(item, rule, amount, fraction, credit, credit_percent, indicator):
    """A share of the amount (the payment rule) and of the credit (the plan's percentage), both recorded."""
    paid = percent_of(amount, fraction)
    item.steps.append((rule, amount, paid, (indicator,)))
    credited = percent_of(credit, credit_percent / 100)
    item.credit_steps.append((rule, credit, credited, (credit_percent,)))
    return paid, credited
