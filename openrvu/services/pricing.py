"""Pricing: Medicare PFS payment and wRVU credit for one code or a claim, by locality, date and modifiers.

price_claim() is the one function behind `POST /api/price`, `GET /api/price/{code}`, `openrvu price` and the
page /tools/price. It checks the claim, resolves the releases in force and the locality, runs the rules in
openrvu.services.pricing_rules and explains every step. The catalog's rows are read once per release and
kept in memory, so a claim costs one small query for the list of releases.
"""

import json
import re
from functools import cache
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml

from openrvu.catalog import models
from openrvu.errors import UserError

from .codes import CODE_PATTERN, CodeNotFound
from .localities import NATIONAL, resolve_place
from .pricing_rules import (
    ASSISTANT_MODIFIERS, DEFAULT_PLAN, PAID_STATUSES, FACILITY_POS, INFORMATIONAL_MODIFIERS, MAX_UNITS, ROW_MODIFIERS,
    SOURCES, SPLIT_CARE_MODIFIERS, CreditPlan, Line, Service, cents, fee_cents, geographic_rvus, opps_cents,
    price_lines,
)
from .pricing_words import describe_credit_step, describe_note, describe_reason, describe_step, money, rvus
from .releases import Releases, cached

MAX_LINES = 1000
MAX_MODIFIERS = 4
PRICING_MODIFIERS = frozenset({"26", "TC", "53", "50", "52", "62", "66", "AS"} | ASSISTANT_MODIFIERS
                              | set(SPLIT_CARE_MODIFIERS))
LINE_FIELDS = {"code", "modifiers", "units", "date", "facility", "pos"}
CLAIM_FIELDS = {"date", "locality", "state", "county", "facility", "pos", "lines", "credit_plan"}


class ClaimError(UserError, ValueError):
    """The claim (or a line of it) is malformed; the message names the field."""


class InconsistentModifier(UserError, ValueError):
    """A modifier the code's indicators forbid, e.g. TC on a code whose PC/TC indicator is 0."""


# ---------------------------------------------------------------- the catalog in memory

def pfs_table(release):
    """Every row of a PFS release as a Service, by (code, modifier); read once per imported release."""
    def build(release):
        fields = ["hcpcs", "modifier", "description", "status", "work_rvu", "nonfac_pe_rvu", "fac_pe_rvu",
                  "nonfac_na", "fac_na", "mp_rvu", "opps_nonfac_pe", "opps_fac_pe", "opps_mp", "conversion_factor",
                  "pctc", "global_days", "mult_proc", "bilateral", "assistant", "co_surgeon", "team_surgery",
                  "endo_base", "imaging_family", "preop", "intraop", "postop"]
        table = {}
        for row in models.RvuRow.objects.filter(release=release).values_list(*fields).iterator(chunk_size=5000):
            (code, modifier, description, status, work, pe_nf, pe_f, nf_na, f_na, mp, o_nf, o_f, o_mp, cf,
             pctc, global_days, mult_proc, bilateral, assistant, co_surgeon, team, endo_base, family,
             preop, intraop, postop) = row
            table[(code, modifier)] = Service(
                code, modifier, description, status, _hundredths(work), _hundredths(pe_nf), _hundredths(pe_f),
                nf_na == "NA", f_na == "NA", _hundredths(mp), _hundredths(o_nf), _hundredths(o_f),
                _hundredths(o_mp), int((cf or 0) * 10000), pctc, global_days, mult_proc, bilateral, assistant,
                co_surgeon, team, endo_base, family, _hundredths(preop), _hundredths(intraop), _hundredths(postop))
        return table
    return cached("pfs", release, build)


def _hundredths(value):
    return int(value * 100) if value is not None else 0


# ---------------------------------------------------------------- checking the input

def parse_date(value, where):
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ClaimError(f"{where}: {str(value)[:20]!r} is not a date; use YYYY-MM-DD") from None


