"""Search over every code in force on a date: `search()` is the one function the page `/search`, the API
`GET /api/search` and `openrvu search` call.

It finds an exact code (with or without modifier, any case), a code prefix ("D07"), and words: the official
descriptors, their abbreviations expanded, openrvu's authored names and plain-language text, and synonyms from
openrvu/content/search/synonyms.yaml, with typos corrected against the index's own words. Each result says
why it matched: a snippet of the best-matching text with the matched words' spans.
"""

import hashlib
import os
import pickle
import re
import threading
import time
import unicodedata
from collections import namedtuple
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.db import connection

from openrvu.catalog import models
from openrvu.catalog.releases import NoReleaseInForce
from openrvu.errors import UserError

from . import search_index, search_text
from .categories import SYSTEM_NAMES, category_path, code_system, find_category
from .releases import latest_in_force
from .search_documents import refresh_search_documents, synonyms_of
from .search_index import Document, SearchIndex, phrase_terms
from .search_text import load_synonyms, tokenize

MAX_QUERY = 500
MAX_WORDS = 32
MAX_LIMIT = 100
STATUSES = set("ABCDEFGHIJMNPRTX")
SNIPPET_WIDTH = 140
CODE_QUERY = re.compile(r"([A-Z][0-9]{4}|[0-9]{4}[A-Z0-9])(?:[-\s]?([A-Z0-9]{2}))?")
PREFIX_QUERY = re.compile(r"[A-Z][0-9]{0,3}|[0-9]{1,4}")
CODE_WORD = re.compile(r"[a-z][0-9]{4}|[0-9]{4}[a-z0-9]")
SNIPPET_FIELDS = {  # the texts a snippet may come from, in order of preference
    "short_descriptor": "CMS short descriptor",
    "full_name": "full name (abbreviations expanded)",
    "long_descriptor": "HCPCS long descriptor",
    "authored_name": "openrvu name",
    "also_known_as": "also known as",
    "plain_language": "in plain language",
    "expansions": "abbreviations expanded",
    "readings": "possible readings of abbreviations",
    "synonyms": "synonyms",
    "categories": "category",
}


LISTS = {"synonyms", "also_known_as", "readings"}
LAST_RESORT = {"synonyms", "categories", "expansions", "readings"}
SNIPPET_ORDER = [n for n in SNIPPET_FIELDS if n not in LAST_RESORT] + [n for n in SNIPPET_FIELDS if n in LAST_RESORT]


class SearchError(UserError, ValueError):
    """A query or filter search cannot take; the message says which and why."""


def search(query, limit=10, system=None, category=None, status=None, on=None):
    """Codes in force on `on` (today by default) that match `query`, best first, with scores and snippets."""
    text = clean_query(query)
    limit = _limit(limit)
    on = _date(on)
    tests = _filters(system, category, status)
    index, releases = _index(on)
    accept = _accepted(index, tests)
    answer = {"query": text.strip(), "date": on.isoformat(), "releases": releases,
              "filters": {"system": system or None, "category": category or None, "status": status or None},
              "corrections": [], "message": "", "total": 0, "results": []}
    if not text:
        answer["message"] = "Type a code (99213, D0707, 70100-26), the start of one (D07), or words."
        return answer
    modifier, concepts = "", []
    upper = text.strip().upper()
    code_match = CODE_QUERY.fullmatch(upper)
    if code_match and code_match.group(1) in index.by_code:
        modifier = code_match.group(2) or ""
        ranked, _ = index.rank([], accept, [code_match.group(1)])
        ranked += [hit for hit in index.prefix(code_match.group(1)[:4], accept) if hit not in ranked
                   and hit[0] not in {number for number, _ in ranked}]
        total, ranked = len(ranked), ranked[:limit]
    elif PREFIX_QUERY.fullmatch(upper):
        ranked = index.prefix(upper, accept)
        total, ranked = len(ranked), ranked[:limit]
    else:
        concepts = index.concepts(text, complete_last=not text.endswith(" "))[:MAX_WORDS]
        codes = [t.term.upper() for t in tokenize(text) if CODE_WORD.fullmatch(t.term)]
        ranked, total = index.rank(concepts, accept, codes, on=on, limit=limit)
        answer["corrections"] = [{"word": c.text, "read_as": c.correction} for c in concepts if c.correction]
    answer["total"] = total
    terms = _highlight_terms(concepts)
    answer["results"] = [_result(index.documents[number], score, rank, terms, index.field_terms[number], modifier, on)
                         for rank, (number, score) in enumerate(ranked, start=1)]
    if not ranked:
        answer["message"] = f"No code matches {text.strip()!r}" + (" with these filters." if tests else ".")
    return answer


