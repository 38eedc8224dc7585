"""Vendor reveal.js (the slide show library nbconvert's slides use) into instructors/slides/vendor/.

nbconvert's slides load reveal.js from a CDN unless told where else it is; the projector decks of
`make instructors` point it at these files, so they run with no network. Run this only to change
the version; the files are committed, and VENDORED.txt records each file's origin and SHA-256 (a
test checks the files still match it). The icon-free "white" theme is used, with its own font.

    python tools/vendor_reveal_js.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from vendor_widget_js import manifest_lines  # noqa: E402

TARGET = ROOT / "instructors" / "slides" / "vendor" / "reveal.js"
MANIFEST = TARGET / "VENDORED.txt"
SPEC = "reveal.js@4.6.1"
FONT = "dist/theme/fonts/source-sans-pro"
FILES = ["LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/theme/white.css", "plugin/notes/notes.js",
         f"{FONT}/LICENSE", f"{FONT}/source-sans-pro.css"] + [
    f"{FONT}/source-sans-pro-{style}.woff" for style in ("regular", "italic", "semibold", "semibolditalic")]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(["npm", "pack", "--silent", SPEC], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        archive = next(tmp.glob("reveal.js-*.tgz"))
        with tarfile.open(archive) as tar:
            tar.extractall(tmp / "unpacked", filter="data")
        if TARGET.exists():
            shutil.rmtree(TARGET)
        for name in FILES:
            (TARGET / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(tmp / "unpacked" / "package" / name, TARGET / name)
    header = [f"# Vendored by tools/vendor_reveal_js.py from the npm registry: {SPEC} (MIT licence, see LICENSE)", ""]
    MANIFEST.write_text("\n".join(header + manifest_lines(TARGET)) + "\n", encoding="utf-8")
    print(f"vendored {len(FILES)} files into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
