"""The pricing engine's steps and reasons in words a biller would accept, each with its CMS source."""

from openrvu.services.explain import value_entry

from .pricing_rules import SOURCES


def money(value):
    """Cents as a dollar string ('95.19'); None stays None."""
    if value is None:
        return None
    return f"{value // 100}.{value % 100:02d}"


def rvus(value):
    """Hundredths of an RVU as a string ('1.30')."""
    return f"{value // 100}.{value % 100:02d}"


SIXTH = " (sixth and later procedures are priced by report, shown at 50%)"


def percent(fraction):
    value = fraction * 100
    return f"{float(value):g}%"


def _meaning(field, value):
    return (value_entry(field, value) or {}).get("meaning", value)


def describe_step(step, line):
    """One payment step as {rule, text, before, after, source}."""
    rule, before, after, detail = step
    code = line.service.code + (f"-{line.service.modifier}" if line.service.modifier else "")
    text = {
        "fee_schedule": lambda: f"Fee schedule amount for {code} "
                                f"in the {'facility' if line.facility else 'non-facility'} setting: {money(after)}.",
        "bilateral": lambda: _bilateral_text(detail, after),
        "injection_bundled": lambda: f"Status T injection: another fee-schedule service is billed the same day "
                                     f"(line {detail[0]}), so its payment is bundled into that service.",
        "multiple_surgery": lambda: f"Multiple procedures: ranked {detail[0]} of {detail[2]} by fee schedule amount; "
                                    f"paid at {percent(detail[1])}" + (SIXTH if detail[0] >= 6 else "") + ".",
        "endoscopy": lambda: (f"Endoscopy family of {detail[1]}: the base endoscopy is not paid separately when "
                              "billed with another endoscopy of its family." if detail[0] == "base" else
                              f"Endoscopy family of {detail[1]}: not the highest endoscopy of the family, so paid its "
                              f"amount minus the base endoscopy's {money(detail[2])}."),
        "imaging": lambda: f"Multiple imaging (family 88): {'technical' if detail[0] == 'TC' else 'professional'} "
                           f"component ranked {detail[1]}, so {percent(detail[2])} of its {money(detail[3])} "
                           f"({money(percent_cut(detail))}) is taken off.",
        "therapy": lambda: f"Therapy: not the unit with the highest practice expense that day (rank {detail[0]}), "
                           "so paid with 50% of its practice expense.",
        "cardiovascular": lambda: f"Diagnostic cardiovascular: technical component ranked {detail[1]}, reduced "
                                  f"{percent(detail[2])} ({money(percent_cut(detail))} off).",
        "ophthalmology": lambda: f"Diagnostic ophthalmology: technical component ranked {detail[1]}, reduced "
                                 f"{percent(detail[2])} ({money(percent_cut(detail))} off).",
        "opps_cap": lambda: f"Capped at the OPPS payment amount {money(detail[0])}, which is lower than the fee "
                            "schedule amount.",
        "units": lambda: f"{detail[0]} units: {money(after)} in all.",
        "split_care": lambda: f"Modifier {detail[0]}: {detail[1]}% of the global surgery amount "
                              f"({_split_words(detail[0])}).",
        "co_surgeon": lambda: "Modifier 62 (co-surgeon): each surgeon is paid 62.5% of the amount"
                              + (" (documentation of medical necessity is required)." if detail[0] == "1" else "."),
        "assistant": lambda: "Assistant at surgery: 16% of the surgeon's amount"
                             + (" (paid only with documentation of medical necessity)." if detail[0] == "0" else "."),
        "nonphysician_assistant": lambda: "Modifier AS (physician assistant, nurse practitioner or clinical nurse "
                                          "specialist assisting): 85% of the assistant-at-surgery amount.",
    }[rule]()
    return {"rule": rule, "text": text, "before": money(before), "after": money(after), "source": SOURCES[rule]}


def percent_cut(detail):
    from .pricing_rules import percent_of

    return percent_of(detail[3], detail[2])


def _bilateral_text(detail, after):
    indicator, factor, with_50 = detail
    how = "modifier 50" if with_50 else "2 units of a bilateral-eligible code"
    if indicator == "1":
        return f"Bilateral ({how}): indicator 1 pays 150% of one side: {money(after)}."
    if indicator == "3":
        return f"Bilateral ({how}): indicator 3 pays each side in full (200%): {money(after)}."
    if indicator == "2":
        return f"Bilateral ({how}): indicator 2, the RVUs already cover both sides, so 100% is paid."
    if indicator == "0":
        return f"Bilateral ({how}): indicator 0, the bilateral adjustment does not apply; 100% of one code is paid."
    return f"Bilateral ({how}): indicator {indicator}, the bilateral concept does not apply; priced as one service."