def _highlight_terms(concepts):
    """The words to mark in snippets: (the query's own words with their corrections and completions, those and
    the words of the synonyms they call for)."""
    return _terms_to_mark(tuple(tuple(term for term, _ in concept.alternatives) for concept in concepts))


@lru_cache(maxsize=4096)
def _terms_to_mark(alternatives):
    own = frozenset(term for found in alternatives for term in found)
    terms = set(own)
    text = " ".join(found[0] for found in alternatives if found)
    for phrase in load_synonyms().synonyms_for(tokenize(text)):
        terms.update(phrase_terms(phrase))
    return own, frozenset(terms)


def clean_query(query):
    """The query with control characters removed and spaces collapsed; refuses one that is too long."""
    text = str(query or "")
    if len(text) > MAX_QUERY:
        raise SearchError(f"the query is {len(text):,} characters long; search takes at most {MAX_QUERY}")
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in unicodedata.normalize("NFKC", text))
    return " ".join(text.split()) + (" " if text.endswith(" ") and text.strip() else "")


def _limit(limit):
    try:
        value = int(limit if limit not in (None, "") else 10)
    except (TypeError, ValueError):
        raise SearchError(f"limit {str(limit)[:20]!r} is not a whole number") from None
    if not 1 <= value <= MAX_LIMIT:
        raise SearchError(f"limit must be from 1 to {MAX_LIMIT}, not {value}")
    return value


def _date(on):
    if on in (None, ""):
        return date.today()
    if isinstance(on, date):
        return on
    try:
        return date.fromisoformat(str(on).strip())
    except ValueError:
        raise SearchError(f"{str(on)[:20]!r} is not a date: use YYYY-MM-DD") from None


def _filters(system, category, status):
    """The filters as (name, value) pairs, checked; refuses unknown values."""
    tests = []
    if system:
        wanted = str(system).strip().lower()
        if wanted not in SYSTEM_NAMES:
            raise SearchError(f"system {str(system)[:20]!r} is not one of CPT, HCPCS, CDT")
        tests.append(("system", wanted))
    if category:
        slug = str(category).strip().lower()
        if find_category(slug)[0] is None:
            raise SearchError(f"no category {str(category)[:60]!r}: the slugs are listed under /codes")
        tests.append(("category", slug))
    if status:
        wanted = frozenset(s.strip().upper() for s in str(status).split(",") if s.strip())
        if not wanted or not wanted <= STATUSES:
            raise SearchError(f"status {str(status)[:20]!r} is not a PFS status indicator ("
                              + ", ".join(sorted(STATUSES)) + ")")
        tests.append(("status", wanted))
    return tuple(tests)


def _accepted(index, tests):
    """The document numbers that pass every filter (None: no filter), worked out once per index and filter."""
    if not tests:
        return None
    accepted = None
    for test in tests:
        if test not in index.filters:
            index.filters[test] = index.numbers(lambda d, test=test: _passes(d, *test))
        accepted = index.filters[test] if accepted is None else accepted & index.filters[test]
    return accepted


def _passes(document, name, value):
    if name == "system":
        return document.system == value
    if name == "category":
        return any(step["slug"] == value for step in document.category_path)
    return document.status in value


# --- the index for the releases in force, one per process, reloaded when the documents are rebuilt -----------

_indexes = {}
_lock = threading.RLock()
STATE_SECONDS = 1.0  # outside a transaction, the build token and releases are read at most once a second
_state = {"at": -STATE_SECONDS, "value": None}


def _index(on):
    """The index for the PFS and HCPCS releases in force on `on`, and their names. The releases and the current
    build token come from the catalog (at most once a second, see _catalog_state); the index itself is built once
    per build, or loaded from the data dir where a process built it before (see load_index)."""
    build, releases = _catalog_state()
    pfs, hcpcs = (latest_in_force(releases, kind, on) for kind in ("pfs_rvu", "hcpcs"))
    if pfs is None and hcpcs is None:
        raise NoReleaseInForce("pfs_rvu", on)
    key = (build, pfs and pfs.id, hcpcs and hcpcs.id)
    index = _indexes.get(key)
    if index is None:
        with _lock:
            index = _indexes.get(key)
            if index is None:
                if _refresh_if_stale():
                    return _index(on)
                index = load_index(pfs and pfs.id, hcpcs and hcpcs.id, build)
                for stale in [k for k in _indexes if k[0] != build]:
                    del _indexes[stale]
                _indexes[key] = index
    return index, [release.name for release in (pfs, hcpcs) if release]


