"""Price 1,000,000 generated claim lines from the 2026 catalog: batch, through the claim service, and naive.

The lines are a realistic mix drawn from the PFS 2026 C rows: office visits, imaging (global, 26 and TC),
surgery and endoscopy families, therapy units, cardiovascular and ophthalmology tests, injections, and codes
the PFS does not pay; with modifiers (26, TC, 50, 62, 80, AS, 25, 59), 1-6 lines a claim, across the 109
localities and national; in the facility setting when a service has no non-facility RVUs (NA), else a
third of the time. Prints lines/s for:

- batch: services.pricing.price_batch(), rows and GPCIs loaded once, integer cents (target >= 200,000/s);
- claim service: services.pricing.price_claim() per claim, in process, checks and explanations included
  (target >= 20,000/s);
- naive baseline: one ORM query per line for the row and one for the locality, Decimal arithmetic, no rules.

Usage: python benchmarks/price_claims.py [--lines N] [--service-lines N] [--naive-lines N] [--runs N] [--data DIR]
"""

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ON = date(2026, 11, 2)  # a date in PFS 2026 C


def generate(table, localities, count, seed=2026):
    """Claims of 1-6 lines, `count` lines in all: (locality, facility, [(code, modifiers, units)])."""
    rng = random.Random(seed)
    paid = [s for s in table.values() if s.modifier == "" and s.status == "A"]
    pools = {
        "visit": [s for s in paid if s.code.startswith("992")],
        "imaging": [s for s in paid if s.mult_proc == "4"],
        "surgery": [s for s in paid if s.mult_proc == "2" and s.global_days in ("000", "010", "090")],
        "endoscopy": [s for s in paid if s.mult_proc == "3"],
        "therapy": [s for s in paid if s.mult_proc == "5"],
        "cardio": [s for s in paid if s.mult_proc == "6"],
        "ophthalmology": [s for s in paid if s.mult_proc == "7"],
        "other": [s for s in paid if s.mult_proc in ("0", "9")],
        "unpaid": [s for s in table.values() if s.modifier == "" and s.status in "BNIRXE"],
        "injection": [s for s in table.values() if s.status == "T"],
    }
    kinds, weights = zip(*[("visit", 34), ("imaging", 15), ("surgery", 10), ("endoscopy", 5), ("therapy", 10),
                           ("cardio", 5), ("ophthalmology", 2), ("other", 14), ("unpaid", 3), ("injection", 2)])
    places = [None] + list(localities)
    claims, made = [], 0
    while made < count:
        size = min(rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6)), count - made)
        place = rng.choice(places)
        lines = []
        for _ in range(size):
            kind = rng.choices(kinds, weights)[0]
            service = rng.choice(pools[kind])
            lines.append(_line(rng, kind, service, table))
        # in the facility setting when a service is never done in an office (NA), else a third of the time
        facility = rng.random() < 0.3 or any(table[(code, "")].nonfacility_na for code, _, _ in lines)
        claims.append((place, facility, lines))
        made += size
    return claims


def _line(rng, kind, service, table):
    mods, units = [], 1
    if service.pctc == "1" and rng.random() < 0.5:
        mods.extend(m for m in [rng.choice(("26", "TC"))] if (service.code, m) in table)
    if kind == "visit" and rng.random() < 0.2:
        mods.append("25")
    if kind == "surgery":
        roll = rng.random()
        if service.bilateral == "1" and roll < 0.1:
            mods.append("50")
        elif service.co_surgeon in ("1", "2") and roll < 0.13:
            mods.append("62")
        elif service.assistant in ("0", "2") and roll < 0.17:
            mods.append(rng.choice(("80", "AS")))
        elif roll < 0.25:
            mods.append("59")
    if kind == "therapy":
        units = rng.randint(1, 4)
    if kind == "endoscopy" and rng.random() < 0.3:
        service = table[(service.endo_base, "")]
    return service.code, tuple(mods), units


def claim_json(claim):
    place, facility, lines = claim
    return {"date": ON.isoformat(), "locality": place, "facility": facility,
            "lines": [{"code": code, "modifiers": list(mods), "units": units} for code, mods, units in lines]}


