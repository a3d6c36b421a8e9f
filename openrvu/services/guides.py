"""Code guides: the Markdown files in openrvu/content/guides, read, checked and rendered to accessible HTML.

Each guide is Markdown with YAML front matter (openrvu/content/guides/README.md describes the shape). The page
`/guides/{slug}`, the JSON API `/api/guides/{slug}` and the code pages (guides_for_code) all read them through the
functions here. Rendering escapes raw HTML, gives every heading a stable id, turns `[source-key]` citation markers
into links to the guide's source list (an unknown key is an error naming the file and line), and marks external
links rel="noopener". Parsed guides are cached per process, keyed on the file and its modification time.
"""

import copy
import datetime
import functools
import html
import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rapidfuzz import fuzz

from openrvu.errors import UserError

GUIDES_DIR = Path(__file__).resolve().parent.parent / "content" / "guides"
REPO_ROOT = GUIDES_DIR.parents[2]
URL_PREFIX = "/guides/"  # the page address, openrvu/web/urls.py `guides/<slug:slug>`

REQUIRED_SECTIONS = (
    "When to use it and when not",
    "Documentation and clinical scenarios",
    "Insurance billing tips",
    "Worked example",
    "FAQs",
)
FAQ_SECTION = "FAQs"
REQUIRED_QUESTIONS = (
    "Can it be billed with other radiographic codes on the same visit?",
    "Is it reimbursed by all plans?",
    "How to handle a denial?",
)
# A question counts as a required one when its words are this close (rapidfuzz ratio, 0-100): "Can it be billed
# with other radiographic codes at the same visit?" is accepted, a different question is not.
QUESTION_SIMILARITY = 85
SOURCE_FIELDS = ("key", "title", "publisher", "url")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE = re.compile(r"^[A-Z0-9]{5}$")
# A citation marker is a bracketed source key with at least one hyphen: [x12-carc], [pubmed-15747997].
CITATION = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\]")
EXTERNAL = re.compile(r"^https?://", re.I)
# Search-result pages are not references: a reader cannot tell what the source said.
SEARCH_URL = re.compile(r"^https?://(www\.)?github\.com/search\b|[?&]q=", re.I)


class GuideError(UserError):
    """A guide file is malformed: the message names the file (and line) and what is wrong."""


class GuideNotFound(UserError, LookupError):
    """No guide has this slug; the message lists the guides there are."""


# ---------------------------------------------------------------------------------------------------------------
# Public functions


def list_guides():
    """Every guide's summary ({slug, title, summary, codes, updated, url}), sorted by title."""
    versions = tuple((str(path), *_version(path)) for path in guide_files())
    return copy.deepcopy(_summaries(versions))


@functools.cache
def _summaries(versions):
    summaries = [_summary(_parse(*version)) for version in versions]
    return sorted(summaries, key=lambda g: (g["title"].casefold(), g["slug"]))


def _version(path):
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def guide(slug):
    """One guide: the summary fields plus html, sections, faqs, sources and file. Unknown slug: GuideNotFound."""
    text = str(slug or "")
    path = GUIDES_DIR / f"{text}.md"
    if not SLUG.match(text) or not path.is_file() or path.name == "README.md":
        titles = ", ".join(g["slug"] for g in list_guides())
        raise GuideNotFound(f"no guide {text[:80]!r}; the guides are: {titles}")
    return _load(path)


def guides_for_code(code):
    """Summaries of the guides whose front matter `codes` lists the code (e.g. 'D0707'), sorted by title."""
    wanted = str(code or "").strip().upper()
    return [g for g in list_guides() if wanted in g["codes"]]


def guide_files():
    """The guide files (every *.md in the guides folder but its README), sorted by name."""
    return sorted(p for p in GUIDES_DIR.glob("*.md") if p.name != "README.md")


def render_markdown(text, sources=(), file="<text>"):
    """Markdown to HTML the way guides are rendered: raw HTML escaped, tables, heading ids, citations linked.

    `sources` are the front-matter source dicts a `[key]` marker may cite; any other key raises GuideError.
    """
    return _render(text, {"sources": _source_index(sources), "file": file, "line_offset": 0})


