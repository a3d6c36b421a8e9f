"""Where a service was furnished, as Medicare prices it: national, a MAC locality, or a state and county.

A locality is named by MAC + locality number ("01112-05") and carries the GPCIs of the GPCI file in force
(Addendum E). A state + county goes through the locality–county crosswalk (LOCCO): a county named there goes
to its locality; any other county of the state goes to the state's "ALL COUNTIES" or "ALL OTHER COUNTIES"
(rest of state) row. The GPCI file's work GPCIs already include the 1.0 floor and Alaska's 1.5 floor (its
column caption and footnotes say so), so they are used as printed.
"""

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from openrvu.catalog import models
from openrvu.errors import UserError

from .pricing_rules import NATIONAL_GPCI, Gpci
from .releases import Releases, cached
from .serialize import release_summary

LOCALITY_PATTERN = re.compile(r"^(\d{4,5})\s*[-/ ]\s*(\d{1,2})$|^(\d{5})(\d{2})$")
COUNTY_PATTERN = re.compile(r"^[A-Za-z][A-Za-z .,'\-]{0,59}$")


class UnknownLocality(UserError, LookupError):
    """The MAC locality, state or county is not in the GPCI or LOCCO release used for the date."""


class InvalidPlace(UserError, ValueError):
    """The locality, state or county is malformed, or the options contradict each other."""


@dataclass(frozen=True)
class Place:
    """A locality and its GPCIs, with how it was found (for the explanation)."""

    mac: str
    locality: str
    state: str
    name: str
    work_gpci: Decimal
    pe_gpci: Decimal
    mp_gpci: Decimal
    gpci: Gpci
    release: dict | None
    how: str
    notes: tuple = ()

    @property
    def key(self):
        return f"{self.mac}-{self.locality}" if self.mac else "national"

    def as_json(self):
        return {"key": self.key, "mac": self.mac or None, "locality": self.locality or None,
                "state": self.state or None, "name": self.name, "work_gpci": str(self.work_gpci),
                "pe_gpci": str(self.pe_gpci), "mp_gpci": str(self.mp_gpci),
                "gpci_release": self.release["name"] if self.release else None, "how": self.how,
                "notes": list(self.notes)}


NATIONAL = Place("", "", "", "National (every GPCI 1.000)", Decimal("1.000"), Decimal("1.000"), Decimal("1.000"),
                 NATIONAL_GPCI, None, "national: no locality given, so every GPCI is 1.000")


def gpci_places(release):
    """Every locality of a GPCI release as a Place, by (MAC, locality number)."""
    def build(release):
        summary = release_summary(release)
        places = {}
        for row in models.Locality.objects.filter(release=release).order_by("id"):
            gpci = Gpci(int(row.work_gpci * 1000), int(row.pe_gpci * 1000), int(row.mp_gpci * 1000))
            places[(row.mac, row.locality)] = Place(row.mac, row.locality, row.state, row.name, row.work_gpci,
                                                    row.pe_gpci, row.mp_gpci, gpci, summary, "")
        return places
    return cached("gpci", release, build)


def parse_locality(text):
    """'01112-05', '1112-5', '01112 05' or '0111205' (PF26PA's carrier + locality) → ('01112', '05')."""
    match = LOCALITY_PATTERN.match((text or "").strip())
    if not match:
        raise InvalidPlace(f"{str(text)[:30]!r} is not a locality: give MAC-LOCALITY as in the GPCI file, "
                           "e.g. 01112-05 (San Francisco) or 02102-01 (Alaska), or 'national'")
    mac, number = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return mac.zfill(5), number.zfill(2)


def resolve_place(on, locality=None, state=None, county=None, releases=None):
    """The Place for a date of service from a MAC locality, a state (+ county), or nothing (national)."""
    releases = releases or Releases()
    locality, state, county = (v.strip() if isinstance(v, str) else v for v in (locality, state, county))
    if locality and (state or county):
        raise InvalidPlace("give either a locality (MAC-LOCALITY) or a state and county, not both")
    if county and not state:
        raise InvalidPlace(f"county {county[:40]!r} needs a state (two letters, e.g. IL)")
    if not locality and not state:
        return NATIONAL
    if locality and locality.lower() == "national":
        return NATIONAL
    release = releases.in_force("gpci", on)
    places = gpci_places(release)
    if locality:
        key = parse_locality(locality)
        place = places.get(key)
        if place is None:
            same_mac = ", ".join(f"{m}-{n} {p.name}" for (m, n), p in places.items() if m == key[0])
            raise UnknownLocality(f"{key[0]}-{key[1]} is not a locality in {release.name}"
                                  + (f"; MAC {key[0]} has {same_mac}" if same_mac else ""))
        return _with(place, f"MAC {place.mac}, locality {place.locality} ({release.name})")
    return _place_for_county(on, release, places, state, county, releases)


def _with(place, how, notes=()):
    return Place(place.mac, place.locality, place.state, place.name, place.work_gpci, place.pe_gpci,
                 place.mp_gpci, place.gpci, place.release, how, tuple(notes))


