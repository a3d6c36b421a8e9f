"""The words search works with: one tokenizer for documents and queries, and the synonym table.

Text is folded to lower-case ASCII, split into words, light-stemmed (plurals and common endings) and stripped of stop words. A word
joined by a hyphen, slash or ampersand ("x-ray", "o/p", "i&d") gives its joined form ("xray", "op", "id") and its
pieces of two letters or more, all at one position, so "x-ray", "xray" and "x-rays" meet (but "non-emergency"
gives only "nonemergency" and "non": it is not an emergency); so does a word run
together with a number ("pcv20": "pcv" and "20"; "20min": "20" and "min").

The synonym table is openrvu/content/search/synonyms.yaml (see its header). `synonyms_for(tokens)` gives the
phrases a document's words call for: every other member of each group one of its phrases is in, and the left side
of each one-way entry one of whose right-hand phrases it has.

Pure Python; no Django.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from openrvu.content import CONTENT_DIR, load

SYNONYMS_NAME = "search/synonyms"
SEARCH_TEXT_VERSION = 4  # bumped whenever tokenize() changes: the search documents are then rebuilt
SYNONYMS_PATH = "openrvu/content/search/synonyms.yaml"
WORD = re.compile(r"[a-z0-9]+(?:[-/'&][a-z0-9]+)*")
JOINERS = re.compile(r"[-/'&]")
NUMBER_WORD = re.compile(r"(\d+)([a-z]{3,})")  # "4views", "20min": the number and the word
WORD_NUMBER = re.compile(r"([a-z]{2,})(\d+)")  # "pcv20", "iiv4", "brca1": the word and the number


@dataclass(frozen=True)
class Token:
    term: str  # folded and stemmed
    position: int  # words of one compound share a position; stop words take none
    start: int  # character span in the original text
    end: int
    primary: bool  # the whole word (or the joined compound), as opposed to one of its pieces


def fold(text):
    """Lower-case ASCII of the same length as `text` (accents dropped, other characters become spaces), so that
    spans found in the folded text are spans of the original."""
    if text.isascii():
        return text.lower()
    out = []
    for character in text.lower():
        if character.isascii():
            out.append(character)
            continue
        base = unicodedata.normalize("NFKD", character)[:1]
        out.append(base if base.isascii() and base.isalnum() else " ")
    return "".join(out)


@lru_cache(maxsize=200_000)
def stem(term):
    """A light stemmer for English words: plurals ('images' → 'image', 'x-rays' → 'xray', 'series' → 'sery',
    'boxes' → 'box'), then common endings of one word's forms, so that 'removal', 'remove', 'removed' and
    'removing' meet ('remov'), as do 'injection', 'injections' and 'injected' ('inject'), and 'image' and 'imaging'
    ('imag'). Short words keep their endings ('oral', 'renal'; 'dental' stays apart from 'dent')."""
    if len(term) <= 3 or not term.isalpha():
        return term
    if term.endswith("ies") and len(term) > 4:
        term = term[:-3] + "y"
    elif term.endswith(("sses", "xes", "ches", "shes")):
        term = term[:-2]
    elif term.endswith("s") and not term.endswith(("ss", "us", "is")):
        term = term[:-1]
    if len(term) > 5:
        for ending, keep in ENDINGS:
            if term.endswith(ending) and len(term) - len(ending) >= keep:
                term = term[:-len(ending)]
                break
    if term.endswith("e") and len(term) >= 5:
        term = term[:-1]
    return term


# (ending, letters that must remain): the forms of one word that descriptors and people use interchangeably.
ENDINGS = (("ation", 5), ("ate", 5), ("ment", 5), ("ion", 4), ("ing", 4), ("ed", 4), ("al", 5), ("ive", 5))


NEGATIONS = {"non"}  # a compound starting with one of these ("non-emergency") says the opposite of its other words


def _keep(piece):
    return len(piece) >= 2 or piece.isdigit()


def tokenize(text, stopwords=None):
    """The Tokens of a text, in order."""
    stopwords = stop_words() if stopwords is None else stopwords
    tokens, position = [], 0
    for match in WORD.finditer(fold(text or "")):
        word = match.group()
        pieces = JOINERS.split(word)
        number_word = NUMBER_WORD.fullmatch(word) or WORD_NUMBER.fullmatch(word)
        if number_word:
            pieces = list(number_word.groups())
        terms = []
        if len(pieces) == 1:
            if _keep(word):
                terms.append((stem(word), True, match.start(), match.end()))
        else:
            joined = "".join(pieces)
            terms.append((stem(joined), True, match.start(), match.end()))
            offset = match.start()
            negated = pieces[0] in NEGATIONS
            for number, piece in enumerate(pieces):
                at = word.index(piece, offset - match.start()) + match.start()
                offset = at + len(piece)
                if negated and number:
                    break  # "non-emergency" is not "emergency": the words after "non-" are not pieces of their own
                if _keep(piece) and len(piece) < len(joined):
                    terms.append((stem(piece), False, at, at + len(piece)))
        terms = [t for t in terms if t[0] not in stopwords]
        if not terms:
            continue
        for term, primary, start, end in terms:
            tokens.append(Token(term, position, start, end, primary))
        position += 1
    return tokens


def phrase(text, stopwords=None):
    """A phrase as the tuple of its primary terms, one a position."""
    return tuple(t.term for t in tokenize(text, stopwords) if t.primary)


@dataclass(frozen=True)
class SynonymTable:
    stopwords: frozenset
    # first term of a phrase → [(phrase, phrases it calls for)]
    triggers: dict

    def synonyms_for(self, tokens):
        """The phrases (as written in the table) that a document with these tokens is also found by."""
        at = {}
        for token in tokens:
            at.setdefault(token.position, set()).add(token.term)
        found = []
        for position, terms in sorted(at.items()):
            for term in sorted(terms):
                for words, calls_for in self.triggers.get(term, ()):
                    if all(words[i] in at.get(position + i, ()) for i in range(1, len(words))):
                        found.extend(p for p in calls_for if p not in found)
        return found


def parse_synonyms(data):
    """Build the table from the parsed YAML, refusing empty groups and phrases that fold to nothing."""
    stopwords = frozenset(stem(fold(str(w)).strip()) for w in data.get("stopwords") or [])
    triggers = {}

    def add(text, calls_for):
        words = phrase(text, stopwords)
        if not words:
            raise ValueError(f"{SYNONYMS_PATH}: {text!r} has no searchable words")
        # not the phrase itself, nor a longer phrase holding all its words: "lipid" does not call for "lipid panel"
        others = [p for p in calls_for if not set(words) <= set(phrase(p, stopwords))]
        if others:
            triggers.setdefault(words[0], []).append((words, others))

    for group in data.get("groups") or []:
        members = [str(m) for m in group or []]
        if len(members) < 2:
            raise ValueError(f"{SYNONYMS_PATH}: the group {group!r} needs two phrases or more")
        for member in members:
            add(member, members)
    for left, rights in (data.get("also") or {}).items():
        if not rights:
            raise ValueError(f"{SYNONYMS_PATH}: {left!r} under `also` lists no phrases")
        for right in rights:
            add(str(right), [str(left)])
    return SynonymTable(stopwords, {term: tuple(entries) for term, entries in triggers.items()})


@cache
def load_synonyms():
    return parse_synonyms(load(SYNONYMS_NAME))


def stop_words():
    return load_synonyms().stopwords


def content_files():
    """The authored files the search documents are built from (their hash decides when to rebuild)."""
    return sorted([CONTENT_DIR / "search" / "synonyms.yaml", CONTENT_DIR / "abbreviations.yaml",
                   CONTENT_DIR / "categories.yaml", CONTENT_DIR / "lay_names.yaml",
                   *(CONTENT_DIR / "dental_imaging").glob("*.yaml")])
