"""sources.yaml: what `outagewatch run` and the schedules watch, read into checked, typed objects.

Every mistake in the file is reported on its own line, naming the source
(its position and id) and the field, so that `outagewatch sources check`
can list them all at once instead of failing on the first.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from spiders.feed import Source

KINDS = ("feed", "statuspage", "status_feed", "edgar", "blog")
ITEM_KIND = {
    "feed": "news",
    "blog": "blog",
    "statuspage": "status",
    "status_feed": "status",
    "edgar": "filing",
}
SPIDERS = {
    "feed": "spiders.feed.FeedSpider",
    "blog": "spiders.feed.FeedSpider",
    "statuspage": "spiders.statuspage.StatuspageSpider",
    "status_feed": "spiders.status_feed.StatusFeedSpider",
    "edgar": "spiders.edgar.EdgarSpider",
}
NEEDS_COMPANY = ("statuspage", "status_feed")
FIELDS = ("id", "kind", "url", "schedule", "company", "enabled", "forms", "items")
TOP_LEVEL = ("user_agent_contact", "sources")
DEFAULT_FORMS = ("8-K",)
DEFAULT_ITEMS = ("1.05", "8.01")
MIN_INTERVAL = 60
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ITEM_PATTERN = re.compile(r"^\d\.\d\d$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
STATUSPAGE_API = "/api/v2/incidents.json"


class SourcesError(ValueError):
    """The file cannot be used; `problems` holds one line per mistake."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)\n" + "\n".join(problems))


@dataclass(frozen=True)
class Schedule:
    """When a source is read: a five-field cron expression or an interval in seconds."""

    cron: str | None = None
    every: int | None = None

    def __str__(self) -> str:
        return self.cron if self.cron is not None else f"every {self.every}s"


@dataclass(frozen=True)
class SourceConfig:
    """One checked entry of sources.yaml."""

    id: str
    kind: str
    url: str
    schedule: Schedule
    company: str | None = None
    enabled: bool = True
    forms: tuple[str, ...] = ()
    items: tuple[str, ...] = ()

    @property
    def item_kind(self) -> str:
        """The ArticleItem.source_kind its spider gives what it stores: news, status, filing or blog."""
        return ITEM_KIND[self.kind]

    def spider_source(self) -> Source:
        """The spider's view of this source (EDGAR sources carry their forms and items along)."""
        if self.kind == "edgar":
            from spiders.edgar import FilingSource

            return FilingSource(url=self.url, source_id=self.id, kind="filing", forms=self.forms, items=self.items)
        return Source(url=self.url, source_id=self.id, kind=self.item_kind, company=self.company)


@dataclass(frozen=True)
class SourcesFile:
    """The whole file: its sources and the contact the SEC asks automated clients to declare."""

    sources: list[SourceConfig]
    user_agent_contact: str | None = None

    def edgar_user_agent(self) -> str:
        """The User-Agent for sec.gov: the tool's name and a contact, as the SEC's developer guidance asks."""
        return f"outagewatch/0.1 {self.user_agent_contact or ''}".strip()


@dataclass(frozen=True)
class Companies:
    """Canonical company names, and the canonical name each alias stands for (for "did you mean")."""

    names: frozenset[str]
    aliases: dict[str, str] = field(default_factory=dict)


def reference_companies() -> Companies:
    """The shipped companies table (nlp/resources/companies.csv), read without loading spaCy."""
    source = resources.files("nlp") / "resources" / "companies.csv"
    names: set[str] = set()
    aliases: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"), newline="")):
        name = (row.get("company") or "").strip()
        if not name:
            continue
        names.add(name)
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip():
                aliases.setdefault(alias.strip().lower(), name)
    return Companies(frozenset(names), aliases)


# --- schedules -------------------------------------------------------------------------------------------

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
CRON_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day-of-month", 1, 31, {}),
    ("month", 1, 12, {m: i + 1 for i, m in enumerate(MONTHS)}),
    ("day-of-week", 0, 7, {d: i for i, d in enumerate(DAYS)}),
)
CRON_PART = re.compile(r"^(?P<range>\*|[0-9a-z]+(-[0-9a-z]+)?)(/(?P<step>[0-9]+))?$")


def _cron_value(text: str, low: int, high: int, names: dict[str, int]) -> int | None:
    value = names.get(text) if not text.isdigit() else int(text)
    return value if value is not None and low <= value <= high else None


def _cron_field_problem(text: str, name: str, low: int, high: int, names: dict[str, int]) -> str | None:
    for part in text.lower().split(","):
        match = CRON_PART.match(part)
        if not match:
            return f"{name} field {text!r} is not cron syntax"
        if match["step"] is not None and int(match["step"]) == 0:
            return f"{name} field {text!r} has a step of 0"
        if match["range"] == "*":
            continue
        bounds = [_cron_value(v, low, high, names) for v in match["range"].split("-")]
        if any(b is None for b in bounds):
            return f"{name} field {text!r} is outside {low}-{high}"
        if len(bounds) == 2 and bounds[0] > bounds[1]:  # type: ignore[operator]
            return f"{name} field {text!r} has a range that runs backwards"
    return None