def parse_units(value, where):
    """A whole number of units from 1 to 999 (the claim form's units field)."""
    if value is None or value == "":
        return 1
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())
                                       or (isinstance(value, float) and value.is_integer())):
        if isinstance(value, (str, int, float)) and re.fullmatch(r"-\d+", str(value).strip()):
            raise ClaimError(f"{where}: {value} units is negative; give a whole number from 1 to {MAX_UNITS}")
        raise ClaimError(f"{where}: {str(value)[:20]!r} is not a number of units; give a whole number from 1 to "
                         f"{MAX_UNITS}")
    units = int(value)
    if units < 1 or units > MAX_UNITS:
        raise ClaimError(f"{where}: {units} units is out of range; give a whole number from 1 to {MAX_UNITS}")
    return units


def parse_modifiers(value, code_modifier, where):
    """Modifiers from a list or a string ('50 51', '26,TC', '80-AS'), checked for shape, count and conflicts."""
    if value is None:
        items = []
    elif isinstance(value, str):
        items = [m for m in re.split(r"[\s,;\-]+", value) if m]
    elif isinstance(value, list) and all(isinstance(m, str) for m in value):
        items = [m.strip() for m in value if m.strip()]
    else:
        raise ClaimError(f"{where}: modifiers must be a list of two-character modifiers, e.g. [\"26\"]")
    if code_modifier:
        items = [code_modifier, *items]
    mods = []
    for item in items:
        mod = item.upper()
        if not re.fullmatch(r"[A-Z0-9]{2}", mod):
            raise ClaimError(f"{where}: {item[:20]!r} is not a modifier; expected two letters or digits, e.g. 26")
        if mod not in mods:
            mods.append(mod)
    if len(mods) > MAX_MODIFIERS:
        raise ClaimError(f"{where}: {len(mods)} modifiers; a claim line carries at most {MAX_MODIFIERS}")
    if "26" in mods and "TC" in mods:
        raise InconsistentModifier(f"{where}: 26 and TC together; bill the global code without either instead")
    if "62" in mods and (ASSISTANT_MODIFIERS & set(mods) or "AS" in mods):
        raise InconsistentModifier(f"{where}: a line is either a co-surgeon's (62) or an assistant's (80/81/82/AS)")
    return tuple(mods)


def parse_setting(facility, pos, where):
    """Facility or not, from `facility` (true/false) and/or a place of service code (22 → facility)."""
    if pos is not None and pos != "":
        pos_text = str(pos).strip().zfill(2)
        if not re.fullmatch(r"\d{2}", pos_text):
            raise ClaimError(f"{where}.pos: {str(pos)[:10]!r} is not a place of service code (two digits, e.g. 11)")
        from_pos = pos_text in FACILITY_POS
        if facility is not None and facility != "" and _boolean(facility, where) != from_pos:
            raise ClaimError(f"{where}: place of service {pos_text} is a {'facility' if from_pos else 'non-facility'} "
                             f"setting, but facility is {facility!r}")
        return from_pos, pos_text
    if facility is None or facility == "":
        return None, None
    return _boolean(facility, where), None


def _boolean(value, where):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise ClaimError(f"{where}.facility: {str(value)[:20]!r} is not true or false")


