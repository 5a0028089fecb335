"""Settings: one small typed wrapper over QSettings; the only module that reads or writes them."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Policy Consolidator"
APPLICATION = "Policy Consolidator"
MAX_RECENT = 10


class Settings:
    """Typed access to the user's settings.

    `Settings()` uses the platform store (the registry on Windows); `Settings(ini_path)` uses an
    ini file, which is what the tests do.
    """

    def __init__(self, ini_path: str | Path | None = None) -> None:
        if ini_path is None:
            self._qs = QSettings(ORGANIZATION, APPLICATION)
        else:
            self._qs = QSettings(str(ini_path), QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    def sync(self) -> None:
        self._qs.sync()

    def clear(self) -> None:
        self._qs.clear()

    # --- window -------------------------------------------------------------------------------

    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_window_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._qs.setValue("window/state", value)

    # --- recent files and sessions ---------------------------------------------------------

    def recent_files(self) -> list[str]:
        return self._strings("recent/files")

    def add_recent_file(self, path: str | Path) -> None:
        self._push_recent("recent/files", str(path))

    def recent_sessions(self) -> list[str]:
        return self._strings("recent/sessions")

    def add_recent_session(self, path: str | Path) -> None:
        self._push_recent("recent/sessions", str(path))

    def remove_recent_session(self, path: str | Path) -> None:
        items = [p for p in self.recent_sessions() if p != str(path)]
        self._qs.setValue("recent/sessions", json.dumps(items))

    def clear_recent_sessions(self) -> None:
        self._qs.setValue("recent/sessions", json.dumps([]))

    def recent_policies(self) -> list[dict[str, str]]:
        """Returns the Digital Policies exported or reviewed lately, newest first: each a dict
        with "path", "title", "version" and "next_review" (YYYY-MM-DD)."""
        raw = self._qs.value("recent/policies", "")
        try:
            value = json.loads(str(raw)) if raw else []
        except ValueError:
            return []
        keys = ("path", "title", "version", "next_review")
        return [{k: str(item.get(k, "")) for k in keys} for item in value
                if isinstance(item, dict) and item.get("path")] if isinstance(value, list) else []

    def add_recent_policy(self, path: str | Path, title: str, version: str,
                          next_review: str) -> None:
        """Remembers a Digital Policy and its next review date (for "Reviews due")."""
        entry = {"path": str(path), "title": title, "version": version,
                 "next_review": next_review}
        items = [e for e in self.recent_policies() if e["path"] != str(path)]
        self._qs.setValue("recent/policies", json.dumps([entry, *items][:MAX_RECENT]))

    def remove_recent_policy(self, path: str | Path) -> None:
        items = [e for e in self.recent_policies() if e["path"] != str(path)]
        self._qs.setValue("recent/policies", json.dumps(items))

    # --- folders and export ---------------------------------------------------------------------

    def last_folder(self) -> str:
        value = self._qs.value("paths/last_folder", "")
        return str(value) if value else ""

    def set_last_folder(self, folder: str | Path) -> None:
        self._qs.setValue("paths/last_folder", str(folder))

    def export_folder(self) -> str:
        """Returns the folder the Digital Policy was last exported to ("" at first): not the
        policies' own folder, often a shared one the author may not write to."""
        value = self._qs.value("paths/export_folder", "")
        return str(value) if value else ""

    def set_export_folder(self, folder: str | Path) -> None:
        self._qs.setValue("paths/export_folder", str(folder))

    def session_folder(self) -> str:
        """Returns the folder the last session was saved in or opened from ("" at first)."""
        value = self._qs.value("paths/session_folder", "")
        return str(value) if value else ""

    def set_session_folder(self, folder: str | Path) -> None:
        self._qs.setValue("paths/session_folder", str(folder))

    def export_settings(self) -> dict[str, object]:
        """Returns the export options the user chose last (title, owner, template, ...)."""
        raw = self._qs.value("export/options", "")
        try:
            value = json.loads(str(raw)) if raw else {}
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def set_export_settings(self, options: dict[str, object]) -> None:
        self._qs.setValue("export/options", json.dumps(options))

    def sources_panel_visible(self) -> bool:
        return self._bool("view/sources_panel", True)

    def set_sources_panel_visible(self, visible: bool) -> None:
        self._qs.setValue("view/sources_panel", bool(visible))

    # --- helpers -------------------------------------------------------------------------------

    def _push_recent(self, key: str, path: str) -> None:
        items = [p for p in self._strings(key) if p != path]
        items.insert(0, path)
        self._qs.setValue(key, json.dumps(items[:MAX_RECENT]))

    def _strings(self, key: str) -> list[str]:
        # Stored as JSON text: QSettings' own lists come back as str for one item on some backends.
        raw = self._qs.value(key, "")
        try:
            value = json.loads(str(raw)) if raw else []
        except ValueError:
            return []
        return [str(v) for v in value] if isinstance(value, list) else []

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _bool(self, key: str, default: bool) -> bool:
        value = self._qs.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)