def cron_problem(expression: str) -> str | None:
    """Why a cron expression is not a valid five-field one, or None; croniter double-checks when installed."""
    fields = expression.split()
    if len(fields) != 5:
        order = "minute hour day-of-month month day-of-week"
        return f"cron {expression!r} must have 5 fields ({order}), not {len(fields)}"
    for text, (name, low, high, names) in zip(fields, CRON_FIELDS, strict=True):
        problem = _cron_field_problem(text, name, low, high, names)
        if problem:
            return f"cron {expression!r}: {problem}"
    try:
        from croniter import croniter  # type: ignore[import-not-found]
    except ImportError:
        return None
    return None if croniter.is_valid(expression) else f"cron {expression!r} is rejected by croniter"


def parse_schedule(value: Any) -> tuple[Schedule | None, str | None]:
    """A schedule from its YAML form ("*/30 * * * *" or {every: 1800}), or why it is not one."""
    if isinstance(value, str):
        problem = cron_problem(value)
        return (None, problem) if problem else (Schedule(cron=" ".join(value.split())), None)
    if isinstance(value, dict) and set(value) == {"every"}:
        every = value["every"]
        if isinstance(every, bool) or not isinstance(every, int):
            return None, f"'every' must be a whole number of seconds, not {every!r}"
        if every < MIN_INTERVAL:
            return (
                None,
                f"'every: {every}' is more often than once a minute ({MIN_INTERVAL} seconds at least)",
            )
        return Schedule(every=every), None
    return None, f"must be a cron string like '*/30 * * * *' or a mapping like 'every: 1800', not {value!r}"


# --- one source ------------------------------------------------------------------------------------------


def url_problem(url: Any, kind: str | None) -> str | None:
    """Why a source URL cannot be crawled, or None."""
    if not isinstance(url, str) or not url.strip():
        return "is missing"
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return f"{url!r} must start with http:// or https://"
    if not parts.hostname:
        return f"{url!r} has no host"
    if kind == "statuspage" and parts.path.rstrip("/") and not parts.path.endswith(STATUSPAGE_API):
        return f"{url!r} must be the status page's home (https://www.githubstatus.com) or its {STATUSPAGE_API}"
    return None


def company_problem(company: Any, kind: str | None, companies: Companies) -> str | None:
    """Why a source's company is wrong: missing for a status source, or not a canonical name in the table."""
    if company is None:
        return f"is required for kind {kind}" if kind in NEEDS_COMPANY else None
    if not isinstance(company, str) or company not in companies.names:
        hint = companies.aliases.get(str(company).lower())
        suggestion = f" (did you mean {hint!r}?)" if hint else ""
        return f"{company!r} is not a company in nlp/resources/companies.csv{suggestion}"
    return None


def _string_list(value: Any, default: tuple[str, ...]) -> tuple[tuple[str, ...] | None, str | None]:
    if value is None:
        return default, None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str | float) for v in value):
        return None, f"must be a list of strings, not {value!r}"
    return tuple(str(v) if not isinstance(v, float) else f"{v:.2f}" for v in value), None


def edgar_fields(raw: dict[str, Any], kind: str | None) -> tuple[dict[str, tuple[str, ...]], list[tuple[str, str]]]:
    """forms and items: defaults for EDGAR sources, refused on any other kind."""
    problems: list[tuple[str, str]] = []
    if kind != "edgar":
        if kind is not None:  # an unknown kind is reported once, under kind
            problems += [(f, f"only applies to kind edgar, not {kind}") for f in ("forms", "items") if f in raw]
        return {"forms": (), "items": ()}, problems
    forms, problem = _string_list(raw.get("forms"), DEFAULT_FORMS)
    if problem:
        problems.append(("forms", problem))
    items, problem = _string_list(raw.get("items"), DEFAULT_ITEMS)
    if problem:
        problems.append(("items", problem))
    elif items and (bad := [i for i in items if not ITEM_PATTERN.match(i)]):
        problems.append(("items", f"{bad[0]!r} is not an 8-K item number like '1.05' (quote it in YAML)"))
    return {"forms": forms or (), "items": items or ()}, problems


