"""The in-memory search index over one PFS release and one HCPCS release, and its ranking.

Built from the search documents (openrvu.services.search_documents) in Python, so the ranking is the same on
SQLite and PostgreSQL. Scoring is BM25F: each field has a weight, a word's weighted frequency is saturated
(k1) and length-normalised per field (b), and multiplied by the word's inverse document frequency. A query is a
list of concepts (a word, with its typo corrections or completions as weaker alternatives); a document's score
is the sum of its best alternative per concept, times the square of the share of the query's idf it covers, so
that documents with every concept come first. Ties go to the lower code.

Pure Python; no Django.
"""

import bisect
import heapq
import math
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .search_text import tokenize

# Field weights: the official descriptors and the names first, then what is said about the code.
FIELD_WEIGHTS = {
    "code": 6.0,
    "short_descriptor": 3.0,
    "long_descriptor": 2.5,
    "full_name": 2.5,
    "authored_name": 2.5,
    "also_known_as": 2.0,
    "expansions": 1.5,
    "synonyms": 2.0,
    "plain_language": 0.8,
    "categories": 0.4,
}
K1 = 1.2
B = 0.75
TYPO_WEIGHT = 0.85
COMPLETION_WEIGHT = 0.8
PIECE_WEIGHT = 0.6
MAX_COMPLETIONS = 12
PHRASE_BONUS = 0.5  # a document with every adjacent pair of query words side by side scores 1.5 times
COVERAGE_POWER = 3
MEASURE_WEIGHT = 0.6
TERMINATED_WEIGHT = 0.5  # HCPCS codes terminated by the date of service rank below current ones  # status M: quality-reporting codes, rarely what a description search is after
EXACT_CODE_BONUS = 1000.0
PREFIX_SCORE = 100.0


@dataclass
class Document:
    code: str
    system: str
    status: str
    modifiers: tuple
    terminated: object  # date or None
    category_path: list  # [{"slug", "name"}]
    fields: dict  # field name → text
    names: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Concept:
    text: str  # as the user wrote it
    alternatives: tuple  # ((term, weight), ...)
    idf: float
    correction: str | None = None  # the word the typo was read as