def parse_claim(data):
    """Check a claim (a dict as decoded from JSON) and return its header and lines in plain Python types."""
    if not isinstance(data, dict):
        raise ClaimError("the claim must be a JSON object with a \"lines\" list")
    unknown = set(data) - CLAIM_FIELDS
    if unknown:
        raise ClaimError(_unknown_fields("claim", unknown, CLAIM_FIELDS))
    lines = data.get("lines")
    if not isinstance(lines, list) or not lines:
        raise ClaimError("lines: give a list of one or more lines, e.g. [{\"code\": \"99213\"}]")
    if len(lines) > MAX_LINES:
        raise ClaimError(f"lines: {len(lines)} lines; a claim holds at most {MAX_LINES}")
    for field in ("locality", "state", "county"):
        if data.get(field) is not None and not isinstance(data[field], str):
            raise ClaimError(f"{field}: must be text")
    header = {
        "date": parse_date(data.get("date"), "date") or date.today(),
        "locality": data.get("locality"), "state": data.get("state"), "county": data.get("county"),
        "plan": credit_plan_from(data.get("credit_plan")),
    }
    header["facility"], header["pos"] = parse_setting(data.get("facility"), data.get("pos"), "claim")
    parsed = []
    for number, line in enumerate(lines, start=1):
        where = f"lines[{number}]"
        if isinstance(line, str):
            line = parse_line_text(line, where)
        if not isinstance(line, dict):
            raise ClaimError(f"{where}: each line must be an object like {{\"code\": \"99213\", \"units\": 1}}")
        unknown = set(line) - LINE_FIELDS
        if unknown:
            raise ClaimError(_unknown_fields(where, unknown, LINE_FIELDS))
        code_text = line.get("code")
        if not isinstance(code_text, str):
            raise ClaimError(f"{where}.code: give the procedure code as text, e.g. \"99213\"")
        match = CODE_PATTERN.match(code_text.strip().upper())
        if not match:
            raise ClaimError(f"{where}.code: {code_text[:30]!r} is not a procedure code (five letters or digits, "
                             "optionally -MODIFIER, e.g. 70450-26)")
        facility, pos = parse_setting(line.get("facility"), line.get("pos"), where)
        parsed.append({
            "number": number, "code": match.group(1),
            "modifiers": parse_modifiers(line.get("modifiers"), match.group(2), f"{where}.modifiers"),
            "units": parse_units(line.get("units"), f"{where}.units"),
            "date": parse_date(line.get("date"), f"{where}.date") or header["date"],
            "facility": header["facility"] if facility is None else facility,
            "pos": pos or (header["pos"] if facility is None else None),
        })
    return header, parsed


def _unknown_fields(where, unknown, known):
    return f"{where}: unknown field(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"


def parse_line_text(text, where):
    """A pasted claim line: 'CODE[-MOD[-MOD]] [UNITS]', e.g. '27447-50' or '97110 3'."""
    parts = text.split()
    if not parts or len(parts) > 2:
        raise ClaimError(f"{where}: {text[:40]!r} is not a line; write CODE[-MOD[-MOD]] [UNITS], e.g. 97110-GP 3")
    code, _, mods = parts[0].partition("-")
    return {"code": code, "modifiers": mods, "units": parts[1] if len(parts) == 2 else 1}


def parse_pasted_claim(text):
    """Lines of a pasted claim (one service per line; blank lines and #comments skipped) as claim lines."""
    lines = [l.strip() for l in (text or "").splitlines()]
    return [parse_line_text(l, f"line {n}") for n, l in enumerate(lines, start=1) if l and not l.startswith("#")]


PLAN_FIELDS = {"name", "technical_component_percent", "bilateral", "reduce_multiple_procedures",
               "co_surgeon_percent", "assistant_percent", "nonphysician_assistant_percent", "credit_unpaid_services"}


def credit_plan_from(data):
    """A CreditPlan from a dict (JSON or YAML); missing fields keep the default plan's values."""
    if data is None:
        return DEFAULT_PLAN
    if not isinstance(data, dict):
        raise ClaimError("credit_plan: must be an object, e.g. {\"reduce_multiple_procedures\": false}")
    unknown = set(data) - PLAN_FIELDS
    if unknown:
        raise ClaimError(_unknown_fields("credit_plan", unknown, PLAN_FIELDS))
    values = {}
    for name, value in data.items():
        where = f"credit_plan.{name}"
        if name.endswith("_percent"):
            try:
                number = Fraction(Decimal(str(value))) if not isinstance(value, bool) else None
            except (ArithmeticError, ValueError):
                number = None
            if number is None or number < 0 or number > 200:
                raise ClaimError(f"{where}: {str(value)[:20]!r} is not a percentage from 0 to 200")
            values[name] = number
        elif name in ("reduce_multiple_procedures", "credit_unpaid_services"):
            if not isinstance(value, bool):
                raise ClaimError(f"{where}: must be true or false")
            values[name] = value
        elif name == "bilateral":
            if value not in ("indicator", "single"):
                raise ClaimError(f"{where}: must be \"indicator\" (150%/200% per the bilateral indicator) "
                                 "or \"single\"")
            values[name] = value
        else:
            if not isinstance(value, str) or len(value) > 100:
                raise ClaimError(f"{where}: must be text of at most 100 characters")
            values[name] = value
    values.setdefault("name", "custom plan")
    return CreditPlan(**{**DEFAULT_PLAN.__dict__, **values})


