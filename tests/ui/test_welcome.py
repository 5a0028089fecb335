"""The welcome page: shown until policies are loaded; its buttons and recent sessions work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.ui.helpers import write_docx_policy
from ui import theme
from ui.main_window import MainWindow
from ui.welcome import WelcomePage


def test_the_welcome_page_shows_first(main_window):
    assert main_window.central.currentWidget() is main_window.welcome
    assert main_window.welcome.isVisible()
    assert main_window.welcome.no_recent_label.isVisible()
    assert not main_window.welcome.session_button.isEnabled()  # no session support bound yet


def test_open_the_sample_policies_loads_the_four_samples(main_window, qtbot):
    assert main_window.welcome.samples_button.isEnabled()
    with qtbot.waitSignal(main_window.loading_finished, timeout=30000):
        qtbot.mouseClick(main_window.welcome.samples_button, Qt.MouseButton.LeftButton)
    entries = main_window.sources_model.entries()
    assert len(entries) == 4
    assert sorted(e.document.name for e in entries) == sorted(
        p.name for p in theme.sample_policies())
    assert all(e.document.format == "docx" for e in entries)
    assert main_window.central.currentWidget() is main_window.work_tabs


def test_add_policies_loads_word_documents_chosen_in_the_dialog(main_window, qtbot, tmp_path,
                                                               monkeypatch):
    paths = [
        write_docx_policy(tmp_path, "Email Policy.docx", "Email Policy",
                          ["Email must be used responsibly.", "Attachments are scanned."]),
        write_docx_policy(tmp_path, "Internet Policy.docx", "Internet Policy",
                          ["Internet access is for work.", "Browsing is logged."]),
    ]
    asked = []

    def fake_dialog(parent, caption, folder, filters):
        asked.append(caption)
        return [str(p) for p in paths], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake_dialog))
    with qtbot.waitSignal(main_window.loading_finished, timeout=10000):
        qtbot.mouseClick(main_window.welcome.add_button, Qt.MouseButton.LeftButton)
    assert asked == ["Add policies"]
    entries = main_window.sources_model.entries()
    assert [e.kind.value for e in entries] == ["email", "internet"]
    assert "Attachments are scanned." in entries[0].document.plain_text()
    assert main_window.settings.last_folder() == str(tmp_path)
    assert main_window.settings.recent_files()[0] == str(paths[-1])


def test_open_session_and_recent_sessions_work_once_sessions_are_bound(qtbot, settings):
    settings.add_recent_session("C:/Policies/digital.json")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    welcome = window.welcome
    assert welcome.recent_list.count() == 1
    assert welcome.recent_list.item(0).text() == "digital.json"
    assert not window.recent_menu.isEnabled()
    opened = []
    window.bind_action("open_session", lambda: opened.append("dialog"))
    assert welcome.session_button.isEnabled() and window.recent_menu.isEnabled()
    welcome.session_button.click()
    assert opened == ["dialog"]
    with qtbot.waitSignal(window.recent_session_requested) as blocker:
        welcome.recent_list.itemActivated.emit(welcome.recent_list.item(0))
    assert blocker.args == ["C:/Policies/digital.json"]


def test_the_samples_button_is_disabled_when_no_samples_are_installed(qtbot, monkeypatch,
                                                                      settings):
    monkeypatch.setattr(theme, "sample_policies", lambda: [])
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert not window.welcome.samples_button.isEnabled()
    assert "not installed" in window.welcome.samples_button.description()


def test_every_welcome_control_has_an_accessible_name(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    for control in (page.add_button, page.samples_button, page.session_button,
                    page.recent_list):
        assert control.accessibleName()
