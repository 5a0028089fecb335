"""A whole review on copies of the samples, offscreen, with pictures of it.

    uv run python tools/review_screenshots.py [--out docs/screenshots] [--keep FOLDER]

Builds the samples from their Markdown into a throw-away folder, approves a Digital Policy 1.0
from them (with a few decisions of the author's), edits two of the policies (the Email Policy
rewords a clause, the Social Media Policy gains a section on generative AI tools), then starts the
review in the app and makes the committee pack there. Writes review.png (the Review view),
review-decisions.png, review-welcome.png (a review due on the welcome page), and, when
LibreOffice and pdftoppm are installed, review-summary-page1.png and review-redline-page1.png
(page 1 of each as LibreOffice renders it). The bundled samples are never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OLD_CLAUSE = "Emails must be accurate, courteous and written in plain English."
NEW_CLAUSE = "Emails must be accurate, courteous, brief and written in plain English."
AI_SECTION = ("# Generative AI tools\n\nStaff must not paste personal data or confidential "
              "information into generative AI tools such as chatbots.\n\nContent drafted with "
              "a generative AI tool must be checked by a member of staff before it is "
              "posted.\n\n# Monitoring")


def approve_first_version(folder: Path) -> Path:
    """Returns Digital Policy 1.0.docx, made in `folder` from the policies there (merge with a
    session holding an own wording, an exclusion and a conflict kept)."""
    from consolidator.cli import main as cli_main
    from consolidator.consolidation.align import align_sections
    from consolidator.consolidation.clauses import analyse_clauses
    from consolidator.consolidation.draft import draft_plan
    from consolidator.consolidation.plan import Decision, DecisionKind
    from consolidator.readers import read_document
    from consolidator.session import save_session, session_from

    sources = sorted(folder.glob("*.docx"))
    docs = [read_document(p) for p in sources]
    alignment = align_sections(docs)
    analysis = analyse_clauses(docs, alignment)
    plan = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
    email = next(d for d in docs if d.title == "Email Policy")
    of_block = plan.clause_of_block()

    def clause(text: str) -> str:
        block = next(b for b in email.blocks if text in b.text)
        return of_block[f"{email.id}/{block.id}"]

    plan = plan.with_decisions([
        Decision(DecisionKind.CUSTOM, clause(OLD_CLAUSE),
                 value="Emails must be accurate, polite and written in plain English."),
        Decision(DecisionKind.EXCLUDE, clause("chain letters")),
        Decision(DecisionKind.KEEP, plan.conflicts[0].id)])
    work = folder.parent
    save_session(session_from(docs, alignment.pins, plan.decisions), work / "v1.pcsession")
    (work / "control.json").write_text(json.dumps({
        "council": "Fernbrook District Council", "status": "Approved", "date": "2026-11-20",
        "approval_date": "2026-12-10", "committee": "Corporate Governance Committee",
        "owner": "Head of ICT and Digital", "author": "Policy team"}), encoding="utf-8")
    approved = folder / "Digital Policy 1.0.docx"
    code = cli_main(["merge", *map(str, sources), "-o", str(approved), "--session",
                     str(work / "v1.pcsession"), "--metadata", str(work / "control.json")])
    if code != 0:
        raise SystemExit(f"merge failed ({code})")
    return approved


def edit_policies(src: Path) -> None:
    email = src / "Email Policy.md"
    email.write_text(email.read_text(encoding="utf-8").replace(OLD_CLAUSE, NEW_CLAUSE),
                     encoding="utf-8")
    social = src / "Social Media Policy.md"
    social.write_text(social.read_text(encoding="utf-8").replace("# Monitoring", AI_SECTION),
                      encoding="utf-8")


def render_page_one(docx: Path, png: Path, work: Path) -> bool:
    """Saves page 1 of `docx` as LibreOffice renders it; False when a tool is missing."""
    from consolidator.libreoffice import find_soffice

    program, pdftoppm = find_soffice(), shutil.which("pdftoppm")
    if program is None or pdftoppm is None:
        print(f"not rendering {docx.name}: LibreOffice or pdftoppm is missing", file=sys.stderr)
        return False
    out = work / "render"
    subprocess.run([program, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out),
                    str(docx)], capture_output=True, timeout=240, check=False)
    pdf = out / (docx.stem + ".pdf")
    stem = out / docx.stem.replace(" ", "-")
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(stem)], capture_output=True, timeout=120, check=False)
    made = Path(f"{stem}.png")
    if not made.is_file():
        return False
    shutil.copyfile(made, png)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--keep", default="", help="leave the cycle's files in this folder")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    options = parser.parse_args()
    from tools.build_samples import SOURCES, build_all

    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(options.keep) if options.keep else Path(temp)
        src = work / "src"
        shutil.rmtree(src, ignore_errors=True)
        shutil.copytree(SOURCES, src, ignore=shutil.ignore_patterns("versions"))
        policies = work / "Policies"
        shutil.rmtree(policies, ignore_errors=True)
        build_all(policies, src)
        approved = approve_first_version(policies)
        edit_policies(src)
        build_all(policies, src)  # the policies edited in place, as an author would
        return run_app(approved, out, work, options.width, options.height)


def run_app(approved: Path, out: Path, work: Path, width: int, height: int) -> int:
    from PySide6.QtCore import QDate, QEventLoop, QTimer

    from ui import review_controller
    from ui.app import application
    from ui.main_window import MainWindow
    from ui.settings import Settings
    from ui.views import install_views

    app = application()

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait(done, limit: int = 600) -> None:
        for _ in range(limit):
            settle(50)
            if done() and not window.runner.is_busy():
                return
        raise SystemExit("the app did not finish in time")

    os.environ["POLICY_CONSOLIDATOR_DATA_DIR"] = str(work / "data")
    (work / "settings.ini").unlink(missing_ok=True)
    settings = Settings(work / "settings.ini")
    review_controller.remember_policy(settings, approved, _approved_metadata(approved))
    window = MainWindow(settings)
    install_views(window)
    window.resize(width, height)
    window.show()
    controller = window.views["review"].controller
    controller.refresh_due(_today_near(approved))
    settle(300)
    window.grab().save(str(out / "review-welcome.png"))
    controller.start(str(approved))
    consolidate = window.views["consolidate"]
    wait(lambda: controller.review is not None and consolidate.store.plan is not None)
    window.sources_dock.hide()
    window.show_view("review")
    view = window.views["review"]
    view.reviewed.setDate(QDate(2027, 5, 20))  # the review six months on, before committee
    view.approved.setChecked(True)
    view.approval.setDate(QDate(2027, 6, 9))
    settle(400)
    window.grab().save(str(out / "review.png"))
    view.tabs.setCurrentIndex(1)
    settle(300)
    window.grab().save(str(out / "review-decisions.png"))
    review_controller.ask_pack_path = lambda parent, folder, name: str(work / "Pack" / name)
    (work / "Pack").mkdir(exist_ok=True)
    controller.make_pack()
    wait(lambda: bool(view.pack_result.text()))
    settle(200)
    policy = work / "Pack" / "Digital Policy 1.1.docx"
    redline, summary = review_controller.pack_paths(policy)
    render_page_one(summary, out / "review-summary-page1.png", work)
    render_page_one(redline, out / "review-redline-page1.png", work)
    window.undo_stack.setClean()
    window.close()
    app.processEvents()
    return 0


def _approved_metadata(approved: Path):
    from consolidator.review.embedded import read_record

    return read_record(approved).metadata


def _today_near(approved: Path):
    """Returns a day three weeks before the approved policy's next review (so it is due)."""
    from datetime import timedelta

    return _approved_metadata(approved).next_review_date - timedelta(days=21)


if __name__ == "__main__":
    sys.exit(main())