def load_credit_plan(path):
    """A CreditPlan from a YAML or JSON file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except OSError as error:
        raise ClaimError(f"{path}: cannot read the credit plan ({error.strerror})") from None
    except (ValueError, yaml.YAMLError) as error:
        raise ClaimError(f"{path}: not valid {'JSON' if str(path).endswith('.json') else 'YAML'}: "
                         f"{str(error).splitlines()[0]}") from None
    return credit_plan_from(data)


@cache
def plan_json(plan):
    return {"name": plan.name, "technical_component_percent": f"{float(plan.technical_component_percent):g}",
            "bilateral": plan.bilateral, "reduce_multiple_procedures": plan.reduce_multiple_procedures,
            "co_surgeon_percent": f"{float(plan.co_surgeon_percent):g}",
            "assistant_percent": f"{float(plan.assistant_percent):g}",
            "nonphysician_assistant_percent": f"{float(plan.nonphysician_assistant_percent):g}",
            "credit_unpaid_services": plan.credit_unpaid_services}


# ---------------------------------------------------------------- pricing

def price_code(code, modifiers=None, locality=None, state=None, county=None, on=None, facility=False, units=1,
               plan=None):
    """One code priced alone: the same JSON as a one-line claim."""
    claim = {"date": on.isoformat() if isinstance(on, date) else on, "locality": locality, "state": state,
             "county": county, "facility": facility or False,
             "lines": [{"code": code, "modifiers": list(modifiers or []), "units": units}]}
    if plan is not None:
        claim["credit_plan"] = plan
    return price_claim(claim)


def price_claim(data, releases=None):
    """Price a claim (a dict as decoded from JSON): every line's amount and wRVU credit, with explanations."""
    header, lines = parse_claim(data)
    plan = header["plan"]
    releases = releases or Releases()
    days, engine_lines, off_schedule, used = {}, [], {}, {}
    for spec in lines:
        day = days.get(spec["date"])
        if day is None:
            day = days[spec["date"]] = _resolve_day(spec["date"], header, releases)
            used.update({r["name"]: r for r in day["releases"]})
        line = _engine_line(spec, day, off_schedule, releases)
        if line is not None:
            engine_lines.append(line)
    priced = {p.line.number: p for p in price_lines(engine_lines, _combined_table(days), plan)}
    out_lines = []
    for spec in lines:
        day = days[spec["date"]]
        if spec["number"] in off_schedule:
            out_lines.append(_off_schedule_json(spec, day, off_schedule[spec["number"]]))
        else:
            out_lines.append(_line_json(spec, day, priced[spec["number"]]))
    total = sum(l["_cents"] for l in out_lines if l["_cents"] is not None)
    credit = sum(l["_credit"] for l in out_lines)
    for l in out_lines:
        del l["_cents"], l["_credit"]
    places = {}
    for day in days.values():
        places.setdefault(day["place"].key + day["place"].how, day["place"].as_json())
    return {
        "lines": out_lines,
        "totals": {"amount": money(total), "wrvu": rvus(credit),
                   "lines_without_amount": [l["line"] for l in out_lines if l["amount"] is None]},
        "localities": list(places.values()),
        "credit_plan": plan_json(plan),
        "releases": list(used.values()),
        "rounding": "Each amount is rounded half up to the cent: the fee schedule amount once, from the exact "
                    "formula, and each adjustment after it.",
    }


