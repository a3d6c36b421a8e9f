"""The in-memory search index over one PFS release and one HCPCS release, and its ranking.

Built from the search documents (openrvu.services.search_documents) in Python, so the ranking is the same on
SQLite and PostgreSQL. Scoring is BM25F: each field has a weight, a word's weighted frequency is saturated
(k1) and length-normalised per field (b), and multiplied by the word's inverse document frequency; the words a
field's text implies (its synonyms, the numbers inside its ranges) count in that field at a lower weight, and
each document's scores are weighted by what kind of code it is (kind_weight). A query is a list of concepts (a
word, with its typo corrections or completions as weaker alternatives); a document's score is the sum of its
best alternative per concept, times the cube of the share of the query's idf it covers, so that documents with
every concept come first, with bonuses for query words side by side and for a whole name said. Ties go to the
lower code.

Pure Python; no Django.
"""

import bisect
import heapq
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .search_text import fold, tokenize

# Field weights: the official descriptors and the names first, then what is said about the code.
FIELD_WEIGHTS = {
    "code": 6.0,
    "short_descriptor": 3.0,
    "long_descriptor": 2.5,
    "full_name": 2.5,
    "authored_name": 2.5,
    "also_known_as": 2.0,
    "expansions": 2.5,
    "plain_language": 1.2,
    "readings": 1.0,
    "categories": 1.0,
}
# Lists of names (synonyms, other names, expansions, the category path) are not length-normalised: a code with
# many synonyms is not less about each of them. Running text is (b), against the average length of that field
# over the codes that have it.
LISTS = {"code", "also_known_as", "expansions", "readings", "categories"}
# The fields read: those scored, and the synonym list (for snippets and the phrase bonus; its phrases are scored
# as words of the fields that called for them).
TEXT_FIELDS = (*FIELD_WEIGHTS, "synonyms")
# A synonym phrase counts as a word of the field whose text called for it, at this share of that field's weight
# and with that field's length: "Cholecystectomy" is found by "gallbladder removal" much as "Removal of
# gallbladder" is (a little less: the code's own words come first), and a synonym called for by a CMS
# descriptor counts for more than one called for by plain-language text.
SYNONYM_WEIGHT = 0.6
# A range of whole numbers in a text ("40-64", "3-10 min") implies the numbers inside it, at SYNONYM_WEIGHT.
NUMBER_RANGE = re.compile(r"(?<![\w.])(\d{1,3}) ?- ?(\d{1,3})(?![\d.])")
MAX_RANGE = 100
SYNONYM_SOURCES = {"short_descriptor", "long_descriptor", "full_name", "authored_name", "also_known_as",
                   "plain_language", "expansions", "categories"}
K1 = 1.2
B = 0.75
TYPO_WEIGHT = 0.85
MAX_TYPO_READINGS = 3  # a misspelt word is read as each of the closest words (the most common first), at most 3
COMPLETION_WEIGHT = 0.8
PIECE_WEIGHT = 0.6
SHORTENED_WEIGHT = 0.7  # a query word also matches the shortened forms CMS short descriptors write it in
MAX_SHORT_FORMS = 6
MAX_COMPLETIONS = 12
PHRASE_BONUS = 0.5  # a document with every adjacent pair of query words side by side scores 1.5 times
COVERAGE_POWER = 3
# A document whose whole name (NAME_FIELDS, or one of its other names) the query says scores NAME_BONUS more:
# "oxygen concentrator" is the code named just that before the portable one, "EKG" the code people call the EKG
# before the screening EKG of a welcome visit. Checked among the NAME_BONUS_DEPTH best.
NAME_FIELDS = ("short_descriptor", "full_name", "authored_name")
OTHER_NAMES = "also_known_as"  # a list of names joined by "; "
NAME_BONUS = 0.25
NAME_BONUS_DEPTH = 100
# What kind of code it is (kind_weight): a description search is seldom after a quality-reporting code or a
# code Medicare does not use, and names the operation, not its anesthesia. The statuses are the PFS status
# indicators (RVUPUF26, ../shared/data/docs/RVUPUF26.md): M measurement codes, "used for reporting purposes
# only"; I not valid for Medicare purposes (Medicare uses another code); C contractor-priced (mostly temporary
# codes for new technology); J anesthesia services, named after the procedure they are for.
STATUS_WEIGHTS = {"M": 0.4, "I": 0.75, "C": 0.85, "J": 0.8}
# Codes the PFS file does not list, by their HCPCS Level II record (HCPC2026_recordlayout.txt): BETOS class Z2,
# the class of 916 of the 1,220 status-M G and M codes of the 2026 PFS file (and of 265 G and 41 M codes that the
# PFS file does not list); coverage code I, "not payable by Medicare"; and C codes, temporary codes for the
# hospital outpatient prospective payment system (see the hcpcs-c category and its source), which sit beside
# the CPT code a physician reports.
UNPRICED_Z2_WEIGHT = 0.5
OPPS_ONLY_WEIGHT = 0.8
# The base code of an endoscopy family (the PFS file's endoscopic base code column names it for each member):
# the plain diagnostic scope, which a search naming only the scope is most likely after.
ENDOSCOPY_BASE_WEIGHT = 1.15
# A replacement part, accessory or attachment (a HCPCS code whose long descriptor says so) ranks below the item
# itself ("walking cane" finds the cane before its replacement tip), unless the query asks for one.
PART_WEIGHT = 0.8
PART_WORDS = re.compile(r"\b(replacement|accessory|attachment)\b", re.IGNORECASE)
PART_TERMS = frozenset(token.term for token in tokenize("replacement replace accessory accessories attachment attach "
                                                         "part parts", ()))