def read_source(raw: Any, companies: Companies) -> tuple[SourceConfig | None, list[tuple[str, str]]]:
    """One entry: the checked source, or (field, problem) pairs."""
    if not isinstance(raw, dict):
        return None, [("entry", f"must be a mapping of fields, not {raw!r}")]
    problems = [(k, f"is not a known field (fields: {', '.join(FIELDS)})") for k in raw if k not in FIELDS]
    source_id, kind = raw.get("id"), raw.get("kind")
    if not isinstance(source_id, str) or not ID_PATTERN.match(source_id):
        problems.append(("id", f"{source_id!r} must be a slug of lower-case letters, digits and hyphens"))
    if kind not in KINDS:
        problems.append(("kind", f"{kind!r} is not one of {', '.join(KINDS)}"))
        kind = None
    if problem := url_problem(raw.get("url"), kind):
        problems.append(("url", problem))
    schedule, problem = parse_schedule(raw.get("schedule")) if "schedule" in raw else (None, "is missing")
    if problem:
        problems.append(("schedule", problem))
    if problem := company_problem(raw.get("company"), kind, companies):
        problems.append(("company", problem))
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(("enabled", f"must be true or false, not {enabled!r}"))
    extra, extra_problems = edgar_fields(raw, kind)
    problems += extra_problems
    if problems:
        return None, problems
    config = SourceConfig(
        id=source_id, kind=kind, url=raw["url"].strip(), schedule=schedule,  # type: ignore[arg-type]
        company=raw.get("company"), enabled=enabled, **extra,
    )  # fmt: skip
    return config, []


def _label(index: int, raw: Any) -> str:
    source_id = raw.get("id") if isinstance(raw, dict) else None
    return f"source #{index + 1}" + (f" ({source_id})" if isinstance(source_id, str) else "")


# --- the file --------------------------------------------------------------------------------------------


def _top_level(data: Any) -> tuple[list[Any], Any, list[str]]:
    if not isinstance(data, dict):
        return [], None, ["the file must be a mapping with a 'sources:' list"]
    problems = [
        f"top level: {k!r} is not a known key (keys: {', '.join(TOP_LEVEL)})" for k in data if k not in TOP_LEVEL
    ]
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        problems.append("top level: 'sources' must be a non-empty list")
        entries = []
    return entries, data.get("user_agent_contact"), problems


def _contact_problem(contact: Any, sources: list[SourceConfig]) -> str | None:
    if not any(s.kind == "edgar" and s.enabled for s in sources):
        return None
    if not isinstance(contact, str) or not EMAIL.search(contact):
        return "top level: 'user_agent_contact' must name you and give an e-mail address (the SEC requires it)"
    return None


def read_sources(data: Any, companies: Companies | None = None) -> tuple[SourcesFile, list[str]]:
    """The parsed YAML as checked sources, with every problem found (empty when the file is good)."""
    companies = companies or reference_companies()
    entries, contact, problems = _top_level(data)
    sources: list[SourceConfig] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(entries):
        config, found = read_source(raw, companies)
        problems += [f"{_label(index, raw)}: {name}: {text}" for name, text in found]
        source_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(source_id, str) and source_id in first_index:
            problems.append(f"{_label(index, raw)}: id: duplicates source #{first_index[source_id] + 1}")
        elif isinstance(source_id, str):
            first_index[source_id] = index
        if config is not None:
            sources.append(config)
    if problem := _contact_problem(contact, sources):
        problems.append(problem)
    return SourcesFile(sources, contact if isinstance(contact, str) else None), problems


def _parse_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise SourcesError(path, [f"{where}not valid YAML: {getattr(exc, 'problem', None) or exc}"]) from exc


def check(path: Path, companies: Companies | None = None) -> list[str]:
    """Every problem in a sources file, one line each; empty when the file is good."""
    try:
        data = _parse_yaml(Path(path))
    except SourcesError as exc:
        return exc.problems
    except OSError as exc:
        return [f"cannot read {path}: {exc.strerror or exc}"]
    return read_sources(data, companies)[1]


def load_file(path: Path, companies: Companies | None = None) -> SourcesFile:
    """The whole sources file, checked; raises SourcesError listing every problem."""
    path = Path(path)
    sources_file, problems = read_sources(_parse_yaml(path), companies)
    if problems:
        raise SourcesError(path, problems)
    return sources_file


def load_sources(path: Path, companies: Companies | None = None) -> list[SourceConfig]:
    """The sources of a file, checked (disabled ones included; see `enabled`)."""
    return load_file(path, companies).sources


def group_by_kind(sources: Iterable[SourceConfig], include_disabled: bool = False) -> dict[str, list[SourceConfig]]:
    """Sources by kind, in file order: each kind is one crawl with its own spider."""
    groups: dict[str, list[SourceConfig]] = {}
    for source in sources:
        if source.enabled or include_disabled:
            groups.setdefault(source.kind, []).append(source)
    return groups


def spider_for(kind: str) -> type:
    """The spider class that reads a kind of source."""
    module_name, _, class_name = SPIDERS[kind].rpartition(".")
    module = __import__(module_name, fromlist=[class_name])
    return getattr(module, class_name)  # type: ignore[no-any-return]


def feed_urls(path: Path) -> list[str]:
    """The enabled news and blog feed URLs of a sources file (what `outagewatch run` reads by default)."""
    return [s.url for s in load_sources(path) if s.enabled and s.kind in ("feed", "blog")]