def _refresh_if_stale():
    """Build the documents when a release has none (a catalog imported before search existed) or they were built
    from other authored files or by another tokenizer (checked once per index load); True when any were built."""
    return refresh_search_documents() > 0


def forget_catalog_state():
    """Make the next search read the build token and releases again (called when the documents are rebuilt)."""
    _state["at"] = -STATE_SECONDS


def _catalog_state():
    """(current build token or None, [(id, kind, name, effective_from, effective_to)] of PFS and HCPCS releases).
    Inside a transaction (an import, a test) it is read every time; otherwise at most once a second, so a new
    import is seen within a second."""
    now = time.monotonic()
    if connection.in_atomic_block or now - _state["at"] >= STATE_SECONDS or _state["value"] is None:
        _state["value"], _state["at"] = _read_catalog_state(), now
    return _state["value"]


def _read_catalog_state():
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM catalog_searchindexbuild ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
        cursor.execute("SELECT id, kind, name, effective_from, effective_to FROM catalog_release "
                       "WHERE kind IN ('pfs_rvu', 'hcpcs')")
        releases = [ReleaseRow(i, kind, name, _as_date(starts), _as_date(ends)) for i, kind, name, starts, ends in cursor]
    return (row[0] if row else None), releases


ReleaseRow = namedtuple("ReleaseRow", "id kind name effective_from effective_to")


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def load_index_for_date(on=None):
    """The index search uses for a date of service (for the benchmarks)."""
    return _index(_date(on))[0]


def warm_up(on=None):
    """Load the index search uses today and everything a first query needs (for `openrvu serve`, before its
    workers start); seconds taken."""
    started = time.perf_counter()
    try:
        search("x-ray of the knee", on=on)  # the index, and the synonym table and stop words a query needs
    except NoReleaseInForce:
        pass
    return time.perf_counter() - started


@cache
def index_version():
    """A short hash of the code that builds and reads the index (this module, search_index, search_text): a
    stored index made by other code is not loaded."""
    digest = hashlib.sha256()
    for module in (__file__, search_index.__file__, search_text.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:12]


def _index_file(pfs_id, hcpcs_id, build):
    name = f"search-index-{build}-{pfs_id}-{hcpcs_id}-{index_version()}.pickle"
    return settings.DATA_DIR / "search" / name


def load_index(pfs_id, hcpcs_id, build=None):
    """The index over the documents of a PFS and a HCPCS release (either may be None). With a build token, a
    process that built it stores it in the data dir (search/search-index-<token>-….pickle, written by this
    process only from the catalog's own rows, and replaced when the build changes), and the next process loads
    it from there in a fraction of the time."""
    path = _index_file(pfs_id, hcpcs_id, build) if build else None
    if path is not None and path.exists():
        try:
            with open(path, "rb") as file:
                return pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    index = build_index(pfs_id, hcpcs_id)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            prefix, suffix = f"search-index-{build}-", f"-{index_version()}.pickle"
            for old in path.parent.glob("search-index-*.pickle"):  # those of earlier builds or other code
                if not (old.name.startswith(prefix) and old.name.endswith(suffix)):
                    old.unlink(missing_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as file:
                pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)
        except OSError:
            pass
    return index


def build_index(pfs_id, hcpcs_id):
    """The index over the documents of a PFS and a HCPCS release (either may be None), merged per code: the PFS
    short descriptor and status, the HCPCS long descriptor and termination date, every other text from both."""
    merged = {}
    ids = [release_id for release_id in (pfs_id, hcpcs_id) if release_id]
    rows = models.SearchDocument.objects.filter(release_id__in=ids).order_by("code", "release_id").values()
    for row in rows:
        code = row["code"]
        document = merged.get(code)
        if document is None:
            system = code_system(code)
            document = merged[code] = Document(code=code, system=system, status="", modifiers=(), terminated=None,
                                               category_path=category_path(code), fields={})
        if row["release_id"] == pfs_id:
            document.status = row["status"]
            document.modifiers = tuple("" if m == "-" else m for m in row["modifiers"].split())
            document.fields["short_descriptor"] = row["short_descriptor"]
        else:
            document.terminated = row["terminated"]
            document.fields.setdefault("short_descriptor", row["short_descriptor"])
        for name in ("long_descriptor", "full_name", "expansions", "readings", "authored_name", "also_known_as",
                     "plain_language", "synonyms", "categories"):
            if row[name] and row[name] not in (document.fields.get(name) or ""):
                document.fields[name] = "; ".join(filter(None, [document.fields.get(name), row[name]]))
    _mark_kinds(merged, pfs_id, hcpcs_id)
    return SearchIndex(merged.values(), synonyms_of)