# A G or M code for use only within a CMS payment model or demonstration (a CMMI model, BPCI Advanced, MDPP, a
# "Medicare-approved demonstration project": its HCPCS long descriptor says so) ranks below the codes everyone else
# bills for the same service ("new patient visit" finds the office visit before a BPCI Advanced remote visit).
MODEL_ONLY_WEIGHT = 0.75
MODEL_WORDS = re.compile(r"\b(cmmi|demonstration|innovation center|model)\b", re.IGNORECASE)
# A catch-all code (a HCPCS code whose long descriptor says unlisted, miscellaneous, not otherwise classified or
# unclassified: "Unlisted ambulance service") ranks below the specific codes of its kind ("ambulance ride" finds the
# ambulance services first), unless the query asks for one.
CATCH_ALL_WEIGHT = 0.8
CATCH_ALL_WORDS = re.compile(r"\b(unlisted|miscellaneous|not otherwise classified|unclassified)\b", re.IGNORECASE)
CATCH_ALL_TERMS = frozenset(token.term for token in tokenize("unlisted miscellaneous other otherwise classified "
                                                              "unclassified noc", ()))
# The kinds of code above that count less unless the query asks for one: (long-descriptor words, asking terms, weight).
UNLESS_ASKED = ((PART_WORDS, PART_TERMS, PART_WEIGHT), (CATCH_ALL_WORDS, CATCH_ALL_TERMS, CATCH_ALL_WEIGHT))
TERMINATED_WEIGHT = 0.5  # HCPCS codes terminated by the date of service rank below current ones
EXACT_CODE_BONUS = 1000.0
PREFIX_SCORE = 100.0
# Ranking is term at a time over each word's postings, best score first. For a word in more than CAP documents
# only its CAP best documents become candidates; every candidate still gets its exact score for every word.
CAP = 600
# Candidates come from the rarest words of the query until they make up this share of its idf; the commoner
# words only add to their scores. A document without any of the rarer words covers at most the rest.
CANDIDATE_SHARE = 0.7


@dataclass
class Document:
    code: str
    system: str
    status: str
    modifiers: tuple
    terminated: object  # date or None
    category_path: list  # [{"slug", "name"}]
    fields: dict  # field name → text
    endoscopy_base: bool = False  # the base code of an endoscopy family (PFS endo_base of other codes)
    coverage: str = ""  # HCPCS Level II coverage code (C, D, I, M, S), "" for codes not in the HCPCS file
    betos: str = ""  # HCPCS Level II BETOS class


@dataclass(frozen=True)
class Concept:
    text: str  # as the user wrote it
    alternatives: tuple  # ((term, weight), ...)
    idf: float
    correction: str | None = None  # the word the typo was read as


