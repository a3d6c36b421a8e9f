"""The integer-cents engine equals the Decimal formula, and the batch pricer equals the claim service."""

import importlib.util
import random
from datetime import date
from pathlib import Path

from openrvu.services.localities import gpci_places
from openrvu.services.releases import Releases
from openrvu.services.pricing import fee_schedule_decimal, pfs_table, price_batch, price_claim
from openrvu.services.pricing_rules import PAID_STATUSES, fee_cents

ON = date(2026, 11, 2)
BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "price_claims.py"


def _tables():
    releases = Releases()
    return releases, pfs_table(releases.in_force("pfs_rvu", ON)), gpci_places(releases.in_force("gpci", ON))


def _check(service, place, facility):
    if service.facility_na if facility else service.nonfacility_na:
        return
    pe = service.pe_facility if facility else service.pe_nonfacility
    expected, _ = fee_schedule_decimal(service.work, pe, service.mp, place, service.cf)
    got = fee_cents(service, place.gpci, facility)
    assert f"{got // 100}.{got % 100:02d}" == str(expected), (service.code, service.modifier, place.key, facility)


def test_integer_cents_equal_the_decimal_formula_on_every_row(catalog):
    """Every paid 2026 row in both settings, nationally and in five localities with extreme GPCIs."""
    from openrvu.services.localities import NATIONAL

    _, table, places = _tables()
    chosen = [NATIONAL] + [places[key] for key in (("02102", "01"), ("13202", "01"), ("09102", "04"),
                                                    ("10112", "00"), ("09202", "20"))]
    rows = [s for s in table.values() if s.status in PAID_STATUSES]
    assert len(rows) > 9000
    for service in rows:
        for place in chosen:
            _check(service, place, False)
            _check(service, place, True)


def test_integer_cents_equal_the_decimal_formula_in_every_locality(catalog):
    """A random sample of 300 rows in all 109 localities."""
    _, table, places = _tables()
    rows = sorted((s for s in table.values() if s.status in PAID_STATUSES), key=lambda s: (s.code, s.modifier))
    assert len(places) == 109
    for service in random.Random(6).sample(rows, 300):
        for place in places.values():
            _check(service, place, False)
            _check(service, place, True)


def _benchmark_module():
    spec = importlib.util.spec_from_file_location("price_claims", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_batch_equals_the_claim_service(catalog):
    """The benchmark's generated claims (all rules, modifiers and localities) priced both ways, cent for cent."""
    bench = _benchmark_module()
    releases, table, places = _tables()
    claims = bench.generate(table, [f"{m}-{l}" for m, l in places], 3000, seed=7)
    batch = price_batch(claims, ON, releases=releases)
    for claim, amounts in zip(claims, batch):
        result = price_claim(bench.claim_json(claim))
        assert [line["amount"] for line in result["lines"]] == \
               [None if a is None else f"{a // 100}.{a % 100:02d}" for a in amounts]