class SearchIndex:
    def __init__(self, documents):
        self.documents = sorted(documents, key=lambda d: d.code)
        self.by_code = {d.code: i for i, d in enumerate(self.documents)}
        self.codes = [d.code for d in self.documents]
        self.tokens = []  # per document: {field: [Token]}
        frequencies = []  # per document: {term: {field: count}}
        lengths = {name: 0 for name in FIELD_WEIGHTS}
        tokenized = {}  # text → tokens: many texts (categories, synonym lists) recur from code to code
        for document in self.documents:
            fields = {"code": tokenize(document.code.lower(), ())}
            counts = {}
            for name in FIELD_WEIGHTS:
                if name == "code":
                    tokens = fields["code"]
                else:
                    text = document.fields.get(name) or ""
                    if text not in tokenized:
                        tokenized[text] = tokenize(text)
                    tokens = fields[name] = tokenized[text]
                lengths[name] += len(tokens)
                for token in tokens:
                    counts.setdefault(token.term, {}).setdefault(name, 0)
                    counts[token.term][name] += 1
            self.tokens.append(fields)
            frequencies.append(counts)
        total = max(len(self.documents), 1)
        average = {name: max(lengths[name] / total, 1.0) for name in FIELD_WEIGHTS}
        document_frequency = {}
        for counts in frequencies:
            for term in counts:
                document_frequency[term] = document_frequency.get(term, 0) + 1
        self.idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term, df in document_frequency.items()}
        self.pairs = {}  # "word next" → documents with the two words side by side in one field
        for number, fields in enumerate(self.tokens):
            for tokens in fields.values():
                previous = {}
                for token in tokens:
                    for before in previous.get(token.position - 1, ()):
                        self.pairs.setdefault(before + " " + token.term, set()).add(number)
                    previous.setdefault(token.position, []).append(token.term)
        self.postings = {}
        for number, counts in enumerate(frequencies):
            fields = self.tokens[number]
            for term, per_field in counts.items():
                weighted = sum(FIELD_WEIGHTS[name] * count / (1 - B + B * len(fields[name]) / average[name])
                               for name, count in per_field.items())
                score = self.idf[term] * weighted * (K1 + 1) / (weighted + K1)
                self.postings.setdefault(term, []).append((number, score))
        self.vocabulary = sorted(term for term in self.idf if term.isalpha() and len(term) >= 3)
        self.by_length = {}
        for term in self.vocabulary:
            self.by_length.setdefault(len(term), []).append(term)
        self.max_idf = max(self.idf.values(), default=1.0)
        self.measures = {n for n, d in enumerate(self.documents) if d.status == "M"}
        self.terminated = {n: d.terminated for n, d in enumerate(self.documents) if d.terminated}
        self.by_start = {}  # (first letter, length) → words, for typo correction
        for term in self.vocabulary:
            self.by_start.setdefault((term[0], len(term)), []).append(term)
        self.corrections = {}
        self.filters = {}  # (filter, value) → document numbers, filled by services.search

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
            alternatives, correction = self._alternatives(primary.term, complete_last and position == last)
            for piece in (t for t in group if not t.primary):
                if piece.term in self.idf:
                    alternatives.append((piece.term, PIECE_WEIGHT))
            if not alternatives:
                concepts.append(Concept(original, (), self.max_idf))
                continue
            idf = max(self.idf[term] for term, _ in alternatives)
            concepts.append(Concept(original, tuple(dict(alternatives).items()), idf, correction))
        return concepts

    def _alternatives(self, term, last):
        if term in self.idf:
            return [(term, 1.0)], None
        if not term.isalpha() or len(term) < 3:
            return [], None
        completions = self._completions(term) if last else []
        if completions:
            return [(c, COMPLETION_WEIGHT) for c in completions], None
        corrected = self._correct(term)
        if corrected:
            return [(corrected, TYPO_WEIGHT)], corrected
        return [], None

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
        """The closest word of the index: one edit for words of up to 7 letters, two for longer ones; among
        equally close words the most common. Words with the same first letter are tried first."""
        if term not in self.corrections:
            if len(self.corrections) > 10_000:
                self.corrections.clear()
            self.corrections[term] = self._closest(term)
        return self.corrections[term]

    def _closest(self, term):
        if len(term) < 4:
            return None
        allowed = 1 if len(term) <= 7 else 2
        lengths = range(len(term) - allowed, len(term) + allowed + 1)
        for candidates in ([w for n in lengths for w in self.by_start.get((term[0], n), ())],
                           [w for n in lengths for w in self.by_length.get(n, ()) if w[0] != term[0]]):
            matches = process.extract(term, candidates, scorer=Levenshtein.distance, score_cutoff=allowed,
                                      limit=None)
            if matches:
                return min(matches, key=lambda m: (m[1], -len(self.postings[m[0]]), m[0]))[0]
        return None

    # --- ranking ------------------------------------------------------------------------------------------------

    def rank(self, concepts, accept=None, code_hits=(), on=None, limit=None):
        """([(document number, score)] best first, how many matched). `accept` is a set of document numbers
        (None: all), `code_hits` exact codes; codes terminated by `on` count TERMINATED_WEIGHT; `limit` keeps
        only the best."""
        totals, covered = {}, {}
        for concept in concepts:
            best = {}
            for term, weight in concept.alternatives:
                for number, score in self.postings.get(term, ()):
                    score *= weight
                    if score > best.get(number, 0.0):
                        best[number] = score
            idf = concept.idf
            for number, score in best.items():
                totals[number] = totals.get(number, 0.0) + score
                covered[number] = covered.get(number, 0.0) + idf
        if accept is not None:
            totals = {number: total for number, total in totals.items() if number in accept}
        whole = sum(concept.idf for concept in concepts) or 1.0
        scores = {number: total * (covered[number] / whole) ** COVERAGE_POWER for number, total in totals.items()}
        pairs = [(a.alternatives[0][0], b.alternatives[0][0]) for a, b in zip(concepts, concepts[1:])
                 if a.alternatives and b.alternatives]
        for first, second in pairs:
            for number in self.pairs.get(first + " " + second, ()):
                if number in scores:
                    scores[number] *= 1 + PHRASE_BONUS / len(pairs)
        for number in self.measures.intersection(scores):
            scores[number] *= MEASURE_WEIGHT
        if on is not None:
            for number in self.terminated.keys() & scores.keys():
                if self.terminated[number] <= on:
                    scores[number] *= TERMINATED_WEIGHT
        for code in code_hits:
            number = self.by_code.get(code)
            if number is not None and (accept is None or number in accept):
                scores[number] = scores.get(number, 0.0) + EXACT_CODE_BONUS
        key = lambda item: (-item[1], item[0])
        items = scores.items()
        ranked = heapq.nsmallest(limit, items, key=key) if limit is not None else sorted(items, key=key)
        return ranked, len(scores)

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