def _resolve_day(on, header, releases):
    pfs = releases.in_force("pfs_rvu", on)
    place = resolve_place(on, header["locality"], header["state"], header["county"], releases)
    used = [releases.summary(pfs)]
    if place.release:
        used.append(place.release)
    return {"pfs": pfs, "table": pfs_table(pfs), "place": place, "releases": used, "on": on}


def _combined_table(days):
    """The table the day rules look up 26/TC rows and endoscopic bases in: the one release of the claim's
    days, or, for a claim spanning releases, a lookup that uses each line's own release (rare)."""
    tables = {id(d["table"]): d["table"] for d in days.values()}
    if len(tables) == 1:
        return next(iter(tables.values()))
    merged = {}
    for day in sorted(days.values(), key=lambda d: d["on"]):
        merged.update(day["table"])
    return merged


def _engine_line(spec, day, off_schedule, releases):
    table, code, mods = day["table"], spec["code"], spec["modifiers"]
    row_modifier = next((m for m in ROW_MODIFIERS if m in mods), "")
    service = table.get((code, row_modifier))
    where = f"lines[{spec['number']}]"
    discontinued = False
    if service is None:
        global_row = table.get((code, ""))
        if global_row is None:
            hcpcs = releases.in_force("hcpcs", spec["date"], required=False)
            if hcpcs and models.HcpcsItem.objects.filter(release=hcpcs, code=code, is_modifier=False).exists():
                off_schedule[spec["number"]] = hcpcs
                return None
            raise CodeNotFound(f"{where}: {code} is not in {day['pfs'].name}"
                               + (f" or {hcpcs.name}" if hcpcs else "") + f" (in force on {spec['date'].isoformat()})")
        if row_modifier == "53":
            service, discontinued = global_row, True
        else:
            raise InconsistentModifier(f"{where}: {code} cannot be billed with {row_modifier}: "
                                       + _pctc_reason(global_row, row_modifier, day["pfs"].name))
    if "50" in mods and spec["units"] > 1:
        raise ClaimError(f"{where}: a bilateral procedure (modifier 50) is billed on one line with 1 unit "
                         "(Pub. 100-04 ch. 12 §40.7)")
    facility = spec["facility"] or False
    global_work = table[(code, "")].work if row_modifier == "TC" and (code, "") in table else 0
    return Line(spec["number"], service, mods, spec["units"], spec["date"], facility, day["place"].gpci,
                discontinued, global_work)


def _pctc_reason(row, modifier, release_name):
    from .explain import value_entry

    meaning = (value_entry("pctc", row.pctc) or {}).get("meaning", "")
    return (f"its PC/TC indicator is {row.pctc} ({meaning}), and {release_name} has no {modifier} row for it "
            "(RVUPUF26 Attachment A, PC/TC indicator)")