class SearchIndex:
    def __init__(self, documents, synonyms_of=lambda text: ()):
        """`synonyms_of(text)` gives the synonym phrases a text calls for (services.search passes the table of
        openrvu/content/search/synonyms.yaml); each phrase's words count as words of the field whose text called
        for it, at SYNONYM_WEIGHT (see _read)."""
        self.documents = sorted(documents, key=lambda d: d.code)
        self.by_code = {d.code: i for i, d in enumerate(self.documents)}
        self.codes = [d.code for d in self.documents]
        frequencies, lengths, written = self._read(synonyms_of)
        self._score(frequencies, lengths)
        self._word_lists(frequencies, written)
        self.terminated = {n: d.terminated for n, d in enumerate(self.documents) if d.terminated}
        # (documents, weight, the query terms that ask for them): parts and accessories, catch-all codes
        self.unless_asked = [(frozenset(n for n, d in enumerate(self.documents)
                                        if words.search(d.fields.get("long_descriptor") or "")), weight, asking)
                             for words, asking, weight in UNLESS_ASKED]
        self.corrections = {}
        self.short_forms = {}
        self.filters = {}  # (filter, value) → document numbers, filled by services.search

    def _read(self, synonyms_of):
        """Tokenize every field of every document: ([{term: {field: count}}], [{field: tokens}], {word as written:
        its term}); fills field_terms (for snippets) and pairs (for the phrase bonus). The words a field's
        text implies (_implied_terms) count once each in that field's counterpart, (field, "~")."""
        self.field_terms = []  # per document: {field: frozenset of its terms}, for snippets
        self.other_names = {}  # document → (frozenset of each other name's terms, ...), for the name bonus
        self.pairs = {}  # "word next" → documents with the two words side by side in one field
        term_sets, tokenized, implied = {}, {}, {}  # texts recur from code to code
        frequencies, lengths, written = [], [], {}
        for number, document in enumerate(self.documents):
            counts, sizes, terms_of = {}, {}, {}
            for name in TEXT_FIELDS:
                text = document.code.lower() if name == "code" else document.fields.get(name) or ""
                if text not in tokenized:
                    tokenized[text] = tokenize(text, () if name == "code" else None)
                    _note_written(text, tokenized[text], written)
                tokens = tokenized[text]
                if not tokens:
                    continue
                if text not in term_sets:
                    term_sets[text] = frozenset(token.term for token in tokens)
                terms_of[name] = term_sets[text]
                self._add_pairs(number, tokens)
                if name not in FIELD_WEIGHTS:
                    continue
                sizes[name] = len(tokens)
                for token in tokens:
                    per_field = counts.setdefault(token.term, {})
                    per_field[name] = per_field.get(name, 0) + 1
                if name in SYNONYM_SOURCES:
                    if text not in implied:
                        implied[text] = _implied_terms(text, synonyms_of) - term_sets[text]
                    for term in implied[text]:
                        counts.setdefault(term, {})[name, "~"] = 1
            frequencies.append(counts)
            lengths.append(sizes)
            self.field_terms.append(terms_of)
            if document.fields.get(OTHER_NAMES):
                names = (phrase_terms(name.strip()) for name in document.fields[OTHER_NAMES].split(";"))
                self.other_names[number] = tuple(name for name in names if name)
        self.pairs = {pair: frozenset(numbers) for pair, numbers in self.pairs.items()}
        return frequencies, lengths, written

    def _add_pairs(self, number, tokens):
        previous = {}
        for token in tokens:
            for before in previous.get(token.position - 1, ()):
                self.pairs.setdefault(before + " " + token.term, set()).add(number)
            previous.setdefault(token.position, []).append(token.term)

    def _score(self, frequencies, lengths):
        """The postings: each term's BM25F score in each document (see the module docstring)."""
        totals = {}  # field → [tokens, documents with the field]
        for sizes in lengths:
            for name, size in sizes.items():
                total = totals.setdefault(name, [0, 0])
                total[0] += size
                total[1] += 1
        average = {name: max(tokens / documents, 1.0) for name, (tokens, documents) in totals.items()}
        document_frequency = {}
        for counts in frequencies:
            for term in counts:
                document_frequency[term] = document_frequency.get(term, 0) + 1
        total = max(len(self.documents), 1)
        self.idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term, df in document_frequency.items()}
        postings = {}
        for number, counts in enumerate(frequencies):
            sizes, prior = lengths[number], kind_weight(self.documents[number])
            for term, per_field in counts.items():
                weighted = sum(_field_weight(name) * count / _length_norm(name, sizes, average)
                               for name, count in per_field.items())
                score = self.idf[term] * weighted * (K1 + 1) / (weighted + K1) * prior
                postings.setdefault(term, []).append((number, score))
        self.postings = {}  # term → {number: score}, best first
        self.top = {}  # term → the numbers of its CAP best documents, for the words in more than CAP documents
        for term, found in postings.items():
            found.sort(key=lambda item: (-item[1], item[0]))
            self.postings[term] = dict(found)
            if len(found) > CAP:
                self.top[term] = frozenset(number for number, _ in found[:CAP])

    def _word_lists(self, frequencies, written):
        """The word lists that read a query: shortened forms, completions, typo readings."""
        spelled_out = {term for counts in frequencies for term, per_field in counts.items()
                       if per_field.keys() - {"short_descriptor", "code"}}
        self.shortened = {}  # first letter → words found only in CMS short descriptors (their own abbreviations)
        for term in sorted(self.idf.keys() - spelled_out):
            if term.isalpha() and len(term) >= 3:
                self.shortened.setdefault(term[0], []).append((term, frozenset(term)))
        self.vocabulary = sorted(term for term in self.idf if term.isalpha() and len(term) >= 3)
        self.written = written  # each word as written in the index → its term
        self.by_length = {}  # length → words as written, for typo readings
        for word in sorted(self.written):
            self.by_length.setdefault(len(word), []).append(word)
        self.max_idf = max(self.idf.values(), default=1.0)

    # --- reading the query -------------------------------------------------------------------------------------

    def concepts(self, text, complete_last=True):
        """The query's concepts: each word with its alternatives (typo corrections, completions, pieces)."""
        tokens = tokenize(text)
        by_position = {}
        for token in tokens:
            by_position.setdefault(token.position, []).append(token)
        concepts = []
        last = max(by_position, default=None)
        for position, group in sorted(by_position.items()):
            primary = next(t for t in group if t.primary)
            original = text[primary.start:primary.end]
            alternatives, correction = self._alternatives(primary.term, fold(original),
                                                          complete_last and position == last)
            idf = max((self.idf[term] for term, _ in alternatives), default=None)
            word = primary.term if primary.term in self.idf else alternatives[0][0] if correction else None
            if word and len(word) >= 6 and word.isalpha():  # a known word (or a typo's reading), not a prefix
                known = dict(alternatives)
                # a shortened form counts with the word's idf, not its own (rarer, as each form is spelled few ways)
                alternatives += [(form, SHORTENED_WEIGHT * known[word] * min(1.0, self.idf[word] / self.idf[form]))
                                 for form in self._short_forms(word) if form not in known]
            for piece in (t for t in group if not t.primary):
                if piece.term in self.idf:
                    alternatives.append((piece.term, PIECE_WEIGHT))
            if not alternatives:
                concepts.append(Concept(original, (), self.max_idf))
                continue
            if idf is None:
                idf = max(self.idf[term] for term, _ in alternatives)
            concepts.append(Concept(original, tuple(dict(alternatives).items()), idf, correction))
        return concepts

    def _alternatives(self, term, written, last):
        """A query word's alternatives and, for a typo, the word it was read as. `term` is the word as the
        tokenizer gives it, `written` as the user wrote it (lower-case): typos are read against the words as
        written in the index ("extration" is one letter from "extraction", not from "extra")."""
        if term in self.idf:
            return [(term, 1.0)], None
        if not term.isalpha() or len(term) < 3:
            return [], None
        completions = self._completions(term) if last else []
        if completions:
            return [(c, COMPLETION_WEIGHT) for c in completions], None
        readings = self._correct(written if written.isalpha() else term)
        if readings:
            terms = dict.fromkeys(self.written[word] for word in readings)
            return [(reading, TYPO_WEIGHT) for reading in terms], readings[0]
        return [], None

    def _short_forms(self, word):
        """The words of the index that CMS short descriptors alone use and that read as `word` shortened: same
        first letter and the letters in order, either the word's start ("compr", "maxill"; four letters or more,
        or three of a four-letter word: "kne") or at least 60 % of its letters ("mnisectmy" for meniscectomy,
        "brst" for breast, "ultrsnd" for ultrasound); the longest first, cached."""
        if word not in self.short_forms:
            if len(self.short_forms) > 10_000:
                self.short_forms.clear()
            letters = set(word)
            found = []
            for term, term_letters in self.shortened.get(word[0], ()):
                if len(term) >= len(word) or not term_letters <= letters:
                    continue
                if word.startswith(term):
                    if len(term) >= 4 or len(term) >= 0.6 * len(word):
                        found.append(term)
                elif len(term) >= 4 and len(term) >= 0.6 * len(word) and _in_order(term, word):
                    found.append(term)
            found.sort(key=lambda term: (-len(term), term))  # the least shortened first
            self.short_forms[word] = tuple(found[:MAX_SHORT_FORMS])
        return self.short_forms[word]

    def _completions(self, prefix):
        start = bisect.bisect_left(self.vocabulary, prefix)
        found = []
        for term in self.vocabulary[start:]:
            if not term.startswith(prefix):
                break
            found.append(term)
        found.sort(key=lambda t: (-len(self.postings[t]), t))
        return found[:MAX_COMPLETIONS]

    def _correct(self, term):
        """The closest words of the index (cached): see _closest."""
        if term not in self.corrections:
            if len(self.corrections) > 10_000:
                self.corrections.clear()
            self.corrections[term] = self._closest(term)
        return self.corrections[term]

    def _closest(self, term):
        """The words as written in the index closest to a word it does not hold: one edit for words of up to seven
        letters (two would read "putting" as "pulling"), two for longer ones, a swap of two neighbouring letters
        counting as one edit; the nearest first and, among equally near ones those with the same first letter, then
        the most common; at most MAX_TYPO_READINGS of the nearest."""
        if len(term) < 4:
            return ()
        allowed = 1 if len(term) <= 7 else 2
        matches = []
        for n in range(len(term) - allowed, len(term) + allowed + 1):
            matches += process.extract(term, self.by_length.get(n, ()), scorer=OSA.distance, score_cutoff=allowed,
                                       limit=None)
        if not matches:
            return ()
        key = lambda m: (m[1], m[0][0] != term[0], -len(self.postings[self.written[m[0]]]), m[0])
        matches.sort(key=key)
        nearest = key(matches[0])[:2]
        return tuple(m[0] for m in matches if key(m)[:2] == nearest)[:MAX_TYPO_READINGS]

    # --- ranking ------------------------------------------------------------------------------------------------

    def rank(self, concepts, accept=None, code_hits=(), on=None, limit=None):
        """([(document number, score)] best first, how many matched). `accept` is a set of document numbers
        (None: all), `code_hits` exact codes; codes terminated by `on` count TERMINATED_WEIGHT; `limit` keeps
        only the best."""
        empty = {}
        candidates, sources, share = set(), set(), 0.0
        whole = sum(concept.idf for concept in concepts) or 1.0
        for concept in sorted(concepts, key=lambda c: -c.idf):  # the rarest words first
            if share >= CANDIDATE_SHARE * whole:
                break  # a document with none of these words covers under 30 % of the query: it cannot rank high
            sources.add(id(concept))
            share += concept.idf
            for term, _ in concept.alternatives:
                candidates.update(self.top.get(term) or self.postings.get(term, empty).keys())
        if accept is not None:
            candidates &= accept
        totals, covered = {}, {}
        for concept in concepts:
            best, owned = None, False
            for term, weight in concept.alternatives:
                found = self.postings.get(term, empty)
                if accept is not None or term in self.top or id(concept) not in sources:  # only candidates count
                    found = {number: found[number] for number in candidates.intersection(found)}
                if weight != 1.0:
                    found = {number: score * weight for number, score in found.items()}
                if best is None:
                    best = found
                    continue
                if not owned:  # `best` may be a posting list itself: copy it before changing it
                    best, owned = dict(best), True
                for number, score in found.items():
                    if score > best.get(number, 0.0):
                        best[number] = score
            if not best:
                continue
            idf = concept.idf
            for number, score in best.items():
                if number in totals:
                    totals[number] += score
                    covered[number] += idf
                else:
                    totals[number] = score
                    covered[number] = idf
        scores = {number: total * (covered[number] / whole) ** COVERAGE_POWER
                  for number, total in totals.items() if total}
        pairs = [(a.alternatives[0][0], b.alternatives[0][0]) for a, b in zip(concepts, concepts[1:])
                 if a.alternatives and b.alternatives]
        for first, second in pairs:
            together = self.pairs.get(first + " " + second, ())
            for number in (together & scores.keys() if len(together) > len(scores) else together):
                if number in scores:
                    scores[number] *= 1 + PHRASE_BONUS / len(pairs)
        if on is not None:
            for number in self.terminated.keys() & scores.keys():
                if self.terminated[number] <= on:
                    scores[number] *= TERMINATED_WEIGHT
        if concepts:
            terms = {term for concept in concepts for term, _ in concept.alternatives}
            for numbers, weight, asking in self.unless_asked:
                if not terms & asking:
                    for number in numbers & scores.keys():
                        scores[number] *= weight
            self._name_bonus(scores, terms)
        for code in code_hits:
            number = self.by_code.get(code)
            if number is not None and (accept is None or number in accept):
                scores[number] = scores.get(number, 0.0) + EXACT_CODE_BONUS
        keyed = [(score, -number) for number, score in scores.items()]  # ties: the lower code first
        keyed = heapq.nlargest(limit, keyed) if limit is not None else sorted(keyed, reverse=True)
        return [(-negative, score) for score, negative in keyed], len(scores)

    def _name_bonus(self, scores, terms):
        """Raise the best-scored documents whose whole name the query says: every word of the short
        descriptor, the full name, openrvu's name or one of the code's other names is one of the query's words (or
        their readings)."""
        for number, _ in heapq.nlargest(NAME_BONUS_DEPTH, scores.items(), key=lambda item: item[1]):
            fields = self.field_terms[number]
            if any(name in fields and fields[name] <= terms for name in NAME_FIELDS) or \
                    any(name <= terms for name in self.other_names.get(number, ())):
                scores[number] *= 1 + NAME_BONUS

    def numbers(self, test):
        """The set of document numbers for which test(document) holds (cached per test key by the caller)."""
        return {number for number, document in enumerate(self.documents) if test(document)}

    def prefix(self, prefix, accept=None):
        """Every document whose code starts with `prefix`, in code order."""
        start = bisect.bisect_left(self.codes, prefix)
        found = []
        for number in range(start, len(self.codes)):
            if not self.codes[number].startswith(prefix):
                break
            if accept is None or number in accept:
                found.append(number)
        return [(number, PREFIX_SCORE / (1 + rank / 100)) for rank, number in enumerate(found)]


