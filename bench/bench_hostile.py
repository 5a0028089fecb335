"""Worst cases of issue #19, whole process: time, peak memory and exit status of each.

    uv run python bench/bench_hostile.py [CASE ...] [--cap-gb 6] [--timeout 150]

Each case builds its hostile input in a temporary folder and runs `main.py` on it in a child
process limited to --cap-gb of address space (never the machine's whole memory) and --timeout
seconds. The figures before and after the fixes are in the rel branch's report.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _docx(text: str = "Staff must protect their passwords.") -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(buffer)
    return buffer.getvalue()


def _deflated(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _add_zero_member(data: bytes, name: str, size: int, content: bytes = b"") -> bytes:
    """Returns the package with member `name` holding `content` then `size` zero bytes
    (deflated: ~1/1000 of it), in place of any member of that name."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        with target.open(_deflated(name), "w", force_zip64=True) as member:
            member.write(content)
            chunk = b"\0" * (1 << 24)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def _old_bomb(tmp: Path) -> list[str]:
    """OLD's document.xml unpacks to 1 GB (spaces inside a valid body)."""
    head = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>')
    source = zipfile.ZipFile(io.BytesIO(_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        with target.open(_deflated("word/document.xml"), "w", force_zip64=True) as member:
            member.write(head)
            chunk = b" " * (1 << 24)
            for _ in range(64):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    (tmp / "Old.docx").write_bytes(out.getvalue())
    (tmp / "New.docx").write_bytes(_docx("Staff must protect their passwords well."))
    return ["compare", str(tmp / "Old.docx"), str(tmp / "New.docx"), "-o", str(tmp / "r.docx")]


def _new_unused_media(tmp: Path) -> list[str]:
    """NEW holds an unused 2 GB media part (a 2 MB file)."""
    (tmp / "Old.docx").write_bytes(_docx())
    new = _add_zero_member(_docx("Staff must protect their passwords well."),
                           "word/media/unused.bin", 2 << 30)
    (tmp / "New.docx").write_bytes(new)
    return ["compare", str(tmp / "Old.docx"), str(tmp / "New.docx"), "-o", str(tmp / "r.docx")]


def _template_bomb(tmp: Path) -> list[str]:
    """--template with a 2 GB part related to the main part (as custom XML)."""
    (tmp / "A.docx").write_bytes(_docx("1 Purpose\nStaff must protect their passwords."))
    template = _add_zero_member(_docx("Template"), "word/media/big.bin", 2 << 30)
    rels = zipfile.ZipFile(io.BytesIO(template)).read("word/_rels/document.xml.rels")
    rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdBig" Type="http://schemas.'
                        b'openxmlformats.org/officeDocument/2006/relationships/customXml" '
                        b'Target="media/big.bin"/></Relationships>')
    (tmp / "T.docx").write_bytes(_add_zero_member(template, "word/_rels/document.xml.rels", 0,
                                                  content=rels))
    return ["merge", str(tmp / "A.docx"), "--template", str(tmp / "T.docx"), "-o",
            str(tmp / "out.docx")]


def _markdown(tmp: Path, text: str) -> list[str]:
    (tmp / "Policy.md").write_text(text, encoding="utf-8")
    return ["extract", str(tmp / "Policy.md")]


def _merge_text(tmp: Path, name: str, text: str) -> list[str]:
    (tmp / name).write_text(text, encoding="utf-8")
    return ["merge", str(tmp / name), "-o", str(tmp / "out.docx")]


def _fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "Policy.txt")
    return ["extract", str(tmp / "Policy.txt")]


def _same_twice(tmp: Path) -> list[str]:
    data = _docx("1 Purpose\nStaff must protect their passwords.\n2 Scope\nAll staff.")
    (tmp / "A.docx").write_bytes(data)
    (tmp / "Copy of A.docx").write_bytes(data)
    return ["merge", str(tmp / "A.docx"), str(tmp / "A.docx"), str(tmp / "Copy of A.docx"),
            "-o", str(tmp / "out.docx")]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "redline-new-unused-2gb-media": _new_unused_media,
    "redline-old-document-1gb": _old_bomb,
    "template-2gb-custom-xml-part": _template_bomb,
    "md-48kb-emphasis": lambda t: _markdown(t, "*a _b " * 8000),
    "md-781kb-brackets": lambda t: _markdown(t, "[" * 800_000),
    "md-200kb-unclosed-fence": lambda t: _merge_text(
        t, "Policy.md", "# Policy\n\n```\n" + "Staff must lock their screens.\n" * 6500),
    "txt-11mb-paragraph": lambda t: _merge_text(t, "Policy.txt", "word " * 2_300_000),
    "txt-1m-lines": lambda t: _merge_text(
        t, "Policy.txt", "".join(f"Line {n} of the policy.\n\n" for n in range(1_000_000))),
    "zero-device": lambda t: ["extract", "/dev/zero"],
    "fifo": _fifo,
    "same-policy-twice": _same_twice,
}


def run_case(name: str, cap_gb: float, timeout: float) -> tuple[float, float, str]:
    """Returns (seconds, peak MB, outcome) of the case's whole process."""
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        argv = CASES[name](Path(tmp))
        cap = int(cap_gb * (1 << 30))

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *argv],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   preexec_fn=limit, cwd=tmp)
        try:
            _, stderr = process.communicate(timeout=timeout)
            outcome = f"exit {process.returncode}"
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
            outcome = f"killed after {timeout:.0f} s"
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return seconds, peak, f"{outcome}: {last[0][:150]}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*", default=list(CASES))
    parser.add_argument("--cap-gb", type=float, default=6.0)
    parser.add_argument("--timeout", type=float, default=150.0)
    args = parser.parse_args()
    print(f"{'case':32} {'time':>8} {'peak':>9}  outcome")
    for name in args.cases:
        # each case in its own child of this script, so RUSAGE_CHILDREN is that case's peak
        code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.bench_hostile "
                f"import run_case; s, m, o = run_case({name!r}, {args.cap_gb}, {args.timeout}); "
                "print(f'{s:7.1f}s {m:7.0f}MB  {o}')")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        print(f"{name:32} {(result.stdout or result.stderr).strip()}", flush=True)


if __name__ == "__main__":
    main()
