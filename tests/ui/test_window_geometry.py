"""The first window fits the screen it opens on, large or small, at 100% or 150% scaling, and a
remembered window is brought back onto a smaller screen (issue #15, point 3)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt

from ui.window_geometry import first_geometry, fits, fitted_geometry

LARGE = QRect(0, 0, 1600, 1000 - 40)  # a 1600 x 1000 screen less the taskbar
SMALL = QRect(0, 0, 1366, 768 - 40)
SMALL_150 = QRect(0, 0, 1366 * 2 // 3, (768 - 40) * 2 // 3)  # what Qt gives at 150% scaling


@pytest.mark.parametrize("available", [LARGE, SMALL, SMALL_150])
def test_first_start_takes_about_85_percent_of_the_screen_centred(available):
    rect = first_geometry(available)
    assert available.contains(rect)
    assert abs(rect.width() - 0.85 * available.width()) <= 1
    assert abs(rect.height() - 0.85 * available.height()) <= 1
    assert abs(rect.center().x() - available.center().x()) <= 1


def test_a_window_remembered_on_a_large_screen_is_brought_onto_a_small_one():
    remembered = QRect(200, 150, 1500, 900)
    rect = fitted_geometry(remembered, SMALL)
    assert SMALL.contains(rect)
    assert (rect.width(), rect.height()) == (1366, 728)
    off_screen = fitted_geometry(QRect(3000, 2000, 800, 600), SMALL)
    assert SMALL.contains(off_screen) and off_screen.size() == QSize(800, 600)


def test_the_main_window_opens_at_85_percent_and_follows_a_smaller_screen(qtbot, settings):
    from ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.place_on_screen(LARGE)
    assert window.geometry() == first_geometry(LARGE)
    settings.set_window_geometry(window.saveGeometry())
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.place_on_screen(SMALL)
    assert SMALL.contains(again.geometry())


def test_every_view_fits_a_small_screen_at_150_percent(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view
    from ui.views import install_compare_view

    install_compare_view(main_window)
    install_consolidate_view(main_window, data_dir=str(tmp_path))
    for key in ("compare", "consolidate", "preview"):
        main_window.show_view(key)
        assert fits(main_window.minimumSizeHint(), SMALL_150), (key,
                                                                main_window.minimumSizeHint())


def test_the_toolbar_drops_its_words_when_they_do_not_fit(qtbot, main_window):
    main_window.resize(1400, 800)
    qtbot.waitUntil(lambda: main_window.toolbar.toolButtonStyle()
                    == Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    main_window.resize(600, 800)
    qtbot.waitUntil(lambda: main_window.toolbar.toolButtonStyle()
                    == Qt.ToolButtonStyle.ToolButtonIconOnly)
    assert main_window.toolbar.sizeHint().width() <= main_window.width()
    main_window.resize(1400, 800)
    qtbot.waitUntil(lambda: main_window.toolbar.toolButtonStyle()
                    == Qt.ToolButtonStyle.ToolButtonTextBesideIcon)


def test_a_window_grown_by_its_views_is_moved_back_onto_the_screen(qtbot, main_window):
    main_window.setGeometry(QRect(300, 100, 500, 300))  # smaller than its views need
    main_window.keep_on_screen(SMALL_150)
    rect = main_window.geometry()
    assert SMALL_150.contains(rect)
    assert rect.width() >= main_window.minimumSizeHint().width()
