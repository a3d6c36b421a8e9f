"""The search documents: one catalog row per code per PFS or HCPCS release, holding every text search finds the
code by. Rebuilt after every import (openrvu.catalog.importer calls rebuild_search_documents), and whenever the
authored files they come from have changed.

A document holds the official short descriptor, the HCPCS long descriptor, the short descriptor with its
abbreviations expanded from openrvu/content/abbreviations.yaml (whole, and word by word where only some expand),
openrvu's authored names and plain-language text (openrvu/content/dental_imaging), the names people use for
common codes (openrvu/content/lay_names.yaml, as other names), the category names, and the synonyms of
openrvu/content/search/synonyms.yaml that those texts call for.
"""

import hashlib
import uuid
from functools import cache, lru_cache

from django.db import transaction

from openrvu.catalog import models
from openrvu.catalog.importer import insert_records

from .categories import category_path
from .dental_content import imaging_entries
from .lay_names import other_names
from .names import expand_descriptor, load_abbreviations, vocabulary_from_hcpcs
from .search_text import SEARCH_TEXT_VERSION, content_files, load_synonyms, tokenize

TEXT_FIELDS = ("short_descriptor", "long_descriptor", "full_name", "expansions", "authored_name", "also_known_as",
               "plain_language")


def content_hash():
    """A hash of the authored files the documents are built from, and of the tokenizer's version."""
    digest = hashlib.sha256(f"tokenizer {SEARCH_TEXT_VERSION}\0".encode())
    for path in content_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def current_build():
    return models.SearchIndexBuild.objects.order_by("-id").first()


def refresh_search_documents():
    """Build the documents of the releases that have none; rebuild them all when the authored files changed or
    a HCPCS release is new (its long descriptors are the vocabulary abbreviations expand against). Returns how
    many documents were written (0 when everything was current)."""
    build = current_build()
    releases = models.Release.objects.filter(kind__in=("pfs_rvu", "hcpcs"))
    missing = list(releases.exclude(id__in=models.SearchDocument.objects.values("release_id")))
    if build is not None and build.content_hash == content_hash() and not missing:
        return 0
    if build is None or build.content_hash != content_hash() or any(r.kind == "hcpcs" for r in missing):
        return rebuild_search_documents()
    return rebuild_search_documents(missing)


def rebuild_search_documents(releases=None):
    """Replace the search documents of `releases` (default: every PFS and HCPCS release) with ones built from
    the catalog as it is now, and mark a new build; returns how many documents were written."""
    if releases is None:
        releases = list(models.Release.objects.filter(kind__in=("pfs_rvu", "hcpcs")))
    vocabulary = frozenset(vocabulary_from_hcpcs(
        models.HcpcsItem.objects.values_list("long_description", flat=True).iterator()))
    authored = {code: entry for code, entry in imaging_entries().items() if not entry["deleted"]}
    documents, expanded = {}, {}  # (code, descriptor) → expansion, shared by the PFS releases
    for release in releases:
        if release.kind == "pfs_rvu":
            documents[release.id] = _pfs_documents(release, vocabulary, authored, expanded)
        else:
            documents[release.id] = _hcpcs_documents(release, authored)
    with transaction.atomic():
        models.SearchDocument.objects.filter(release_id__in=list(documents)).delete()
        for release_id, rows in documents.items():
            insert_records(models.SearchDocument, release_id, rows)
        models.SearchIndexBuild.objects.all().delete()
        models.SearchIndexBuild.objects.create(token=uuid.uuid4().hex, content_hash=content_hash(),
                                               documents=models.SearchDocument.objects.count())
    from .search import forget_catalog_state

    forget_catalog_state()
    return sum(len(rows) for rows in documents.values())


def _pfs_documents(release, vocabulary, authored, expanded):
    table = load_abbreviations()
    rows = {}
    for code, modifier, description, status in (models.RvuRow.objects.filter(release=release)
                                                .values_list("hcpcs", "modifier", "description", "status")):
        rows.setdefault(code, []).append((modifier, description, status))
    documents = []
    for code, found in sorted(rows.items()):
        found.sort()  # the global row ("") first, else the first component row
        _, description, status = found[0]
        if (code, description) not in expanded:
            expanded[code, description] = expand_descriptor(code, description, vocabulary, table)
        expansion = expanded[code, description]
        fields = {"short_descriptor": description,
                  "full_name": expansion.full_name if expansion.complete and expansion.expanded else "",
                  "expansions": ", ".join(dict.fromkeys(text for _, text in expansion.expanded)),
                  "readings": "; ".join(dict.fromkeys(text for _, text in expansion.readings))}
        documents.append(_document(release, code, fields, authored, status=status,
                                   modifiers=" ".join(m or "-" for m, _, _ in found)))
    return documents


def _hcpcs_documents(release, authored):
    items = (models.HcpcsItem.objects.filter(release=release, is_modifier=False).order_by("code")
             .values_list("code", "short_description", "long_description", "termination_date"))
    return [_document(release, code, {"short_descriptor": short, "long_descriptor": long}, authored,
                      terminated=terminated)
            for code, short, long, terminated in items]


def _document(release, code, fields, authored, status="", modifiers="", terminated=None):
    entry = authored.get(code) or {}
    if entry:
        fields["authored_name"] = entry.get("full_name") or ""
        fields["plain_language"] = entry.get("plain_language") or ""
    fields["also_known_as"] = "; ".join(other_names(code, entry.get("also_known_as") or ()))
    synonyms = dict.fromkeys(phrase for name in TEXT_FIELDS for phrase in synonyms_of(fields.get(name) or ""))
    return models.SearchDocument(
        release=release, code=code, modifiers=modifiers, status=status, terminated=terminated,
        synonyms="; ".join(synonyms),
        categories=_category_names(code), **fields)


# Most texts recur from one release to the next, so each is worked out once per process.


@lru_cache(maxsize=100_000)
def synonyms_of(text):
    """The synonym phrases (openrvu/content/search/synonyms.yaml) that a text calls for."""
    return tuple(load_synonyms().synonyms_for(tokenize(text)))


@cache
def _category_names(code):
    return " › ".join(step["name"] for step in category_path(code))

