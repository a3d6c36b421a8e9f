"""Full names for CMS short descriptors, from the curated abbreviation table openrvu/content/abbreviations.yaml.

The PFS file gives each code a short descriptor of at most 28 characters, abbreviated and sometimes misspelt.
Pages show that descriptor as it is, labelled as CMS's, and beside it a full name built here by replacing each
abbreviation with its curated expansion ("o/p est" becomes "outpatient established"). Nothing is guessed: a token
that the table lists as ambiguous, or that is neither in the table nor an ordinary word, leaves the descriptor
without a full name, and the caller shows the official descriptor alone.

An ordinary word is one in the vocabulary the caller passes, normally `vocabulary_from_hcpcs` over the HCPCS
Level II long descriptions (public-domain, unabbreviated CMS text, read from the user's imported file at run
time, never stored in the repository), or one in the table's own `words` list. The table is consulted first,
so a token that the HCPCS text happens to use as an abbreviation ("inj", "est") is still treated as one.

Pure Python; no Django.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
TABLE_FILE = CONTENT_DIR / "abbreviations.yaml"
SOURCE_PATH = "openrvu/content/abbreviations.yaml"

# Punctuation that wraps a token without being part of it: "(left", "inj,", "inj.", "knee)".
LEADING = "(\"'"
TRAILING = ",.;:)\"'"
# One token's pieces: "w/o" (without) stays whole unless a letter follows ("w/optic" is "w/" + "optic"); "w/"
# (with) is a prefix; otherwise pieces are split at slashes, ampersands and hyphens, which are kept.
PIECES = re.compile(r"w/o(?![a-z0-9])|w/(?=.)|[^/&+\-]+|[/&+\-]")
SEPARATORS = {"/": "/", "&": " & ", "-": "-", "+": "+"}
# A number, range or measure: "20", "0.5", "1,000", "<5", ">=2", "10%", "+1".
NUMBER = re.compile(r"(?:[<>=+~]*\.?\d+(?:[.,]\d+)*%?)+[<>=]*")
# A number run together with a unit or ordinal suffix from the table's units: "3d", "10mg", "1st", "15mins".
NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)([a-z%]+)")
ORDINALS = {"st", "nd", "rd", "th"}
# Comparison and count symbols standing alone or beside a number: "1/>", "cm/<", "#".
SYMBOLS = re.compile(r"[<>=+%#~^]+")
# Words after which a unit may follow without a number: "per hr", "per sq cm".
UNITS_AFTER = {"per"}
WORD = re.compile(r"[a-z]+(?:['\-][a-z]+)*")
MIN_WORD = 4


@dataclass(frozen=True)
class Expansion:
    """The full name built for one descriptor, or None with the tokens that stopped it."""

    full_name: str | None
    expanded: list[tuple[str, str]] = field(default_factory=list)  # (token as in the descriptor, expansion)
    unresolved: list[str] = field(default_factory=list)  # ambiguous or unknown tokens, lower-case
    complete: bool = False
    # (token, meaning) for each acronym's meaning and each reading of an ambiguous token: not names, but what
    # search may find the code by
    readings: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ContextRule:
    """A reading that holds only for the listed codes: `expansion` there, or, when it is None, no reading at all
    (the token is left unresolved for those codes even though the table expands it elsewhere)."""

    token: str
    expansion: str | None
    note: str
    codes: frozenset = frozenset()
    code_ranges: tuple = ()  # ((low, high), ...): codes of the same length and digit/letter pattern in between

    def applies(self, code):
        code = (code or "").upper()
        if code in self.codes:
            return True
        shape = _shape(code)
        return any(_shape(low) == shape and low <= code <= high for low, high in self.code_ranges)


def _shape(code):
    return "".join("9" if character.isdigit() else "A" for character in code)


@dataclass(frozen=True)
class AbbreviationTable:
    expansions: dict  # token → expansion
    misspellings: dict  # token → intended word
    ambiguous: dict  # token → its possible readings (never expanded)
    acronyms: dict  # token → (letters as shown, meaning)
    units: dict  # token → meaning; kept as written right after a number, a unit or "per"
    words: frozenset  # ordinary words the HCPCS vocabulary lacks, and the short words accepted (see below)
    numerals: frozenset  # Roman numerals kept as written ("factor viii"); not i, iv, v or x, which are ambiguous
    letter_after: frozenset  # words after which a single letter is a name, kept as written ("hepatitis c")
    contextual: tuple  # ContextRule, first match wins

    def rule(self, token, code):
        return next((rule for rule in self.contextual if rule.token == token and rule.applies(code)), None)


def _entries(data, section):
    """A section's mapping with lower-case keys, refusing a token listed twice."""
    result = {}
    for key, value in (data.get(section) or {}).items():
        token = str(key).lower()
        if token in result:
            raise ValueError(f"{SOURCE_PATH}: {section} lists {token!r} twice")
        result[token] = (str(key), value)
    return result


