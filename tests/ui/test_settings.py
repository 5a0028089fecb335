"""Settings: typed values survive a restart (a new Settings on the same ini file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray

from ui.main_window import MainWindow
from ui.settings import MAX_RECENT, Settings


def test_values_persist_across_instances(tmp_path):
    ini = tmp_path / "settings.ini"
    first = Settings(ini)
    first.set_window_geometry(QByteArray(b"geometry-bytes"))
    first.set_last_folder(tmp_path / "policies")
    first.set_export_settings({"title": "Digital Policy", "owner": "ICT", "version": 2})
    first.add_recent_session(tmp_path / "a.json")
    first.add_recent_session(tmp_path / "b.json")
    first.set_sources_panel_visible(False)
    first.sync()

    second = Settings(ini)
    assert Path(second.file_name) == ini  # Qt gives C:/... on Windows, where str(ini) is C:\\...
    assert bytes(second.window_geometry().data()) == b"geometry-bytes"
    assert second.last_folder() == str(tmp_path / "policies")
    assert second.export_settings() == {"title": "Digital Policy", "owner": "ICT", "version": 2}
    assert second.recent_sessions() == [str(tmp_path / "b.json"), str(tmp_path / "a.json")]
    assert second.sources_panel_visible() is False


def test_recent_lists_move_reopened_items_first_and_are_capped(settings, tmp_path):
    for n in range(MAX_RECENT + 3):
        settings.add_recent_file(tmp_path / f"{n}.docx")
    settings.add_recent_file(tmp_path / "5.docx")
    recent = settings.recent_files()
    assert len(recent) == MAX_RECENT
    assert recent[0] == str(tmp_path / "5.docx")
    assert recent.count(str(tmp_path / "5.docx")) == 1
    settings.add_recent_session("one.json")
    settings.remove_recent_session("one.json")
    assert settings.recent_sessions() == []


def test_a_single_recent_item_comes_back_as_a_list(settings):
    settings.add_recent_session("only.json")
    assert settings.recent_sessions() == ["only.json"]


def test_damaged_values_fall_back_to_defaults(tmp_path):
    ini = tmp_path / "settings.ini"
    ini.write_text("[recent]\nsessions=not json\n[export]\noptions=[1, 2]\n", encoding="utf-8")
    settings = Settings(ini)
    assert settings.recent_sessions() == []
    assert settings.export_settings() == {}
    assert settings.window_geometry() is None
    assert settings.sources_panel_visible() is True


def test_the_main_window_remembers_its_size_and_docks(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.resize(761, 517)  # inside the offscreen screen (800 x 600): restore would clamp it
    window.sources_dock.hide()
    size = (window.width(), window.height())
    assert size == (761, 517)
    window.close()
    assert settings.window_geometry() is not None

    reopened = MainWindow(Settings(settings.file_name))
    qtbot.addWidget(reopened)
    reopened.show()
    assert (reopened.width(), reopened.height()) == size
    assert not reopened.sources_dock.isVisible()
    reopened.close()
