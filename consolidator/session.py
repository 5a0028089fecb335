"""Session <-> versioned JSON: sources with content hashes, pins, decisions, edits, metadata."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from consolidator.consolidation.align import Pin, PinKind
from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.consolidation.topics import channels_of_documents, chosen_channel, with_channel
from consolidator.errors import LoadError, WriteError, printable
from consolidator.fileio import json_text, write_bytes_atomic, write_text_atomic
from consolidator.model import SourceDocument, content_id
from consolidator.source_files import read_file_bytes, remote_or_device

SCHEMA = "policy-consolidator/session"
MAX_SESSION_BYTES = 32 * 1024 * 1024  # a session with 10,000 decisions is about 2 MB
MAX_PATH_CHARS = 32_767  # the longest path Windows allows
VERSION = 3  # 2: section edits (ADD_SECTION, SPLIT, MERGE_SECTION); 3: proposals (REWORD)
# A session is written with the lowest version that holds its decisions, which older apps read.
_VERSION_2_KINDS = frozenset({DecisionKind.ADD_SECTION, DecisionKind.SPLIT,
                              DecisionKind.MERGE_SECTION})
_VERSION_3_KINDS = frozenset({DecisionKind.REWORD})


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
    size: int = 0  # bytes (0: not recorded, as in sessions saved before it was)
    chosen: bool = False  # the author chose `kind` (else the draft guessed it)


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
    status: str  # "unchanged", "changed", "missing", "refused"; "ready" before it is read
    current_hash: str = ""
    reason: str = ""  # why it was refused

    @property
    def usable(self) -> bool:
        """True when the file may be loaded (it is a regular local file)."""
        return self.status in ("unchanged", "changed", "ready")

    @property
    def message(self) -> str:
        name = printable(Path(self.source.path).name)
        if self.status == "changed":
            return (f"{name} has changed since the session was saved; decisions about clauses "
                    "that are no longer there will be listed.")
        if self.status == "missing":
            return (f"{name} is no longer at {printable(self.source.path)}. Locate it or "
                    "remove it.")
        if self.status == "refused":
            return f"{name} was not opened: {self.reason}."
        return f"{name} is unchanged." if self.status == "unchanged" else f"{name} is there."


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
    channels = channels_of_documents(docs)
    return Session(
        sources=tuple(
            SessionSource(d.path, d.id, channels[d.id], d.title, d.size,
                          bool(chosen_channel(d)))
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
        "version": _version_for(session.all_decisions),
        "sources": [
            {"path": s.path, "hash": s.content_hash, "kind": s.kind, "title": s.title,
             **({"size": s.size} if s.size else {}), **({"chosen": True} if s.chosen else {})}
            for s in session.sources
        ],
        "pins": [{"kind": p.kind.value, "sections": list(p.section_ids)} for p in session.pins],
        "decisions": [_decision_json(d) for d in session.decisions],
        "edits": [_decision_json(d) for d in session.edits],
        "metadata": dict(session.metadata),
    }
    if session.compare:  # only when there is one: older apps ignore the key
        data["compare"] = [{"path": c.path, "section": c.section_id} for c in session.compare]
    return json_text(data)


def _version_for(decisions) -> int:
    kinds = {d.kind for d in decisions}
    return 3 if kinds & _VERSION_3_KINDS else 2 if kinds & _VERSION_2_KINDS else 1


def session_from_json(text: str, name: str = "The session file") -> Session:
    """Returns the Session in `text`; raises SessionError (plain message) when it can't be used.

    A session is data: every value is checked for its type and size, and anything else (a
    number of thousands of digits, nesting hundreds deep, a path that is not text) is refused
    as damaged.
    """
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SessionError(
            f"{name} is damaged (not valid JSON at line {getattr(exc, 'lineno', '?')}) and was "
            "not opened. The file was left as it is; open its autosaved copy or start again.",
        ) from exc
    except (ValueError, RecursionError) as exc:  # huge numbers, deep nesting
        raise SessionError(f"{name} is damaged (it holds values no session has: numbers too "
                           "long or lists nested too deep) and was not opened. The file was "
                           "left as it is.") from exc
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
            sources=tuple(_source_from(s) for s in _items(data, "sources")),
            pins=tuple(Pin(PinKind(_text(p["kind"])), tuple(_text(x) for x in _list(p["sections"])))
                       for p in _items(data, "pins")),
            decisions=tuple(_decision_from(d) for d in _items(data, "decisions")),
            edits=tuple(_decision_from(d) for d in _items(data, "edits")),
            metadata=tuple(sorted((_text(k), _text(v)) for k, v in
                                  _mapping(data.get("metadata", {})).items())),
            compare=tuple(CompareSide(_text(c["path"]), _text(c.get("section", "")))
                          for c in map(_mapping, _items(data, "compare")[:2])),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SessionError(
            f"{name} is damaged (an entry is incomplete or not what a session holds: {exc}) and "
            "was not opened. The file was left as it is.",
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
        data = read_file_bytes(path, limit=MAX_SESSION_BYTES, what="session file")
    except LoadError as exc:
        reason = "not-found" if exc.reason == "not-found" else "unreadable"
        message = (f"{printable(path.name)} was not found at {printable(str(path.parent))}."
                   if reason == "not-found" else str(exc).replace(
                       "far larger than any policy document", "far larger than any session"))
        raise SessionError(message, path=str(path), reason=reason) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SessionError(f"{path.name} is damaged (not text) and was not opened. The file was "
                           "left as it is.", path=str(path)) from exc
    try:
        return session_from_json(text, path.name)
    except SessionError as exc:
        raise SessionError(str(exc), path=str(path), reason=exc.reason) from exc


def inspect_sources(session: Session) -> tuple[SourceCheck, ...]:
    """Returns, per source, without reading any file: "ready" (a regular local file of the
    recorded size), "changed" (another size), "missing", or "refused" (a network or device
    path, a folder, a pipe: a session is data, and never makes the app reach those)."""
    return tuple(_inspect(source) for source in session.sources)


def check_sources(session: Session) -> tuple[SourceCheck, ...]:
    """Returns, per source, whether its file is unchanged, changed (size or hash differs),
    missing or refused; only regular local files of the recorded size are read (bounded)."""
    out: list[SourceCheck] = []
    for check in inspect_sources(session):
        if check.status != "ready":
            out.append(check)
            continue
        try:
            current = content_id(read_file_bytes(check.source.path))
        except LoadError as exc:
            status = "missing" if exc.reason == "not-found" else "refused"
            out.append(SourceCheck(check.source, status, reason=str(exc)))
            continue
        status = "unchanged" if current == check.source.content_hash else "changed"
        out.append(SourceCheck(check.source, status, current))
    return tuple(out)


def _inspect(source: SessionSource) -> SourceCheck:
    problem = remote_or_device(source.path)
    if problem:
        return SourceCheck(source, "refused", reason=problem)
    try:
        info = os.stat(source.path)
    except (OSError, ValueError):
        return SourceCheck(source, "missing")
    if not stat.S_ISREG(info.st_mode):
        return SourceCheck(source, "refused", reason="it is not a document saved on disk "
                           "(a folder, device or pipe)")
    if source.size and info.st_size != source.size:
        return SourceCheck(source, "changed")
    return SourceCheck(source, "ready")


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


def _decision_from(data: object) -> Decision:
    data = _mapping(data)
    return Decision(
        kind=DecisionKind(_text(data["kind"])),
        target=_text(data["target"]),
        value=_text(data.get("value", "")),
        order=tuple(_text(x) for x in _list(data.get("order", []))),
        note=_text(data.get("note", "")),
        parent=_text(data.get("parent", "")),
    )


def _source_from(data: object) -> SessionSource:
    data = _mapping(data)
    size = data.get("size", 0)
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size < 1 << 40:
        raise ValueError(f"a source's size is {str(size)[:20]!r}")
    path = _text(data["path"])
    if not path or len(path) > MAX_PATH_CHARS:
        raise ValueError("a source's path is empty or too long")
    return SessionSource(path, _text(data["hash"]), _text(data.get("kind", "other")),
                         _text(data.get("title", "")), size, data.get("chosen") is True)


def _text(value: object) -> str:
    """Returns a session's text value; raises ValueError for anything else (a list, a number)."""
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return value


def _list(value: object) -> list:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, found {type(value).__name__}")
    return value


def _mapping(value: object) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"expected an object, found {type(value).__name__}")
    return value


def _items(data: dict, key: str) -> list:
    return _list(data.get(key, []))


def with_chosen_channels(docs: list[SourceDocument], session: Session) -> list[SourceDocument]:
    """Returns the policies with the channels the author chose in `session` (the "Covers" the
    session's draft was made with), matched by content."""
    chosen = {s.content_hash: s.kind for s in session.sources if s.chosen}
    return [with_channel(d, chosen[d.id]) if d.id in chosen else d for d in docs]