def guide_problems(path):
    """Everything wrong with one guide file, as a list of messages naming the file and line (empty: valid)."""
    path = Path(path)
    name = _relative(path)
    try:
        meta, body, offset = _read(path)
    except GuideError as error:
        return [str(error)]
    problems = [f"{name}: {p}" for p in _front_matter_problems(meta, path)]
    outline = _outline(body)
    for heading in outline:
        if heading["level"] == 1:
            problems.append(f"{name}, line {offset + heading['line']}: a guide has no '#' heading "
                            "(the page title is its h1)")
    titles = [h["title"] for h in outline if h["level"] == 2]
    if titles != list(REQUIRED_SECTIONS):
        problems.append(f"{name}: the '##' headings are {titles}, expected exactly {list(REQUIRED_SECTIONS)} "
                        "in this order")
    faqs = _faq_entries(body, outline)
    for faq in faqs:
        if not faq["answer"].strip():
            problems.append(f"{name}, line {offset + faq['line']}: the question {faq['question']!r} has no answer")
    for required in REQUIRED_QUESTIONS:
        if not any(_same_question(required, faq["question"]) for faq in faqs):
            problems.append(f"{name}: the FAQs lack the question {required!r}")
    keys = {s.get("key") for s in meta.get("sources") or [] if isinstance(s, dict)}
    cited = set()
    for number, line in enumerate(body.splitlines(), start=offset + 1):
        for key in CITATION.findall(line):
            cited.add(key)
            if key not in keys:
                problems.append(f"{name}, line {number}: [{key}] cites no source in the front matter")
    for key in sorted(k for k in keys - cited if k):
        problems.append(f"{name}: source {key!r} is listed in the front matter but never cited")
    if not problems:
        try:
            _load(path)
        except GuideError as error:
            problems.append(str(error))
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Reading and caching


def _load(path):
    return copy.deepcopy(_parse(str(path), *_version(path)))


@functools.cache
def _parse(path_text, mtime_ns, size):
    """The full guide dict for one version of one file (mtime and size are part of the cache key)."""
    path = Path(path_text)
    meta, body, offset = _read(path)
    name = _relative(path)
    problems = _front_matter_problems(meta, path)
    if problems:
        raise GuideError(f"{name}: " + "; ".join(problems))
    sources = [{field: str(s[field]) for field in SOURCE_FIELDS} for s in meta["sources"]]
    env = {"sources": _source_index(sources), "file": name, "line_offset": offset}
    outline = _outline(body)
    faqs = [{"question": f["question"], "id": f["id"], "answer_html": _render(f["answer"], env, f["answer_line"])}
            for f in _faq_entries(body, outline)]
    result = _summary_from_meta(meta)
    result.update({
        "html": _render(body, env),
        "sections": [{"id": h["id"], "title": h["title"]} for h in outline if h["level"] == 2],
        "faqs": faqs,
        "sources": sources,
        "file": name,
    })
    return result


def _read(path):
    """(front matter dict, Markdown body, number of file lines before the body)."""
    name = _relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GuideError(f"{name}: cannot be read ({error})") from None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise GuideError(f"{name}, line 1: a guide starts with '---' and YAML front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise GuideError(f"{name}: the front matter has no closing '---' line")
    try:
        meta = yaml.safe_load("".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark else ""
        raise GuideError(f"{name}{where}: the front matter is not valid YAML "
                         f"({getattr(error, 'problem', None) or error})") from None
    if not isinstance(meta, dict):
        raise GuideError(f"{name}: the front matter is not a mapping of fields")
    return meta, "".join(lines[end + 1:]), end + 1


def _front_matter_problems(meta, path):
    problems = []
    if meta.get("slug") != path.stem:
        problems.append(f"slug {meta.get('slug')!r} is not the file name {path.stem!r}")
    for field in ("title", "summary"):
        if not isinstance(meta.get(field), str) or not meta[field].strip():
            problems.append(f"{field} is missing or empty")
    codes = meta.get("codes")
    if not isinstance(codes, list) or not codes:
        problems.append("codes must be a non-empty list of codes")
    else:
        bad = [c for c in codes if not isinstance(c, str) or not CODE.match(c)]
        if bad:
            problems.append(f"codes {bad} are not five-character codes in capitals")
    if not isinstance(meta.get("updated"), datetime.date) or isinstance(meta.get("updated"), datetime.datetime):
        problems.append(f"updated {meta.get('updated')!r} is not a date (YYYY-MM-DD)")
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources:
        problems.append("sources must be a non-empty list")
        return problems
    seen = set()
    for number, source in enumerate(sources, start=1):
        if not isinstance(source, dict):
            problems.append(f"source {number} is not a mapping")
            continue
        missing = [f for f in SOURCE_FIELDS if not isinstance(source.get(f), str) or not source[f].strip()]
        if missing:
            problems.append(f"source {number} ({source.get('key')!r}) lacks {', '.join(missing)}")
            continue
        key, url = source["key"], source["url"]
        if not CITATION.fullmatch(f"[{key}]"):
            problems.append(f"source key {key!r} is not lowercase words joined by hyphens")
        if key in seen:
            problems.append(f"source key {key!r} is listed twice")
        seen.add(key)
        if not EXTERNAL.match(url):
            problems.append(f"source {key!r} url {url!r} is not an http(s) address")
        elif SEARCH_URL.search(url):
            problems.append(f"source {key!r} url {url!r} is a search page, not a reference")
    return problems


def _summary_from_meta(meta):
    return {
        "slug": meta["slug"],
        "title": meta["title"].strip(),
        "summary": " ".join(meta["summary"].split()),
        "codes": list(meta["codes"]),
        "updated": meta["updated"].isoformat(),
        "url": URL_PREFIX + meta["slug"],
    }


def _summary(full):
    return {field: full[field] for field in ("slug", "title", "summary", "codes", "updated", "url")}


def _relative(path):
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _source_index(sources):
    return {s["key"]: (number, s) for number, s in enumerate(sources, start=1)}


# ---------------------------------------------------------------------------------------------------------------
# Structure: headings and FAQs


def _outline(body):
    """Every heading: {level, title, id, line (1-based in the body), end (first line after it)}."""
    tokens = _parser().parse(body, {})
    outline = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            title = _plain_text(tokens[index + 1])
            outline.append({"level": int(token.tag[1]), "title": title, "id": token.attrGet("id"),
                            "line": token.map[0] + 1, "end": token.map[1]})
    return outline


def _faq_entries(body, outline):
    """The '###' questions under '## FAQs': {question, id, answer (Markdown), line}."""
    lines = body.splitlines(keepends=True)
    entries, in_faqs = [], False
    for position, heading in enumerate(outline):
        if heading["level"] <= 2:
            in_faqs = heading["level"] == 2 and heading["title"] == FAQ_SECTION
            continue
        if not in_faqs or heading["level"] != 3:
            continue
        following = [h for h in outline[position + 1:] if h["level"] <= 3]
        stop = following[0]["line"] - 1 if following else len(lines)
        entries.append({"question": heading["title"], "id": heading["id"], "line": heading["line"],
                        "answer": "".join(lines[heading["end"]:stop]), "answer_line": heading["end"] + 1})
    return entries


def _same_question(required, asked):
    def words(text):
        return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    return fuzz.ratio(words(required), words(asked)) >= QUESTION_SIMILARITY


def _plain_text(inline):
    return "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline")).strip()


