"""The names people use for common codes ("heart ultrasound" for a transthoracic echocardiogram), authored in our
own words in openrvu/content/lay_names.yaml, each entry citing a public page that says what the code is. Search
indexes them as other names (services.search_documents); code pages list them under "Also known as"."""

from functools import cache

from openrvu.content import load, source_path

NAME = "lay_names"


@cache
def lay_names():
    """{code: (name, …)} for every code the file lists."""
    return {str(code): tuple(str(name) for name in entry["names"]) for code, entry in _codes().items()}


def other_names(code, authored=()):
    """A code's other names: those an authored file gives (the dental imaging file's `also_known_as`), then the
    names people use, each once."""
    return list(dict.fromkeys([*authored, *lay_names().get(code, ())]))


def lay_name_source(code):
    """The source note for a code's names ({"content", "documentation"}), or None when the file has none."""
    entry = _codes().get(code)
    if not entry:
        return None
    sources = entry["source"] if isinstance(entry["source"], list) else [entry["source"]]
    return {"content": source_path(NAME), "documentation": ", ".join(str(source) for source in sources)}


@cache
def _codes():
    return {str(code): entry for code, entry in (load(NAME).get("codes") or {}).items()}
