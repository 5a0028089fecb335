"""Document-control metadata of the Digital Policy: approval, versions, review dates, JSON form."""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from consolidator.errors import LoadError
from consolidator.model import SourceInfo

STATUSES = ("Draft", "For approval", "Approved")


@dataclass(frozen=True)
class VersionEntry:
    """One row of the version-history table."""

    version: str
    date: date | None
    author: str = ""
    summary: str = ""


@dataclass(frozen=True)
class PolicyMetadata:
    """What the title page, the document-control table and the core properties say."""

    title: str = "Digital Policy"
    council: str = ""
    version: str = "1.0"
    status: str = "Draft"
    date: date = field(default_factory=date.today)
    owner: str = ""
    author: str = ""
    approved_by: str = ""
    committee: str = ""
    approval_date: date | None = None
    effective_date: date | None = None
    review_months: int = 6
    version_history: tuple[VersionEntry, ...] = ()
    supersedes: tuple[str, ...] = ()  # empty: derived from the source policies at export
    keywords: tuple[str, ...] = ("digital", "social media", "internet", "email", "mobile phone")
    classification: str = ""  # a protective marking ("OFFICIAL") for every page's header

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {self.status!r}")
        if not 1 <= self.review_months <= 120:
            raise ValueError(f"review_months must be 1 to 120, not {self.review_months}")

    @property
    def next_review_date(self) -> date:
        """Returns the approval date (or, before approval, the document date) plus the interval."""
        return add_months(self.approval_date or self.date, self.review_months)

    def history(self) -> tuple[VersionEntry, ...]:
        """Returns the version history, ending with this version when it is not listed yet."""
        if any(entry.version == self.version for entry in self.version_history):
            return self.version_history
        current = VersionEntry(self.version, self.date, self.author, _current_summary(self))
        return (*self.version_history, current)

    def superseded(self, sources: tuple[SourceInfo, ...]) -> tuple[str, ...]:
        """Returns the superseded policies: as given, else each source's title and version."""
        if self.supersedes:
            return self.supersedes
        return supersedes_from(sources)

    def to_json(self) -> str:
        """Returns the metadata as the JSON that load_metadata_json reads back."""
        data: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif f.name == "version_history":
                value = [
                    {
                        "version": e.version,
                        "date": e.date.isoformat() if e.date else None,
                        "author": e.author,
                        "summary": e.summary,
                    }
                    for e in value
                ]
            elif isinstance(value, tuple):
                value = list(value)
            data[f.name] = value
        return json.dumps(data, indent=2, ensure_ascii=False)


def add_months(start: date, months: int) -> date:
    """Returns `start` plus whole months, clamped to the month's end (31 Aug + 6 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def supersedes_from(sources: tuple[SourceInfo, ...]) -> tuple[str, ...]:
    """Returns "Title (version X)" for each source policy, in the order given."""
    return tuple(
        f"{s.title} (version {s.version})" if s.version else s.title for s in sources if s.title
    )


def _current_summary(meta: PolicyMetadata) -> str:
    return "First consolidated Digital Policy" if meta.version in ("1.0", "1") else ""


_DATE_FIELDS = {"date", "approval_date", "effective_date"}
_TEXT_FIELDS = {"title", "council", "version", "status", "owner", "author", "approved_by",
                "committee", "classification"}


def metadata_from_dict(data: dict, *, origin: str = "metadata") -> PolicyMetadata:
    """Returns PolicyMetadata from a JSON-like dict; raises ValueError naming the bad field."""
    if not isinstance(data, dict):
        raise ValueError(f"{origin} must be a JSON object with fields such as \"title\"")
    known = {f.name for f in fields(PolicyMetadata)} | {"next_review_date"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(
            f"{origin}: unknown field {unknown[0]!r}. Known fields: "
            + ", ".join(sorted(known - {"next_review_date"}))
        )
    values: dict[str, object] = {}
    for name, value in data.items():
        if name == "next_review_date":
            continue  # computed; accepted so that to_json output of other tools round-trips
        if name in _DATE_FIELDS:
            values[name] = _parse_date(value, name, origin, optional=name != "date")
        elif name in _TEXT_FIELDS:
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise ValueError(f"{origin}: \"{name}\" must be text, not {value!r}")
            values[name] = str(value)
        elif name == "review_months":
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(
                    f"{origin}: \"review_months\" must be a whole number, not {value!r}")
            values[name] = value
        elif name in ("supersedes", "keywords"):
            if isinstance(value, str):
                value = [part.strip() for part in value.split(",") if part.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{origin}: \"{name}\" must be a list of text")
            values[name] = tuple(value)
        elif name == "version_history":
            values[name] = tuple(_parse_history(value, origin))
    if values.get("status") is not None and values["status"] not in STATUSES:
        raise ValueError(
            f"{origin}: \"status\" must be one of {', '.join(STATUSES)}, not {values['status']!r}"
        )
    try:
        return replace(PolicyMetadata(), **values)
    except ValueError as exc:
        raise ValueError(f"{origin}: {exc}") from None


def load_metadata_json(path: str | Path) -> PolicyMetadata:
    """Returns the metadata in a JSON file; raises LoadError with a plain message when it is bad."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LoadError(f"{path.name} was not found.", path=str(path), reason="missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"{path.name} could not be read ({exc}).", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Fix it in a text editor and try again.",
            path=str(path),
            reason="corrupt",
        ) from None
    try:
        return metadata_from_dict(data, origin=path.name)
    except ValueError as exc:
        raise LoadError(f"{exc}. Fix it in a text editor and try again.", path=str(path),
                        reason="invalid") from None


def _parse_date(value: object, name: str, origin: str, *, optional: bool) -> date | None:
    if value in (None, "") and optional:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{origin}: \"{name}\" must be a date written YYYY-MM-DD, not {value!r}")


def _parse_history(value: object, origin: str) -> list[VersionEntry]:
    if not isinstance(value, list):
        raise ValueError(f"{origin}: \"version_history\" must be a list of versions")
    out = []
    for n, item in enumerate(value, 1):
        where = f"version_history entry {n}"
        if isinstance(item, list) and len(item) == 4:
            item = dict(zip(("version", "date", "author", "summary"), item, strict=True))
        if not isinstance(item, dict) or "version" not in item:
            raise ValueError(
                f"{origin}: {where} must have \"version\", \"date\", \"author\", \"summary\""
            )
        out.append(
            VersionEntry(
                version=str(item["version"]),
                date=_parse_date(item.get("date"), f"{where} date", origin, optional=True),
                author=str(item.get("author", "")),
                summary=str(item.get("summary", "")),
            )
        )
    return out
