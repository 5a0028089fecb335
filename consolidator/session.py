"""Session <-> versioned JSON: sources with content hashes, pins, decisions, edits, metadata."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from consolidator.consolidation.align import Pin, PinKind
from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.consolidation.topics import channel_of_document
from consolidator.errors import WriteError
from consolidator.fileio import write_bytes_atomic, write_text_atomic
from consolidator.model import SourceDocument, content_id

SCHEMA = "policy-consolidator/session"
VERSION = 2  # 2: section edits (ADD_SECTION, SPLIT, MERGE_SECTION decisions)
# Sessions without section edits are still written as version 1, which older apps read.
_VERSION_2_KINDS = frozenset({DecisionKind.ADD_SECTION, DecisionKind.SPLIT,
                              DecisionKind.MERGE_SECTION})


class SessionError(Exception):
    """A session file cannot be used. `str()` is a plain message for the user."""

    def __init__(self, message: str, *, path: str = "", reason: str = "damaged") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason  # "damaged", "newer", "not-found", "unreadable"


@dataclass(frozen=True)
class SessionSource:
    path: str
    content_hash: str  # SourceDocument.id: the hash of the file's bytes
    kind: str = "other"  # "email", "internet", "social-media", "mobile-phone", "other"
    title: str = ""


@dataclass(frozen=True)
class CompareSide:
    """One side of the comparison the author had open: a file, and a section of it ("" for
    the whole policy)."""

    path: str
    section_id: str = ""


@dataclass(frozen=True)
class Session:
    """What the author did, separate from what is derived: enough to rebuild the merge."""

    sources: tuple[SessionSource, ...] = ()
    pins: tuple[Pin, ...] = ()
    decisions: tuple[Decision, ...] = ()  # every decision but the author's own wordings
    edits: tuple[Decision, ...] = ()  # CUSTOM decisions: the author's own wordings
    metadata: tuple[tuple[str, str], ...] = ()  # document control: title, version, owner, ...
    compare: tuple[CompareSide, ...] = ()  # the two sides of the Compare view, or none

    @property
    def all_decisions(self) -> tuple[Decision, ...]:
        return self.decisions + self.edits


@dataclass(frozen=True)
class SourceCheck:
    """The state of a session's source on reopen."""

    source: SessionSource
    status: str  # "unchanged", "changed", "missing"
    current_hash: str = ""

    @property
    def message(self) -> str:
        name = Path(self.source.path).name
        if self.status == "changed":
            return (f"{name} has changed since the session was saved; decisions about clauses "
                    "that are no longer there will be listed.")
        if self.status == "missing":
            return f"{name} is no longer at {self.source.path}. Locate it or remove it."
        return f"{name} is unchanged."


def session_from(
    docs: list[SourceDocument] | tuple[SourceDocument, ...],
    pins=(),
    decisions=(),
    metadata: dict[str, str] | None = None,
    compare: tuple[CompareSide, ...] = (),
) -> Session:
    """Returns a Session for these documents, pins and plan decisions (custom wordings as edits)
    and the comparison on screen (`compare`: its two sides, or none)."""
    decisions = tuple(decisions)
    return Session(
        sources=tuple(
            SessionSource(d.path, d.id, channel_of_document(d.title, d.path), d.title)
            for d in docs
        ),
        pins=tuple(pins),
        decisions=tuple(d for d in decisions if d.kind is not DecisionKind.CUSTOM),
        edits=tuple(d for d in decisions if d.kind is DecisionKind.CUSTOM),
        metadata=tuple(sorted((metadata or {}).items())),
        compare=tuple(compare),
    )


