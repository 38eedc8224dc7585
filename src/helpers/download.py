"""Download links that work wherever the notebook runs: JupyterLab, Notebook 7, Voila.

A link to a file on the server only works where the server serves files at that address (in
JupyterLab a relative link opens /lab/tree/..., and the browser saves JupyterLab's own page).
A data: URL carries the file itself inside the link, so the browser saves exactly these bytes,
under the name given in the link's `download` attribute, whatever page the link sits in.

    download_link(b'{"a": 1}', "journal.json", "Download", "application/json")
"""

from __future__ import annotations

import base64

from .ui import esc

JSON_MIME = "application/json"
MARKDOWN_MIME = "text/markdown"


def data_url(data: bytes, mime: str) -> str:
    """The bytes as a base64 data: URL (UTF-8 text stays byte for byte what it was)."""
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(data).decode('ascii')}"


def download_link(data: bytes, filename: str, label: str, mime: str = JSON_MIME, title: str = "") -> str:
    """An <a download> link, styled as a button, that saves `data` as `filename`."""
    style = ("display:inline-block;padding:4px 12px;margin:2px 6px 2px 0;border:1px solid #0072B2;"
             "border-radius:3px;color:#0072B2;text-decoration:none;font-weight:bold")
    tip = f" title='{esc(title)}'" if title else ""
    return (f"<a class='bishkek-download' href='{data_url(data, mime)}' download='{esc(filename)}' "
            f"{tip} style='{style}'>{esc(label)}</a>")
