"""Finds runs of N or more words that two authored texts share, so that each code and guide is written for
itself. Run `uv run --no-sync python -m tests.text_overlap` to list the overlaps in the dental content."""

import re
import sys
from pathlib import Path

import yaml

RUN = 8
CONTENT = Path(__file__).resolve().parent.parent / "openrvu" / "content"
# Words that carry no wording of their own: code numbers and the like are stripped before comparing.
WORD = re.compile(r"[a-z0-9']+")


def words(text):
    return WORD.findall(text.lower())


def runs(text, size=RUN):
    tokens = words(text)
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def shared_runs(texts, size=RUN):
    """[(name_a, name_b, run)] for every run of `size` words found in two differently named texts."""
    seen, found = {}, []
    for name, text in texts.items():
        for run in runs(text, size):
            other = seen.setdefault(run, name)
            if other != name:
                found.append((other, name, run))
    return found


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("sources", "related", "cdt_version_sources"):
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def code_texts():
    """One text per code, from the dental imaging family YAML files (sources and links left out)."""
    texts = {}
    for path in sorted((CONTENT / "dental_imaging").glob("*.yaml")):
        for code, entry in (yaml.safe_load(path.read_text()).get("codes") or {}).items():
            texts[code] = "\n".join(_strings(entry))
    return texts


def guide_texts():
    """One text per guide: its body without the front matter and the headings."""
    texts = {}
    for path in sorted(p for p in (CONTENT / "guides").glob("*.md") if p.name != "README.md"):
        body = path.read_text().split("\n---", 2)[-1]
        # Headings are left out: the required section and FAQ headings are the same in every guide.
        body = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("#"))
        texts[f"guide:{path.stem}"] = body
    return texts


if __name__ == "__main__":
    overlaps = shared_runs(code_texts()) + shared_runs(guide_texts())
    for a, b, run in overlaps:
        print(f"{a} / {b}: {run}")
    print(f"{len(overlaps)} shared run(s) of {RUN}+ words")
    sys.exit(1 if overlaps else 0)
