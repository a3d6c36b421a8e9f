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
from rapidfuzz.distance import OSA

from .search_text import tokenize

# Field weights: the official descriptors and the names first, then what is said about the code.
FIELD_WEIGHTS = {
    "code": 6.0,
    "short_descriptor": 3.0,
    "long_descriptor": 2.5,
    "full_name": 2.5,
    "authored_name": 2.5,
    "also_known_as": 2.0,
    "expansions": 2.5,
    "synonyms": 2.0,
    "plain_language": 1.2,
    "categories": 0.4,
}
# Lists of names (synonyms, other names, expansions, the category path) are not length-normalised: a code with
# many synonyms is not less about each of them. Running text is (b), against the average length of that field
# over the codes that have it.
LISTS = {"code", "also_known_as", "expansions", "synonyms", "categories"}
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
# PFS status indicators that say a code is seldom what a description search is after: M quality-reporting codes,
# I codes not valid for Medicare (another code is used instead), C carrier-priced codes (mostly temporary codes
# for emerging technology).
STATUS_WEIGHTS = {"M": 0.6, "I": 0.75, "C": 0.85}
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
        self.field_terms = []  # per document: {field: frozenset of its terms}, for snippets
        term_sets = {}  # text → frozenset of terms, shared by the documents with the same text
        frequencies = []  # per document: {term: {field: count}}
        lengths = []  # per document: {field: tokens}
        totals = {name: [0, 0] for name in FIELD_WEIGHTS}  # field → [tokens, documents with the field]
        tokenized = {}  # text → tokens: many texts (categories, synonym lists) recur from code to code
        surfaces = {}  # term → {word as written: count}
        self.pairs = {}  # "word next" → documents with the two words side by side in one field
        for number, document in enumerate(self.documents):
            counts, sizes, terms_of = {}, {}, {}
            for name in FIELD_WEIGHTS:
                text = document.code.lower() if name == "code" else document.fields.get(name) or ""
                if text not in tokenized:
                    tokenized[text] = tokenize(text, () if name == "code" else None)
                    for token in tokenized[text]:
                        if token.primary:
                            word = text[token.start:token.end].lower()
                            surfaces.setdefault(token.term, {}).setdefault(word, 0)
                            surfaces[token.term][word] += 1
                tokens = tokenized[text]
                if tokens:
                    if text not in term_sets:
                        term_sets[text] = frozenset(token.term for token in tokens)
                    terms_of[name] = term_sets[text]
                    sizes[name] = len(tokens)
                    totals[name][0] += len(tokens)
                    totals[name][1] += 1
                previous = {}
                for token in tokens:
                    counts.setdefault(token.term, {}).setdefault(name, 0)
                    counts[token.term][name] += 1
                    for before in previous.get(token.position - 1, ()):
                        self.pairs.setdefault(before + " " + token.term, set()).add(number)
                    previous.setdefault(token.position, []).append(token.term)
            frequencies.append(counts)
            lengths.append(sizes)
            self.field_terms.append(terms_of)
        self.pairs = {pair: frozenset(numbers) for pair, numbers in self.pairs.items()}
        total = max(len(self.documents), 1)
        average = {name: max(tokens / (documents or 1), 1.0) for name, (tokens, documents) in totals.items()}
        document_frequency = {}
        for counts in frequencies:
            for term in counts:
                document_frequency[term] = document_frequency.get(term, 0) + 1
        self.idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term, df in document_frequency.items()}
        status_weight = [STATUS_WEIGHTS.get(d.status, 1.0) for d in self.documents]
        postings = {}
        for number, counts in enumerate(frequencies):
            sizes = lengths[number]
            for term, per_field in counts.items():
                weighted = sum(FIELD_WEIGHTS[name] * count / (1 if name in LISTS else
                                                              1 - B + B * sizes[name] / average[name])
                               for name, count in per_field.items())
                score = self.idf[term] * weighted * (K1 + 1) / (weighted + K1) * status_weight[number]
                postings.setdefault(term, []).append((number, score))
        self.postings = {}  # term → {number: score}, best first
        self.top = {}  # term → the numbers of its CAP best documents, for the words in more than CAP documents
        for term, found in postings.items():
            found.sort(key=lambda item: (-item[1], item[0]))
            self.postings[term] = dict(found)
            if len(found) > CAP:
                self.top[term] = frozenset(number for number, _ in found[:CAP])
        spelled_out = {term for counts in frequencies for term, per_field in counts.items()
                       if per_field.keys() - {"short_descriptor", "code"}}
        self.shortened = {}  # first letter → words found only in CMS short descriptors (their own abbreviations)
        for term in sorted(self.idf.keys() - spelled_out):
            if term.isalpha() and len(term) >= 3:
                self.shortened.setdefault(term[0], []).append((term, frozenset(term)))
        self.short_forms = {}
        self.surface = {term: max(words.items(), key=lambda item: (item[1], item[0]))[0]
                        for term, words in surfaces.items()}
        self.vocabulary = sorted(term for term in self.idf if term.isalpha() and len(term) >= 3)
        self.by_length = {}
        for term in self.vocabulary:
            self.by_length.setdefault(len(term), []).append(term)
        self.max_idf = max(self.idf.values(), default=1.0)
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

    def _alternatives(self, term, last):
        if term in self.idf:
            return [(term, 1.0)], None
        if not term.isalpha() or len(term) < 3:
            return [], None
        completions = self._completions(term) if last else []
        if completions:
            return [(c, COMPLETION_WEIGHT) for c in completions], None
        readings = self._correct(term)
        if readings:
            return [(reading, TYPO_WEIGHT) for reading in readings], self.surface.get(readings[0], readings[0])
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
        """The words of the index closest to a word it does not hold: one edit for words of up to six letters,
        two for longer ones, a swap of two neighbouring letters counting as one edit; the nearest first and, among
        equally near ones those with the same first letter, then the most common; at most MAX_TYPO_READINGS of
        the nearest."""
        if len(term) < 4:
            return ()
        allowed = 1 if len(term) <= 6 else 2
        matches = []
        for n in range(len(term) - allowed, len(term) + allowed + 1):
            matches += process.extract(term, self.by_length.get(n, ()), scorer=OSA.distance, score_cutoff=allowed,
                                       limit=None)
        if not matches:
            return ()
        key = lambda m: (m[1], m[0][0] != term[0], -len(self.postings[m[0]]), m[0])
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
        for code in code_hits:
            number = self.by_code.get(code)
            if number is not None and (accept is None or number in accept):
                scores[number] = scores.get(number, 0.0) + EXACT_CODE_BONUS
        keyed = [(score, -number) for number, score in scores.items()]  # ties: the lower code first
        keyed = heapq.nlargest(limit, keyed) if limit is not None else sorted(keyed, reverse=True)
        return [(-negative, score) for score, negative in keyed], len(scores)

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


def _in_order(short, word):
    """Whether the letters of `short` occur in `word` in the same order."""
    rest = iter(word)
    return all(letter in rest for letter in short)
