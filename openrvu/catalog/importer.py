"""Loading parsed official files into the catalog: one transaction per file, idempotent per release.

Every file is read and checked before anything is written, so a bad file anywhere in an import leaves the
database exactly as it was.
"""

import hashlib
from dataclasses import dataclass
from operator import attrgetter
from pathlib import PurePath

from django.db import connection, transaction

from openrvu.sources import SourceError, collect_files, reader_for, readers

from . import models

MODEL_FOR_KIND = {
    "pfs_rvu": models.RvuRow,
    "gpci": models.Locality,
    "locco": models.CountyLocality,
    "anes": models.AnesthesiaFactor,
    "hcpcs": models.HcpcsItem,
    "mue": models.MueEdit,
    "ptp": models.PtpEdit,
    "carc": models.AdjustmentCode,
}
INSERT_CHUNK = 5000


@dataclass
class PlannedFile:
    """A file that was read and checked, waiting to be written."""

    file: object
    parsed: object

    @property
    def sha256(self):
        return hashlib.sha256(self.file.data).hexdigest()


@dataclass
class FileResult:
    """What happened to one file: imported, replaced or skipped, with its row count and a note."""

    file: str
    kind: str
    release: str
    status: str
    rows: int
    note: str = ""


def plan_import(paths, on_file=None):
    """Read and check every file under `paths`; return (planned files, names of files no reader knows).

    A file named directly that no reader knows, a ZIP with nothing known in it, or any bad file raises
    SourceError. Files found inside folders that no reader knows are only listed, since official download
    folders also hold documentation.
    """
    direct = {str(p) for p in paths}
    planned, unknown = [], []
    files = collect_files(paths)
    zips_with_known = {}
    for file in files:
        zip_name = file.name.split("!")[0] if "!" in file.name else None
        reader = reader_for(file)
        if zip_name:
            zips_with_known.setdefault(zip_name, False)
        if reader is None:
            if file.name in direct:
                raise SourceError(file.name, "unknown layout: not a file kind openrvu reads ("
                                  + ", ".join(r.kind for r in readers()) + ")", 1)
            unknown.append(file.name)
            continue
        if zip_name:
            zips_with_known[zip_name] = True
        if on_file:
            on_file(file)
        planned.append(PlannedFile(file, reader.read(file)))
    empty_zips = [name for name, known in zips_with_known.items() if not known]
    if empty_zips:
        raise SourceError(empty_zips[0], "nothing openrvu can read in this ZIP: no PPRRVU, GPCI, LOCCO, ANES, "
                          "HCPCS, MUE, PTP or CARC/RARC file among its members")
    return planned, unknown


def apply_import(planned, replace=False, on_rows=None):
    """Write each planned file in its own transaction. A release already in the catalog is skipped
    (or, with replace=True, replaced); a second file of the same release in one run is skipped."""
    results = [_import_one(item, replace, on_rows) for item in planned]
    if any(result.status != "skipped" for result in results):
        _refresh_statistics()
    _refresh_search()
    return results


def _refresh_search():
    """Bring the search documents up to date with the catalog and the authored content (imported here, not at
    the top: the services build on the catalog, not the other way round)."""
    from openrvu.services.search_documents import refresh_search_documents

    refresh_search_documents()


def _refresh_statistics():
    """Let the query planner see the new row counts (SQLite otherwise picks the release index over the code
    index and scans a whole release per lookup)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _import_one(item, replace, on_rows):
    release = item.parsed.release
    records = item.parsed.records
    with transaction.atomic():
        existing = models.Release.objects.filter(kind=release.kind, name=release.name, part=release.part).first()
        if existing and (not replace or existing.sha256 == item.sha256 and existing.source_file == item.file.name):
            return FileResult(item.file.name, release.kind, release.name, "skipped", 0,
                              _skip_note(existing, item))
        if existing:
            existing.delete()
        row = models.Release.objects.create(
            kind=release.kind, name=release.name, part=release.part, effective_from=release.effective_from,
            effective_to=release.effective_to, source_file=item.file.name, sha256=item.sha256,
            record_count=len(records))
        insert_records(MODEL_FOR_KIND[release.kind], row.id, records, on_rows)
    status = "replaced" if existing else "imported"
    return FileResult(item.file.name, release.kind, release.name, status, len(records))


def _skip_note(existing, item):
    """Why a file was skipped, and whether --replace would change anything."""
    note = f"already imported from {existing.source_file}"
    if existing.sha256 == item.sha256:
        return note
    if PurePath(existing.source_file).stem == PurePath(item.file.basename).stem:
        return note + " (the same release in another format)"
    return note + "; this file differs: use --replace to import it instead"


def insert_records(model, release_id, records, on_rows=None):
    """Insert reader records into `model`'s table with one prepared statement (much faster than the ORM's
    bulk_create for tens of thousands of rows), copying fields by name."""
    fields = [f for f in model._meta.concrete_fields if f.name not in ("id", "release")]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ["release_id"] + [f.column for f in fields])
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * (len(fields) + 1))})")
    values_of = attrgetter(*[f.name for f in fields])
    adapt = _adapter(fields)
    with connection.cursor() as cursor:
        for start in range(0, len(records), INSERT_CHUNK):
            chunk = records[start:start + INSERT_CHUNK]
            cursor.executemany(sql, [(release_id, *adapt(values_of(record))) for record in chunk])
            if on_rows:
                on_rows(len(chunk))


def _adapter(fields):
    """SQLite needs dates as ISO text (Python 3.12 drops the default adapter); PostgreSQL takes them as is."""
    date_positions = [i for i, f in enumerate(fields) if f.get_internal_type() == "DateField"]
    if connection.vendor != "sqlite" or not date_positions:
        return lambda values: values
    def adapt(values):
        values = list(values)
        for i in date_positions:
            if values[i] is not None:
                values[i] = values[i].isoformat()
        return values
    return adapt
