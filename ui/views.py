"""install_views(): puts the work-area views into the main window and binds their actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def install_views(window: MainWindow) -> None:
    """Adds every finished view to `window` (one call, from the window or the app start-up)."""
    compare = install_compare_view(window)
    consolidate = __import__("ui.consolidate_view").consolidate_view.install_consolidate_view(
        window)
    __import__("ui.review_controller").review_controller.install_review(window)
    link_views(window, compare, consolidate)


def link_views(window: MainWindow, compare, consolidate):
    """Links Compare with the Digital Policy being drafted: the draft offered in Compare's
    pickers, "Use in Digital Policy" applied to the plan, "Show in source" opening Compare at
    a clause. Returns the CompareLink."""
    from ui.compare_link import CompareLink

    link = CompareLink(compare)
    compare.link = link
    consolidate.controller.draft_document_updated.connect(link.set_draft)
    link.wording_offered.connect(consolidate.take_offered_wording)

    def show_source(document_id: str, block_id: str) -> None:
        window.show_view("compare")
        link.show_source_at(document_id, block_id)

    consolidate.variants.source_requested.connect(show_source)
    return link


def install_compare_view(window: MainWindow):
    """Returns the Compare view, added to the window with Next/Previous change, Find, Export."""
    from ui.compare_export import export_formats
    from ui.compare_view import CompareView

    existing = window.views.get("compare")
    if isinstance(existing, CompareView):
        return existing
    view = CompareView(window.sources_model, window.run_task,
                       loading=lambda: any(t.channel == "sources" for t in window.runner.running()),
                       stop_stale=lambda: window.runner.invalidate("compare"))
    window.loading_finished.connect(view.resume)
    # loading_finished comes while the loading task is still listed as running: resume again
    # once the runner has let go of it, so the waiting comparison cannot be left waiting
    window.runner.task_finished.connect(view.resume)  # (disconnected when the view goes)
    window.add_view("compare", "Compare", view)

    def when_shown(slot):
        # only while this view is the window's Compare view and on screen
        return lambda *_: slot() if window.views.get("compare") is view and view.isVisible() \
            else None

    next_change = window.bind_action("next_change", when_shown(view.next_change))
    previous_change = window.bind_action("previous_change", when_shown(view.previous_change))

    def update_change_actions(*_args) -> None:
        # only while the Compare view is on screen with changes to go to (Consolidate and
        # Preview have no changes: the actions must not look as if they did something there)
        on_screen = window.views.get("compare") is view and window.current_view_key() == \
            "compare"
        changes = view.presentation is not None and view.presentation.diff.change_count > 0
        for action in (next_change, previous_change):
            action.setEnabled(on_screen and changes)

    window.view_changed.connect(update_change_actions)
    view.comparison_shown.connect(update_change_actions)
    view.export_available_changed.connect(update_change_actions)
    update_change_actions()
    export = window.bind_action("export_comparison", when_shown(view.export_comparison),
                                enabled=view.can_export())
    if not export_formats():
        export.setToolTip("Exporting a comparison is not available in this version yet.")
    view.export_available_changed.connect(
        lambda available: export.setEnabled(available and window.views.get("compare") is view))
    view.message.connect(lambda text: window.statusBar().showMessage(text, 10000))
    return view