def kind_weight(document):
    """How much a code's scores count, from what kind of code it is (STATUS_WEIGHTS and the rules above)."""
    weight = _kind_weight(document)
    if document.code[0] in "GM" and MODEL_WORDS.search(document.fields.get("long_descriptor") or ""):
        weight *= MODEL_ONLY_WEIGHT
    return weight


def _kind_weight(document):
    if document.endoscopy_base:
        return ENDOSCOPY_BASE_WEIGHT
    if document.status:
        return STATUS_WEIGHTS.get(document.status, 1.0)
    if document.betos == "Z2":
        return UNPRICED_Z2_WEIGHT
    if document.coverage == "I":
        return STATUS_WEIGHTS["I"]
    if document.code.startswith("C"):
        return OPPS_ONLY_WEIGHT
    return 1.0


def _field_weight(name):
    if isinstance(name, tuple):  # (field, "~"): the synonyms its text called for
        return FIELD_WEIGHTS[name[0]] * SYNONYM_WEIGHT
    return FIELD_WEIGHTS[name]


def _length_norm(name, sizes, average):
    if isinstance(name, tuple):
        name = name[0]
    if name in LISTS:
        return 1.0
    return 1 - B + B * sizes[name] / average[name]


def _note_written(text, tokens, written):
    """Note each word of a text as written (lower case, letters only, three or more) with its term: typos are
    read against these."""
    for token in tokens:
        word = fold(text[token.start:token.end])
        if token.primary and word.isalpha() and len(word) >= 3:
            written[word] = token.term


def _implied_terms(text, synonyms_of):
    """The words a text implies without saying them: those of the synonym phrases it calls for, and the whole
    numbers inside a range it gives ("age 40-64" implies 41 to 63, so "age 50" finds it)."""
    terms = {term for phrase in synonyms_of(text) for term in phrase_terms(phrase)}
    for low, high in NUMBER_RANGE.findall(text):
        if int(low) < int(high) <= int(low) + MAX_RANGE:
            terms.update(str(number) for number in range(int(low) + 1, int(high)))
    return frozenset(terms)


@lru_cache(maxsize=20_000)
def phrase_terms(phrase):
    """The terms of a synonym phrase (cached: the same phrases recur across codes and queries)."""
    return frozenset(token.term for token in tokenize(phrase))


def _in_order(short, word):
    """Whether the letters of `short` occur in `word` in the same order."""
    rest = iter(word)
    return all(letter in rest for letter in short)
