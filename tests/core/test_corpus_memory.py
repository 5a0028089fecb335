"""Reading the whole shared corpus stays within a bounded amount of memory (no runaway file)."""

import subprocess
import sys

import pytest

from tests.conftest import CORPUS, ROOT

PEAK_LIMIT_MB = 300  # measured ~70 MB for ~400 files read in turn; a leak or bomb would show

pytestmark = pytest.mark.skipif(
    not (CORPUS / "MANIFEST.tsv").is_file(),
    reason="the shared corpus (../shared/corpus) is not beside this checkout",
)

_READ_ALL = """
import resource, sys
from pathlib import Path
from consolidator import LoadError, read_document
corpus = Path(sys.argv[1])
read = refused = 0
for line in (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
    path = corpus / line.split("\\t")[0]
    try:
        read_document(path)
        read += 1
    except LoadError:
        refused += 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(read, refused, peak)
"""


@pytest.mark.timeout(600)
@pytest.mark.skipif(sys.platform == "win32", reason="uses the POSIX resource module")
def test_reading_every_corpus_file_keeps_peak_memory_bounded():
    result = subprocess.run([sys.executable, "-c", _READ_ALL, str(CORPUS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    read, refused, peak_mb = (int(x) for x in result.stdout.split())
    print(f"\ncorpus in one process: {read} read, {refused} refused, peak {peak_mb} MB")
    assert read + refused >= 300
    assert peak_mb <= PEAK_LIMIT_MB
