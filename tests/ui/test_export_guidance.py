"""The export warns about undecided conflicts and never suggests saving into the app's own files."""

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from consolidator.paths import samples_dir
from ui.export_dialog import export_folder, open_conflicts_warning


def test_warning_counts_the_undecided_conflicts(qtbot):
    label = open_conflicts_warning(3)
    qtbot.addWidget(label)
    assert "3 conflicts are still undecided" in label.text()
    assert "both wordings will appear" in label.text()
    single = open_conflicts_warning(1)
    qtbot.addWidget(single)
    assert "1 conflict is still undecided" in single.text()


def test_export_folder_avoids_the_bundled_samples_and_missing_folders(tmp_path: Path):
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert export_folder(str(samples_dir())) == documents
    assert export_folder(str(tmp_path / "gone")) == documents
    assert export_folder("") == documents
    assert export_folder(str(tmp_path)) == str(tmp_path)
