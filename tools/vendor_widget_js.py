"""Vendor the widget JavaScript the static site needs, from the npm registry, into site/widget_js.

The read-only edition embeds each widget's state; these files draw the widgets from it in the
browser, so the pages need no CDN. Run this only to change the versions below; the files are
committed, and site/widget_js/VENDORED.txt records each file's origin and SHA-256 (a test checks
the files still match it).

    python tools/vendor_widget_js.py
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "site" / "widget_js"
MANIFEST = TARGET / "VENDORED.txt"
# npm package -> {file in the package: where it goes below site/widget_js}
PACKAGES = {
    "@jupyter-widgets/html-manager@1.0.15": {"package/dist/embed-amd.js": "embed-amd.js"},
    "requirejs@2.3.8": {"package/require.js": "require.js"},
}
# the icon fonts embed-amd.js asks for (woff2: every current browser reads it), in the two
# folders it resolves them against (its module folder, and the CSS's relative `@jupyter-widgets/`)
FONTS_FROM = "@jupyter-widgets/html-manager@1.0.15"
FONTS_TO = ["@jupyter-widgets", "@jupyter-widgets/html-manager/dist"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_lines(target: Path = TARGET) -> list[str]:
    """`<sha256>  <path>` for every vendored file, sorted (the format of VENDORED.txt)."""
    files = sorted(p for p in target.rglob("*") if p.is_file() and p.name != MANIFEST.name)
    return [f"{sha256(p)}  {p.relative_to(target).as_posix()}" for p in files]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.mkdir(parents=True)
        for spec, files in PACKAGES.items():
            subprocess.run(["npm", "pack", "--silent", spec], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
            archive = next(tmp.glob(spec.split("@")[-2].replace("/", "-").lstrip("-") + "-*.tgz"))
            unpacked = tmp / archive.stem
            with tarfile.open(archive) as tar:
                tar.extractall(unpacked, filter="data")
            for inside, destination in files.items():
                shutil.copy2(unpacked / inside, TARGET / destination)
            if spec == FONTS_FROM:
                for folder in FONTS_TO:
                    (TARGET / folder).mkdir(parents=True)
                    for font in (unpacked / "package" / "dist").glob("*.woff2"):
                        shutil.copy2(font, TARGET / folder / font.name)
    header = ["# Vendored by tools/vendor_widget_js.py from the npm registry: " + ", ".join(PACKAGES), ""]
    MANIFEST.write_text("\n".join(header + manifest_lines()) + "\n", encoding="utf-8")
    print(f"vendored {len(manifest_lines())} files into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