def slugify(text):
    """A heading's id: lowercase words joined by hyphens ("When to use it and when not" → when-to-use-it-and-when-not)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "section"


# ---------------------------------------------------------------------------------------------------------------
# Rendering


@functools.cache
def _parser():
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("sections", _sections)
    md.core.ruler.push("accessible_tables", _accessible_tables)
    md.core.ruler.push("external_links", _external_links)
    md.add_render_rule("citation", _render_citation)
    return md


def _render(text, env, first_line=1):
    env = dict(env, line_offset=env.get("line_offset", 0) + first_line - 1, text=text)
    return _parser().render(text, env)


def _citation_rule(state, silent):
    if state.src[state.pos] != "[":
        return False
    match = CITATION.match(state.src, state.pos)
    if not match:
        return False
    end = match.end()
    if end < state.posMax and state.src[end] in "([":  # [text](url) and [text][ref] are links, not citations
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"key": match.group(1)}
    state.pos = end
    return True


def _render_citation(self, tokens, index, options, env):
    key = tokens[index].meta["key"]
    sources = env.get("sources") or {}
    if key not in sources:
        text = env.get("text", "")
        line = next((n for n, l in enumerate(text.splitlines(), start=1) if f"[{key}]" in l), 1)
        raise GuideError(f"{env.get('file', '<text>')}, line {env.get('line_offset', 0) + line}: "
                         f"[{key}] cites no source in the front matter")
    number, source = sources[key]
    label = html.escape(f"source {number}: {source['title']}", quote=True)
    return f'<a class="cite" href="#source-{html.escape(key)}" aria-label="{label}">[{number}]</a>'


def _heading_ids(state):
    used = set()
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        base = slugify(_plain_text(state.tokens[index + 1]))
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        token.attrSet("id", ident)


def _sections(state):
    """Each '##' part becomes a <section> named by its heading, so a screen reader can list and jump to it."""
    result, open_section = [], False
    for token in state.tokens:
        if token.type == "heading_open" and token.tag == "h2":
            if open_section:
                result.append(_html_block("</section>\n"))
            result.append(_html_block(f'<section aria-labelledby="{html.escape(token.attrGet("id"))}">\n'))
            open_section = True
        result.append(token)
    if open_section:
        result.append(_html_block("</section>\n"))
    state.tokens = result


def _accessible_tables(state):
    """Header cells get scope="col"; each table sits in a focusable, named scroll region (as on code pages)."""
    tokens, section, result = state.tokens, "", []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            section = _plain_text(tokens[index + 1])
        if token.type == "th_open":
            token.attrSet("scope", "col")
        if token.type == "table_open":
            label = html.escape(f"Table: {section}" if section else "Table", quote=True)
            result.append(_html_block(f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">\n'))
        result.append(token)
        if token.type == "table_close":
            result.append(_html_block("</div>\n"))
    state.tokens = result


def _external_links(state):
    for token in state.tokens:
        for child in (token.children or []) if token.type == "inline" else []:
            if child.type == "link_open" and EXTERNAL.match(child.attrGet("href") or ""):
                child.attrSet("rel", "noopener")


def _html_block(content):
    # Markup we generate ourselves; the author's raw HTML is never parsed as HTML (html=False escapes it).
    token = Token("html_block", "", 0)
    token.content = content
    return token