def _mark_kinds(documents, pfs_id, hcpcs_id):
    """Note on the documents ({code: Document}) what the ranking weighs a code's kind by: whether it is the base
    code of an endoscopy family (the PFS file names one for each member), and its HCPCS coverage and BETOS."""
    bases = set(models.RvuRow.objects.filter(release_id=pfs_id).exclude(endo_base="")
                .values_list("endo_base", flat=True).distinct())
    for code in bases & documents.keys():
        documents[code].endoscopy_base = True
    for code, coverage, betos in (models.HcpcsItem.objects.filter(release_id=hcpcs_id, is_modifier=False)
                                  .values_list("code", "coverage", "betos")):
        if code in documents:
            documents[code].coverage, documents[code].betos = coverage, betos


def _result(document, score, rank, terms, field_terms, modifier, on):
    fields = document.fields
    path = document.category_path
    return {
        "rank": rank,
        "code": document.code,
        "modifier": modifier if modifier in document.modifiers else "",
        "name": fields.get("long_descriptor") or fields.get("full_name") or fields.get("short_descriptor") or "",
        "short_descriptor": fields.get("short_descriptor") or "",
        "system": SYSTEM_NAMES[document.system],
        "status": document.status or None,
        "terminated": document.terminated.isoformat() if document.terminated and document.terminated <= on else None,
        "category": {"slug": path[-1]["slug"], "name": path[-1]["name"], "path": path},
        "score": round(score, 4),
        "snippet": snippet(fields, terms[1], field_terms, terms[0]),
    }


@lru_cache(maxsize=50_000)
def _tokens(text):
    return tokenize(text)


def _spans(text, terms):
    """The merged [start, end] spans of the words of `text` that are in `terms`; of a long text only as far as
    the snippet needs (its first part, when a match there leaves room for the whole window)."""
    if len(text) > 3 * SNIPPET_WIDTH:
        cut = text.rfind(" ", 0, 3 * SNIPPET_WIDTH)
        if cut > 0:
            spans = [(t.start, t.end) for t in _tokens(text[:cut]) if t.term in terms]
            if spans and spans[0][0] + SNIPPET_WIDTH < cut:
                return _merge(spans)
    return _merge([(t.start, t.end) for t in _tokens(text) if t.term in terms])


def snippet(fields, terms, field_terms, own=frozenset()):
    """The text that best shows why a document matched: the field with the most matched words (the short
    descriptor when none match; synonyms and categories only when nothing else matches), cut to SNIPPET_WIDTH
    around the first match, or for a list (synonyms, also known as) the matched items, with the matched words'
    [start, end] spans. A field with more of the query's own words (`own`: the words typed, their corrections
    and completions) wins over one with more of their synonyms. `field_terms` is {field: the set of its words},
    from the index; only the field shown is tokenized."""
    best, best_count = "short_descriptor", (0, 0)
    for name in SNIPPET_ORDER:
        if best_count != (0, 0) and name in LAST_RESORT:
            break
        found = terms.intersection(field_terms.get(name, ()))
        mine = len(found.intersection(own)) if found else 0
        count = (mine, 0 if mine else len(found))  # equal on the query's own words: the earlier field
        if count > best_count:
            best, best_count = name, count
    text = fields.get(best) or ""
    if best in LISTS:
        return _list_snippet(best, text, terms)
    spans = _spans(text, terms) if best_count != (0, 0) else []
    start = 0
    if len(text) > SNIPPET_WIDTH:
        start = max(0, min(spans[0][0] - 40 if spans else 0, len(text) - SNIPPET_WIDTH))
        start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + SNIPPET_WIDTH)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    offset = len(prefix) - start
    highlights = [[s + offset, e + offset] for s, e in spans if s >= start and e <= end]
    return {"field": SNIPPET_FIELDS[best], "text": prefix + text[start:end] + suffix, "highlights": highlights}


def _list_snippet(name, text, terms):
    """The items of a '; '-separated list that hold a match (at most four), with their spans."""
    shown, highlights, length = [], [], 0
    for item in text.split("; "):
        spans = _merge([(t.start, t.end) for t in _tokens(item) if t.term in terms])
        if spans:
            highlights += [[s + length, e + length] for s, e in spans]
            shown.append(item)
            length += len(item) + 2
            if len(shown) == 4:
                break
    return {"field": SNIPPET_FIELDS[name], "text": "; ".join(shown), "highlights": highlights}


def _merge(spans):
    merged = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