def _place_for_county(on, gpci_release, places, state, county, releases):
    abbreviation = state.upper()
    if not re.fullmatch(r"[A-Z]{2}", abbreviation):
        raise InvalidPlace(f"{state[:30]!r} is not a state: give its two-letter code, e.g. CA")
    states = {p.state for p in places.values()}
    if abbreviation not in states:
        raise UnknownLocality(f"{abbreviation} is not a state in {gpci_release.name}; its states are "
                              + ", ".join(sorted(states)))
    in_state = [p for p in places.values() if p.state == abbreviation]
    if not county:
        if len(in_state) == 1:
            return _with(in_state[0], f"{abbreviation} has one locality in {gpci_release.name}")
        raise InvalidPlace(f"{abbreviation} has {len(in_state)} localities; give a county or a locality: "
                           + ", ".join(f"{p.key} {p.name}" for p in in_state))
    if not COUNTY_PATTERN.match(county):
        raise InvalidPlace(f"{county[:40]!r} is not a county name")
    locco, notes = _locco_release(on, gpci_release, releases)
    index = county_index(locco, gpci_release)
    name = normalize_county(county)
    entries = index.get(abbreviation, {})
    named = entries.get("named", {})
    if name in named:
        key, text = named[name]
        how = f"{county.upper()} county, {abbreviation}: named in {locco.name} ({text})"
    else:
        close = difflib.get_close_matches(name, list(named), n=3, cutoff=0.8)
        if close:
            raise UnknownLocality(f"{county!r} is not a county named in {locco.name} for {abbreviation}; "
                                  f"did you mean {', '.join(close)}?")
        rest = entries.get("rest")
        if rest is None:
            raise UnknownLocality(f"{county!r} is not a county of {abbreviation} in {locco.name}")
        key, text = rest
        how = f"{county.upper()} county, {abbreviation}: {locco.name} row {text!r}"
        if named:
            notes = notes + [f"{county.upper()} is not named in {locco.name}; the counties of {abbreviation} it "
                             f"does not name are in {places[key].name}. Check the spelling: it names "
                             + ", ".join(sorted(named)) + "."]
    place = places.get(key)
    if place is None:
        raise UnknownLocality(f"{locco.name} maps {county!r} to {key[0]}-{key[1]}, which is not in {gpci_release.name}")
    return _with(place, how, notes)


def _locco_release(on, gpci_release, releases):
    """The LOCCO in force, else the latest one before the date (CMS changed no locality for 2026)."""
    release = releases.in_force("locco", on, required=False)
    if release is not None:
        return release, []
    release = releases.latest_before("locco", on)
    if release is None:
        raise UnknownLocality(f"no locality–county crosswalk (LOCCO) is imported for {on.isoformat()} or "
                              "before; give the locality as MAC-LOCALITY instead")
    return release, [f"No LOCCO release is in force on {on.isoformat()}; used {release.name}, the latest "
                     f"imported, whose localities are checked against {gpci_release.name}."]


def normalize_county(text):
    """Upper case, 'SAINT' as 'ST', without 'COUNTY'/'CNTY'/'PARISH' and punctuation."""
    text = re.sub(r"[.']", "", text.upper())
    text = re.sub(r"\bSAINT\b", "ST", text)
    text = re.sub(r"\b(COUNTY|CNTY|CNTYS|PARISH|BOROUGH)\b", " ", text)
    return re.sub(r"[^A-Z0-9]+", " ", text).strip()


def county_index(locco_release, gpci_release):
    """{state: {"named": {county: ((mac, loc), text)}, "rest": ((mac, loc), text)}} from LOCCO + GPCI names."""
    def build(_):
        places = gpci_places(gpci_release)
        rows = list(models.CountyLocality.objects.filter(release=locco_release).order_by("id"))
        names = {}  # LOCCO state name → two-letter code, learnt from rows whose locality is in the GPCI file
        for row in rows:
            place = places.get((row.mac, row.locality))
            if place and row.state:
                names.setdefault(row.state.strip().upper(), place.state)
        index = {}
        for row in rows:
            place = places.get((row.mac, row.locality))
            home = place.state if place else names.get(row.state.strip().upper(), "")
            _index_row(index, (row.mac, row.locality), home, row.counties, names)
        for key, place in places.items():
            # The GPCI file names the counties of some split localities, e.g. "(LOS ANGELES/ORANGE CNTY)";
            # LOCCO 2025 misspells ORANGE there as "ORAGNGE".
            match = re.search(r"\(([^()]*CNTY)\)$", place.name)
            if match:
                for county in re.split(r"/", match.group(1)):
                    index.setdefault(place.state, {}).setdefault("named", {}).setdefault(
                        normalize_county(county), (key, place.name))
        return index
    return cached(f"locco:{gpci_release.id}", locco_release, build)


def _index_row(index, key, home, counties, names):
    text = counties.strip().upper()
    for segment in text.split(";"):
        segment = segment.strip()
        state = home
        match = re.search(r"\bIN ([A-Z .]+)$", segment)
        if match and match.group(1).strip() in names:
            state, segment = names[match.group(1).strip()], segment[:match.start()].strip()
        if not state:
            continue
        entry = index.setdefault(state, {})
        if re.match(r"ALL (OTHER )?COUNT", segment):
            entry["rest"] = (key, counties.strip())
            continue
        for county in re.split(r",|/|\bAND\b", segment):
            county = normalize_county(county)
            if county:
                entry.setdefault("named", {})[county] = (key, counties.strip())
