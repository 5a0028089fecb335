"""run_app(): the desktop app's start-up — QApplication, single instance, exception hook, main
window, files."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QTimer
from PySide6.QtWidgets import QApplication

from consolidator.fileio import write_bytes_atomic
from ui import theme
from ui.errors import ExceptionHook
from ui.main_window import MainWindow
from ui.process import favour_the_ui_thread, guard_pyside_refcounts
from ui.settings import APPLICATION, ORGANIZATION, Settings
from ui.single_instance import hand_over, serve_window
from ui.views import install_views


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # raise instead of exiting the process
        raise _UsageError(message)


def parse_args(args: list[str]) -> argparse.Namespace:
    parser = _Parser(prog="policy-consolidator", add_help=False)
    parser.add_argument("files", nargs="*")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--screenshot", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--settings", metavar="INI", help=argparse.SUPPRESS)
    # Start, load the bundled samples, check they loaded, exit: the packaged build's self-check.
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(args)


def application() -> QApplication:
    """Returns the QApplication, creating it (with the names QSettings uses) when needed."""
    guard_pyside_refcounts()
    favour_the_ui_thread()
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setWindowIcon(theme.app_icon())
    if theme.FOCUS_STYLE not in app.styleSheet():
        app.setStyleSheet(app.styleSheet() + theme.FOCUS_STYLE)
    return app


def build_main_window(options: argparse.Namespace, settings: Settings | None = None, *,
                      views_after_paint: bool = False) -> MainWindow:
    """Returns the shown main window, with the files (or samples) of `options` loading.

    With `views_after_paint`, the Compare and Consolidate views (and the analysis modules they
    import, a fifth of a second) are added, and the files loaded, only once the window has
    painted itself: the user sees the window sooner, and nothing loads before its views exist."""
    window = MainWindow(settings or Settings(options.settings))
    paths = requested_files(options)

    def finish() -> None:
        install_views(window)
        if paths:
            window.open_paths(paths)

    if views_after_paint:
        window.show()
        _after_first_paint(window, finish)
    else:
        finish()
        window.show()
    return window


def requested_files(options: argparse.Namespace) -> list[str]:
    """Returns the files the launch asks for: those named, then the samples for --demo."""
    paths = [str(p) for p in options.files]
    if options.demo:
        paths.extend(str(p) for p in theme.sample_policies())
    return paths


def _after_first_paint(window: MainWindow, then) -> None:
    """Calls `then` once, right after the window's first paint (or after half a second)."""
    from PySide6.QtCore import QEvent, QObject

    done: list[bool] = []

    def run_once() -> None:
        if not done:
            done.append(True)
            window.removeEventFilter(watcher)
            then()

    class _FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802  (Qt's name)
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, run_once)
            return False

    watcher = _FirstPaint(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(500, run_once)


def ensure_std_streams() -> None:
    """Points missing standard streams at the null device.

    The packaged Windows app is windowed (no console): started from Explorer or a shortcut it has
    no stdout or stderr, so sys.stdout and sys.stderr are None and anything writing to them (the
    exception hook echoing a traceback, a library's warning) would fail with AttributeError.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def run_app(args: list[str]) -> int:
    """Runs the app until its window closes; returns the exit status (2 for bad usage)."""
    ensure_std_streams()
    try:
        options = parse_args(args)
    except _UsageError as exc:
        print(f"policy-consolidator: {exc}", file=sys.stderr)
        return 2
    app = application()
    single = not (options.smoke_test or options.screenshot)  # checks run beside a real app
    if single and hand_over(requested_files(options)):
        return 0  # the running window took the files and came to the front
    window_ref: list[MainWindow] = []
    hook = ExceptionHook(lambda: window_ref[0] if window_ref else None).install()
    try:
        window = build_main_window(
            options, views_after_paint=not (options.screenshot or options.smoke_test))
        window_ref.append(window)
        if single:
            serve_window(window, window.open_paths)
        if options.screenshot:
            _save_screenshot_when_idle(window, Path(options.screenshot))
        if options.smoke_test:
            return _smoke_test(app, window)
        return app.exec()
    finally:
        hook.uninstall()


def _smoke_test(app: QApplication, window: MainWindow) -> int:
    """Returns 0 once the sample policies have loaded into the window, 1 if they did not."""
    outcome: list[int] = []

    def check() -> None:
        if window.runner.is_busy():
            QTimer.singleShot(100, check)
            return
        loaded = len(window.sources_model.documents())
        expected = len(theme.sample_policies())
        print(f"smoke test: {loaded} of {expected} sample policies loaded", file=sys.stderr)
        outcome.append(0 if expected and loaded == expected else 1)
        window.close()
        app.quit()

    if not window.runner.is_busy() and not window.sources_model.documents():
        window.add_files(list(theme.sample_policies()))
    QTimer.singleShot(200, check)
    QTimer.singleShot(60_000, lambda: (outcome.append(1), app.quit()))  # never hang a build
    app.exec()
    return outcome[0] if outcome else 1


def _png_bytes(window: MainWindow) -> bytes:
    """Returns a grab of the window as PNG bytes (saved through fileio, atomically)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    window.grab().save(buffer, "PNG")
    return bytes(buffer.data())


def _save_screenshot_when_idle(window: MainWindow, target: Path) -> None:
    """Saves a grab of the window once loading is done, then quits (for the README)."""

    def save() -> None:
        if window.runner.is_busy():
            QTimer.singleShot(100, save)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, _png_bytes(window))
        window.close()
        QApplication.instance().quit()

    QTimer.singleShot(200, save)