def session_to_json(session: Session) -> str:
    """Returns the session as versioned JSON text."""
    data = {
        "schema": SCHEMA,
        "version": VERSION if any(d.kind in _VERSION_2_KINDS
                                  for d in session.all_decisions) else 1,
        "sources": [
            {"path": s.path, "hash": s.content_hash, "kind": s.kind, "title": s.title}
            for s in session.sources
        ],
        "pins": [{"kind": p.kind.value, "sections": list(p.section_ids)} for p in session.pins],
        "decisions": [_decision_json(d) for d in session.decisions],
        "edits": [_decision_json(d) for d in session.edits],
        "metadata": dict(session.metadata),
    }
    if session.compare:  # only when there is one: older apps ignore the key
        data["compare"] = [{"path": c.path, "section": c.section_id} for c in session.compare]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def session_from_json(text: str, name: str = "The session file") -> Session:
    """Returns the Session in `text`; raises SessionError (plain message) when it can't be used."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SessionError(
            f"{name} is damaged (not valid JSON at line {getattr(exc, 'lineno', '?')}) and was "
            "not opened. The file was left as it is; open its autosaved copy or start again.",
        ) from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise SessionError(f"{name} is not a Policy Consolidator session file. It was left as "
                           "it is.")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise SessionError(f"{name} is damaged (its version number is missing). It was left as "
                           "it is.")
    if version > VERSION:
        raise SessionError(
            f"{name} was saved by a newer version of Policy Consolidator (session format "
            f"{version}; this version reads up to {VERSION}). Update the app to open it. The "
            "file was left as it is.", reason="newer",
        )
    try:
        return Session(
            sources=tuple(
                SessionSource(str(s["path"]), str(s["hash"]), str(s.get("kind", "other")),
                              str(s.get("title", "")))
                for s in data.get("sources", [])
            ),
            pins=tuple(Pin(PinKind(p["kind"]), tuple(str(x) for x in p["sections"]))
                       for p in data.get("pins", [])),
            decisions=tuple(_decision_from(d) for d in data.get("decisions", [])),
            edits=tuple(_decision_from(d) for d in data.get("edits", [])),
            metadata=tuple(sorted((str(k), str(v))
                                  for k, v in dict(data.get("metadata", {})).items())),
            compare=tuple(CompareSide(str(c["path"]), str(c.get("section", "")))
                          for c in data.get("compare", [])[:2]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SessionError(
            f"{name} is damaged (an entry is incomplete: {exc}) and was not opened. The file was "
            "left as it is.",
        ) from exc


def save_session(session: Session, path: str | Path, *, backup: bool = False) -> Path:
    """Returns the path after writing the session atomically.

    With backup=True an existing file is first copied to `<name>.bak` (also atomically).
    """
    path = Path(path)
    if backup and path.exists():
        try:
            write_bytes_atomic(path.with_name(path.name + ".bak"), path.read_bytes())
        except (WriteError, OSError) as exc:  # name the file the author saved, not the .bak
            detail = str(exc) if isinstance(exc, WriteError) else (exc.strerror or str(exc))
            raise WriteError(f"{path.name} could not be saved: a backup of the previous version "
                             f"could not be made first. {detail}", path=str(path)) from exc
    return write_text_atomic(path, session_to_json(session))


def load_session(path: str | Path) -> Session:
    """Returns the session saved at `path`; raises SessionError with a plain message.

    The file is only read, never changed, whatever is wrong with it.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SessionError(f"{path.name} was not found at {path.parent}.", path=str(path),
                           reason="not-found") from exc
    except OSError as exc:
        raise SessionError(f"{path.name} cannot be read ({exc.strerror or exc}).",
                           path=str(path), reason="unreadable") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SessionError(f"{path.name} is damaged (not text) and was not opened. The file was "
                           "left as it is.", path=str(path)) from exc
    try:
        return session_from_json(text, path.name)
    except SessionError as exc:
        raise SessionError(str(exc), path=str(path), reason=exc.reason) from exc


def check_sources(session: Session) -> tuple[SourceCheck, ...]:
    """Returns, per source, whether its file is unchanged, changed (hash differs) or missing."""
    out: list[SourceCheck] = []
    for source in session.sources:
        try:
            current = content_id(Path(source.path).read_bytes())
        except OSError:
            out.append(SourceCheck(source, "missing"))
            continue
        status = "unchanged" if current == source.content_hash else "changed"
        out.append(SourceCheck(source, status, current))
    return tuple(out)


def autosave_path(data_dir: str | Path, session: Session, name: str = "",
                  *, create: bool = True) -> Path:
    """Returns the autosave file: `<data_dir>/autosave/<name or sources hash>.session.json`.

    The caller passes its user data directory (the core never reads settings); the autosave
    folder is created unless create=False. The name is stable for the same set of sources, so
    reopening them finds the autosave.
    """
    key = name or hashlib.sha1(
        "|".join(sorted(s.content_hash for s in session.sources)).encode()
    ).hexdigest()[:12]
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in key)
    folder = Path(data_dir) / "autosave"
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{safe}.session.json"


def _decision_json(d: Decision) -> dict:
    out: dict = {"kind": d.kind.value, "target": d.target}
    if d.value:
        out["value"] = d.value
    if d.order:
        out["order"] = list(d.order)
    if d.note:
        out["note"] = d.note
    if d.parent:
        out["parent"] = d.parent
    return out


def _decision_from(data: dict) -> Decision:
    return Decision(
        kind=DecisionKind(data["kind"]),
        target=str(data["target"]),
        value=str(data.get("value", "")),
        order=tuple(str(x) for x in data.get("order", [])),
        note=str(data.get("note", "")),
        parent=str(data.get("parent", "")),
    )