def _acronym(key, value):
    """(letters as shown, meaning): the key as written ("CT: computed tomography"), or {letters, meaning} when the
    descriptor spells it differently ("sarscov2: {letters: SARS-CoV-2, ...}")."""
    if isinstance(value, dict):
        return str(value["letters"]), str(value["meaning"])
    return str(key), str(value)


def _codes(values):
    """Codes as upper-case strings. A code YAML read as a number must still have five digits: 00530 unquoted would
    arrive as an octal number, so such codes have to be quoted."""
    codes = [str(value).upper() for value in values or []]
    for code in codes:
        if len(code) != 5:
            raise ValueError(f"{SOURCE_PATH}: {code!r} is not a five-character code (quote codes like \"00530\")")
    return codes


def parse_table(data):
    """Build the table from the parsed YAML, refusing duplicates, clashes and entries without a note."""
    misspellings = {}
    for token, (_, entry) in _entries(data, "misspellings").items():
        if not isinstance(entry, dict) or not entry.get("word") or not entry.get("note"):
            raise ValueError(f"{SOURCE_PATH}: misspelling {token!r} needs a word and a note")
        misspellings[token] = str(entry["word"])
    rules = []
    for entry in data.get("contextual") or []:
        if not isinstance(entry, dict) or not entry.get("token") or not entry.get("note") or "expansion" not in entry:
            raise ValueError(f"{SOURCE_PATH}: contextual rule {entry!r} needs a token, an expansion and a note")
        ranges = tuple(tuple(_codes(pair)) for pair in entry.get("code_ranges") or [])
        if any(len(pair) != 2 or _shape(pair[0]) != _shape(pair[1]) for pair in ranges):
            raise ValueError(f"{SOURCE_PATH}: contextual rule for {entry['token']!r} has a bad code range")
        rule = ContextRule(token=str(entry["token"]).lower(), note=str(entry["note"]),
                           expansion=None if entry["expansion"] is None else str(entry["expansion"]),
                           codes=frozenset(_codes(entry.get("codes"))), code_ranges=ranges)
        if not (rule.codes or rule.code_ranges):
            raise ValueError(f"{SOURCE_PATH}: contextual rule for {entry['token']!r} names no codes")
        rules.append(rule)
    table = AbbreviationTable(
        expansions={token: str(value) for token, (_, value) in _entries(data, "expansions").items()},
        misspellings=misspellings,
        ambiguous={token: [str(reading) for reading in value] for token, (_, value) in
                   _entries(data, "ambiguous").items()},
        acronyms={token: _acronym(key, value) for token, (key, value) in _entries(data, "acronyms").items()},
        units={token: str(value) for token, (_, value) in _entries(data, "units").items()},
        words=frozenset(str(word).lower() for word in data.get("words") or []),
        numerals=frozenset(str(numeral).lower() for numeral in data.get("numerals") or []),
        letter_after=frozenset(str(word).lower() for word in data.get("letter_after") or []),
        contextual=tuple(rules),
    )
    # Units are read only right after a number, so a unit may also be listed in another section ("min").
    sections = {"expansions": table.expansions, "misspellings": table.misspellings, "ambiguous": table.ambiguous,
                "acronyms": table.acronyms, "words": table.words, "numerals": table.numerals}
    seen = {}
    for section, tokens in sections.items():
        for token in tokens:
            if token in seen:
                raise ValueError(f"{SOURCE_PATH}: {token!r} is under both {seen[token]} and {section}")
            seen[token] = section
    return table


@cache
def load_abbreviations():
    """The curated table (parsed once per process)."""
    with open(TABLE_FILE, encoding="utf-8") as handle:
        return parse_table(yaml.safe_load(handle))


def vocabulary_from_hcpcs(long_descriptions: Iterable[str]) -> set[str]:
    """Ordinary lower-case words from HCPCS Level II long descriptions: whole hyphenated words and their parts,
    of at least MIN_WORD letters.

    Shorter words are left out on purpose: that is where abbreviations hide ("pt", "est", "max", "inj" all occur
    in HCPCS text too), so the table lists the short words it accepts as ordinary ("leg", "eye", "of").
    """
    vocabulary = set()
    for text in long_descriptions:
        for word in WORD.findall(text.lower()):
            for piece in {word, *re.split(r"[-']", word)}:
                if len(piece.replace("-", "").replace("'", "")) >= MIN_WORD:
                    vocabulary.add(piece)
    return vocabulary


def _split(token):
    """(leading punctuation, core, trailing punctuation) of a space-separated token."""
    start = len(token) - len(token.lstrip(LEADING))
    core = token[start:].rstrip(TRAILING)
    return token[:start], core, token[start + len(core):]