def naive(claims, limit):
    """One ORM query per line for the row and one for the GPCIs, Decimal formula; no modifier rules."""
    from openrvu.catalog.models import Locality, RvuRow
    from openrvu.catalog.releases import release_in_force

    pfs, gpci = release_in_force("pfs_rvu", ON), release_in_force("gpci", ON)
    done, start = 0, time.perf_counter()
    for place, facility, lines in claims:
        for code, mods, units in lines:
            row_mod = next((m for m in ("26", "TC") if m in mods), "")
            row = RvuRow.objects.get(release=pfs, hcpcs=code, modifier=row_mod)
            if place:
                mac, loc = place.split("-")
                g = Locality.objects.get(release=gpci, mac=mac, locality=loc)
                gw, gp, gm = g.work_gpci, g.pe_gpci, g.mp_gpci
            else:
                gw = gp = gm = Decimal(1)
            pe = row.fac_pe_rvu if facility else row.nonfac_pe_rvu
            amount = ((row.work_rvu * gw + pe * gp + row.mp_rvu * gm) * row.conversion_factor * units)
            amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            done += 1
            if done >= limit:
                return done, time.perf_counter() - start
    return done, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--service-lines", type=int, default=200_000)
    parser.add_argument("--naive-lines", type=int, default=20_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3, help="best of N runs for batch and claim service")
    args = parser.parse_args()
    os.environ["OPENRVU_DATA_DIR"] = tempfile.mkdtemp(prefix="openrvu-bench-")
    os.environ.pop("DATABASE_URL", None)
    from openrvu.cli.main import setup_django

    setup_django()
    from openrvu.catalog.importer import apply_import, plan_import
    from openrvu.content import load
    from openrvu.services.localities import gpci_places
    from openrvu.services.releases import Releases
    from openrvu.services.pricing import pfs_table, price_batch, price_claim

    planned, _ = plan_import([args.data / "pfs2026", args.data / "pfs2025"])
    apply_import(planned)
    releases = Releases()
    table = pfs_table(releases.in_force("pfs_rvu", ON))
    localities = [f"{m}-{l}" for m, l in gpci_places(releases.in_force("gpci", ON))]
    claims = generate(table, localities, args.lines)
    total = sum(len(c[2]) for c in claims)
    gc.collect()
    gc.freeze()  # the generated claims are the benchmark's data, not the pricer's: keep them out of GC scans

    batch = None
    for _ in range(args.runs):
        start = time.perf_counter()
        amounts = price_batch(claims, ON, releases=releases)
        batch = min(batch or 1e9, time.perf_counter() - start)
    priced = sum(1 for claim in amounts for a in claim if a is not None)

    service_claims, count = [], 0
    for claim in claims:
        if count >= args.service_lines:
            break
        service_claims.append(claim_json(claim))
        count += len(claim[2])
    load("indicators")  # warm: the authored explanations are read once per process, as in a server
    del amounts
    gc.collect()
    gc.freeze()  # the generated claims are the benchmark's data, not the service's: keep them out of GC scans
    service = None
    for _ in range(args.runs):
        start = time.perf_counter()
        for claim in service_claims:
            price_claim(claim)
        service = min(service or 1e9, time.perf_counter() - start)

    naive_lines, naive_seconds = naive(claims, args.naive_lines)
    print(f"{total:,} generated lines in {len(claims):,} claims; {priced:,} with an amount; date {ON}; "
          f"best of {args.runs} runs")
    print(f"{'':44}{'lines':>11}{'seconds':>9}{'lines/s':>11}")
    print(f"{'batch (price_batch, integer cents)':44}{total:11,}{batch:9.2f}{total / batch:11,.0f}")
    print(f"{'claim service (price_claim, in process)':44}{count:11,}{service:9.2f}{count / service:11,.0f}")
    naive_rate = naive_lines / naive_seconds
    print(f"{'naive: ORM query per line, Decimal':44}{naive_lines:11,}{naive_seconds:9.2f}{naive_rate:11,.0f}")
    print(f"targets: batch >= 200,000/s -> {'met' if total / batch >= 200_000 else 'NOT met'}; "
          f"claim service >= 20,000/s -> {'met' if count / service >= 20_000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