def _fee_schedule_json(service, place, facility):
    """The fee schedule amount of one setting with its formula, computed in Decimal from the printed figures."""
    if service.status not in PAID_STATUSES:
        return {"amount": None, "reason": describe_reason(("status", service.status))[0]}
    if not (service.work or service.pe_nonfacility or service.pe_facility or service.mp):
        return {"amount": None, "reason": describe_reason(("no_rvus", service.status))[0]}
    if service.facility_na if facility else service.nonfacility_na:
        setting = "facility" if facility else "nonfacility"
        return {"amount": None, "reason": describe_reason(("setting_na", setting))[0]}
    pe = service.pe_facility if facility else service.pe_nonfacility
    doubled = geographic_rvus(service, place.gpci, facility)
    amount, exact = money(cents(doubled, service.cf)), _exact(doubled * service.cf // 2)
    result = {"amount": amount,
              "formula": f"({rvus(service.work)} × {place.work_gpci} + {rvus(pe)} × {place.pe_gpci} + "
                         f"{rvus(service.mp)} × {place.mp_gpci}) × {_cf(service.cf)} = {exact} → {amount}"}
    opps = opps_cents(service, place.gpci, facility)
    if opps is not None:
        result["opps_amount"] = money(opps)
        if opps < fee_cents(service, place.gpci, facility):
            result["amount"] = money(opps)
            result["capped_at_opps"] = True
            result["formula"] += f"; capped at the OPPS amount {money(opps)} ({SOURCES['opps_cap']})"
    return result


_FEE_MEMO = {}
FEE_MEMO_SIZE = 200_000


def _both_settings(service, place, release_id):
    """Both settings' fee schedule JSON, remembered per row and locality (claims repeat the same codes)."""
    key = (release_id, service.code, service.modifier, place.key, place.release["name"] if place.release else "")
    found = _FEE_MEMO.get(key)
    if found is None:
        if len(_FEE_MEMO) >= FEE_MEMO_SIZE:
            _FEE_MEMO.clear()
        found = _FEE_MEMO[key] = {"nonfacility": _fee_schedule_json(service, place, False),
                                  "facility": _fee_schedule_json(service, place, True)}
    return {"nonfacility": dict(found["nonfacility"]), "facility": dict(found["facility"])}


def _exact(billionths):
    """An exact amount in units of 1e-9 dollars as decimal text without trailing zeros ('95.192565')."""
    whole, fraction = divmod(billionths, 10**9)
    return f"{whole}.{fraction:09d}".rstrip("0").rstrip(".")


def fee_schedule_decimal(work, pe, mp, place, cf):
    """The RVUPUF26 formula in Decimal, the reference the integer engine is tested against:
    (amount to the cent, rounded half up; exact amount). RVUs in hundredths, CF in ten-thousandths."""
    rvu = lambda v: Decimal(v) / 100  # noqa: E731
    exact = (rvu(work) * place.work_gpci + rvu(pe) * place.pe_gpci + rvu(mp) * place.mp_gpci) * (Decimal(cf) / 10000)
    return exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"), exact.normalize()


def _cf(cf):
    return f"{cf // 10000}.{cf % 10000:04d}"


def _line_json(spec, day, priced):
    line, service, place = priced.line, priced.line.service, day["place"]
    notes = [describe_note(n) for n in priced.notes]
    for mod in spec["modifiers"]:
        if mod not in PRICING_MODIFIERS:
            notes.append(describe_note(("informational" if mod in INFORMATIONAL_MODIFIERS else "not_modelled", mod)))
    notes.extend(place.notes)
    if service.status == "T" and priced.amount:
        notes.append("Status T: paid because no other fee-schedule service is billed on this date; with another "
                     "one the same day it would be bundled.")
    reason = describe_reason(priced.reason) if priced.reason else None
    return {
        "line": spec["number"],
        "code": service.code,
        "modifiers": list(spec["modifiers"]),
        "units": spec["units"],
        "date_of_service": spec["date"].isoformat(),
        "setting": "facility" if line.facility else "nonfacility",
        "place_of_service": spec["pos"],
        "description": service.description,
        "release": day["pfs"].name,
        "locality": place.key,
        "row": _row_json(service, day["pfs"].id),
        "gpcis": {"work": str(place.work_gpci), "pe": str(place.pe_gpci), "mp": str(place.mp_gpci)},
        "conversion_factor": _cf(service.cf),
        "fee_schedule": _both_settings(service, place, day["pfs"].id),
        "amount": money(priced.amount),
        "reason": reason[0] if reason else None,
        "reason_source": reason[1] if reason else None,
        "adjustments": [describe_step(step, line) for step in priced.steps],
        "wrvu": {"credit": rvus(priced.credit), "work_rvu": rvus(service.work),
                 "steps": [describe_credit_step(step) for step in priced.credit_steps]},
        "notes": notes,
        "_cents": priced.amount,
        "_credit": priced.credit,
    }


_ROW_MEMO = {}


def _row_json(service, release_id):
    """The row's RVUs and indicators as JSON text values, remembered per release row."""
    key = (release_id, service.code, service.modifier)
    found = _ROW_MEMO.get(key)
    if found is None:
        if len(_ROW_MEMO) >= FEE_MEMO_SIZE:
            _ROW_MEMO.clear()
        found = _ROW_MEMO[key] = {
            "modifier": service.modifier, "status": service.status, "work_rvu": rvus(service.work),
            "pe_rvu_nonfacility": None if service.nonfacility_na else rvus(service.pe_nonfacility),
            "pe_rvu_facility": None if service.facility_na else rvus(service.pe_facility),
            "nonfacility_na": service.nonfacility_na, "facility_na": service.facility_na,
            "mp_rvu": rvus(service.mp), "pctc": service.pctc, "global_days": service.global_days,
            "mult_proc": service.mult_proc, "bilateral": service.bilateral, "assistant": service.assistant,
            "co_surgeon": service.co_surgeon, "team_surgery": service.team_surgery,
            "endo_base": service.endo_base or None, "imaging_family": service.imaging_family or None}
    return dict(found)


def _off_schedule_json(spec, day, hcpcs):
    reason = describe_reason(("not_on_pfs", spec["code"]))
    return {"line": spec["number"], "code": spec["code"], "modifiers": list(spec["modifiers"]), "units": spec["units"],
            "date_of_service": spec["date"].isoformat(), "setting": "facility" if spec["facility"] else "nonfacility",
            "place_of_service": spec["pos"], "description": None, "release": hcpcs.name, "locality": day["place"].key,
            "row": None, "gpcis": None, "conversion_factor": None, "fee_schedule": None, "amount": None,
            "reason": reason[0], "reason_source": reason[1], "adjustments": [],
            "wrvu": {"credit": "0.00", "work_rvu": None, "steps": []}, "notes": [], "_cents": None, "_credit": 0}


# ---------------------------------------------------------------- history

def national_amounts(code, modifier, release):
    """One PFS row's national amounts (every GPCI 1.000) in both settings, the OPPS cap included: the figures
    the code page and its history show, from the same engine as `openrvu price`. `release` is a Release."""
    return place_amounts(code, modifier, release, NATIONAL)


def place_amounts(code, modifier, release, place):
    """One PFS row's fee schedule amounts in both settings for a Place (see localities.resolve_place)."""
    service = pfs_table(release)[(code, modifier)]
    return {"conversion_factor": _cf(service.cf), **_both_settings(service, place, release.id)}


# ---------------------------------------------------------------- batch

def price_batch(claims, on, plan=DEFAULT_PLAN, releases=None):
    """Amounts in cents (None where the PFS gives none) for many claims of one date of service, fast.

    `claims` holds (locality or None for national, facility, [(code, modifiers tuple, units), ...]) with
    modifiers already upper-case. The same rules as price_claim() run, without the checks and the words, on
    rows loaded once: for re-pricing large files of claim lines.
    """
    releases = releases or Releases()
    table = pfs_table(releases.in_force("pfs_rvu", on))
    places = {}
    results = []
    for locality, facility, specs in claims:
        gpci = places.get(locality)
        if gpci is None:
            gpci = places[locality] = resolve_place(on, locality, releases=releases).gpci
        lines = []
        for number, (code, mods, units) in enumerate(specs, start=1):
            row_modifier = next((m for m in ROW_MODIFIERS if m in mods), "") if mods else ""
            service = table.get((code, row_modifier))
            discontinued = False
            if service is None:
                service = table.get((code, ""))
                if service is None or row_modifier != "53":
                    raise CodeNotFound(f"{code}{'-' + row_modifier if row_modifier else ''} is not priced in the "
                                       f"PFS release in force on {on.isoformat()}")
                discontinued = True
            global_work = table[(code, "")].work if row_modifier == "TC" else 0
            lines.append(Line(number, service, mods, units, on, facility, gpci, discontinued, global_work))
        results.append([p.amount for p in price_lines(lines, table, plan)])
    return results