def _split_words(modifier):
    return {"54": "surgical care only: preoperative + intraoperative percentages",
            "55": "postoperative management only: postoperative percentage",
            "56": "preoperative management only: preoperative percentage"}[modifier]


def describe_credit_step(step):
    rule, before, after, detail = step
    text = {
        "bilateral": lambda: f"Bilateral: {percent(detail[1])} of the work RVUs.",
        "multiple_surgery": lambda: f"Multiple procedures: ranked {detail[0]}, credited at {percent(detail[1])}.",
        "endoscopy": lambda: ("Base endoscopy billed with its family: no credit." if detail[0] == "base" else
                              f"Endoscopy family: work RVUs minus the base endoscopy's {rvus(detail[2])}."),
        "imaging": lambda: f"Multiple imaging: professional component ranked {detail[1]}, "
                           f"reduced {percent(detail[2])}.",
        "split_care": lambda: f"Modifier {detail[0]}: {detail[1]}% of the work RVUs.",
        "co_surgeon": lambda: f"Co-surgeon: {percent(detail[0] / 100)} of the work RVUs.",
        "assistant": lambda: f"Assistant at surgery: {percent(detail[0] / 100)} of the work RVUs.",
    }[rule]()
    return {"rule": rule, "text": text, "before": rvus(before), "after": rvus(after)}


NOT_PAID = {"team_surgery": "Modifier 66: team surgeons are", "co_surgeon": "Modifier 62: co-surgeons are",
            "assistant": "An assistant at surgery is"}


def describe_reason(reason):
    """Why a line has no amount, in words with the source."""
    kind, value = reason
    if kind == "status":
        if value == "J":
            return ("Status J (anesthesia): the PFS relative value file gives anesthesia codes no RVUs. Anesthesia "
                    "is paid as (base units + time units) × the anesthesia conversion factor of the locality, "
                    "published in CMS's ANES file; openrvu does not price anesthesia yet.", SOURCES["status"])
        return (f"Status {value} ({_meaning('status', value)}): the fee schedule pays nothing from these RVUs.",
                SOURCES["status"])
    if kind == "setting_na":
        return (f"NA: CMS gives no {'facility' if value == 'facility' else 'non-facility'} PE RVUs for this "
                "service because it is rarely or never performed in that setting.", SOURCES["setting"])
    if kind == "no_rvus":
        return (f"Status {value} with 0.00 RVUs: no national value; the Medicare contractor prices the service "
                "if it is covered.", SOURCES["status"])
    if kind == "team_surgery":
        if value in ("1", "2"):
            return (f"Modifier 66 (team surgery, indicator {value}): priced by report by the contractor"
                    + (" with documentation of medical necessity." if value == "1" else "."), SOURCES["team_surgery"])
    if kind in NOT_PAID:
        return (f"{NOT_PAID[kind]} not paid for this procedure (indicator {value}: {_meaning(kind, value)}).",
                SOURCES[kind])
    if kind == "reduced_service":
        return (f"Modifier 52 (reduced service): the contractor sets the reduced payment; the unreduced amount "
                f"would be {money(value)}.", SOURCES["reduced_service"])
    if kind == "discontinued":
        return (f"Modifier 53 on a code without separate 53 RVUs: priced by the contractor after review; the full "
                f"amount would be {money(value)}.", SOURCES["discontinued"])
    if kind == "not_on_pfs":
        return (f"{value} is a HCPCS code that is not on the Physician Fee Schedule (it is paid under another "
                "fee schedule, such as DMEPOS, drug (ASP) or clinical laboratory pricing).", SOURCES["status"])
    raise ValueError(kind)


def describe_note(note):
    kind, value = note
    if kind == "global_only_tc":
        return (f"This global-only code's technical part is not given by the file, so the {value} reduction of "
                "the technical component is not applied to it here; the contractor applies it.")
    if kind == "not_modelled":
        return f"Modifier {value}: its payment effect is not modelled by openrvu; the amount is shown without it."
    if kind == "informational":
        return f"Modifier {value} does not change the fee schedule amount."
    return str(value)