class _Resolver:
    """Resolves the pieces of one descriptor, recording what it expanded and what it could not."""

    def __init__(self, code, vocabulary, table):
        self.code = code
        self.vocabulary = vocabulary
        self.table = table
        self.expanded = []
        self.unresolved = []
        self.readings = []
        self.after_number = False  # whether the previous piece was a number or unit ("20 min", "16 sq cm")
        self.previous = ""  # the previous piece, lower-case (for "hepatitis c")

    def piece(self, original):
        """The rendering of one piece (no separators inside), or None when it cannot be resolved."""
        token = original.lower()
        table = self.table
        after_number, self.after_number = self.after_number, token in UNITS_AFTER
        previous, self.previous = self.previous, token
        rule = table.rule(token, self.code)
        if rule is not None:
            return self._expand(original, rule.expansion) if rule.expansion else self._fail(token)
        if token in table.misspellings:
            return self._expand(original, table.misspellings[token])
        if token in table.units and after_number:
            self.after_number = True  # "sq" then "cm"
            return original
        if len(token) == 1 and token.isalpha() and previous in table.letter_after:
            return original
        if token in table.ambiguous:
            self.readings += [(token, reading) for reading in table.ambiguous[token]]
            return self._fail(token)
        if token in table.expansions:
            return self._expand(original, table.expansions[token])
        if token in table.acronyms:
            self.readings.append((token, table.acronyms[token][1]))
            return table.acronyms[token][0]
        if NUMBER.fullmatch(token) or self._number_unit(token):
            self.after_number = True
            return original
        if SYMBOLS.fullmatch(token) or token in table.numerals:
            return original
        if token in table.words or token in self.vocabulary:
            return original
        return self._fail(token)

    def _number_unit(self, token):
        match = NUMBER_UNIT.fullmatch(token)
        return bool(match) and (match.group(2) in self.table.units or match.group(2) in ORDINALS)

    def _expand(self, original, expansion):
        self.expanded.append((original, expansion))
        return expansion

    def _fail(self, token):
        self.unresolved.append(token)
        return None

    def core(self, core):
        """The rendering of a token's core: whole if the table or vocabulary knows it, else piece by piece."""
        lowered = core.lower()
        if not lowered or all(character in SEPARATORS for character in lowered):
            return core  # a lone "&" or "/" stays as it is
        plural = ""
        for suffix in ("(s)", "(s"):  # "lesion(s)": the word, maybe plural (")" may be trailing punctuation)
            if lowered.endswith(suffix) and len(lowered) > len(suffix):
                plural, core, lowered = core[-len(suffix):], core[:-len(suffix)], lowered[:-len(suffix)]
                break
        pieces = PIECES.findall(lowered)
        originals, position = [], 0
        for piece in pieces:
            originals.append(core[position:position + len(piece)])
            position += len(piece)
        rendered, failed, start = [], False, 0
        while start < len(pieces):
            end = self._longest_known(pieces, start)
            if end > start + 1:  # a compound the table or vocabulary knows whole: "o/p", "i&r", "x-ray"
                text = self.piece("".join(originals[start:end]))
            elif pieces[start] in SEPARATORS:
                text = SEPARATORS[pieces[start]]
            elif pieces[start] == "w/":
                text = self._expand(originals[start], "with") + " "
            else:
                text = self.piece(originals[start])
            failed = failed or text is None
            rendered.append(text or "")
            start = end
        return None if failed else "".join(rendered) + plural

    def _longest_known(self, pieces, start):
        """The end of the longest run of pieces from `start` that is known as one token (at least start + 1)."""
        if pieces[start] in SEPARATORS or pieces[start] == "w/":
            return start + 1
        for end in range(len(pieces), start + 1, -1):
            if pieces[end - 1] not in SEPARATORS and self._known_whole("".join(pieces[start:end])):
                return end
        return start + 1

    def _known_whole(self, token):
        table = self.table
        return (token in table.misspellings or token in table.ambiguous or token in table.expansions
                or token in table.acronyms or token in table.words or token in self.vocabulary
                or any(rule.token == token for rule in table.contextual))


def expand_descriptor(code, descriptor, vocabulary, table=None) -> Expansion:
    """The full name of a short descriptor, every abbreviation replaced from the curated table.

    `vocabulary` is a set of lower-case ordinary words (see `vocabulary_from_hcpcs`). `full_name` is None when
    any token is ambiguous or unknown; `unresolved` then lists them. When nothing needed expanding, the full name
    is the descriptor itself with a capital letter (`expanded` is empty), and a page need not show it twice.
    """
    table = table or load_abbreviations()
    resolver = _Resolver(code, vocabulary, table)
    words = []
    for token in (descriptor or "").split():
        lead, core, trail = _split(token)
        before = len(resolver.expanded)
        text = resolver.core(core)
        if text is None:
            continue
        if trail.startswith(".") and len(resolver.expanded) > before:
            trail = trail[1:]  # the abbreviation's own full stop ("inj." → "injection")
        words.append(f"{lead}{text}{trail}")
    if resolver.unresolved or not words:
        return Expansion(None, resolver.expanded, resolver.unresolved, False, resolver.readings)
    full_name = " ".join(words)
    return Expansion(full_name[0].upper() + full_name[1:], resolver.expanded, [], True, resolver.readings)
