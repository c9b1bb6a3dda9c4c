"""Renders the share image and favicon.ico with the browser-test Chromium; run by hand.

    .venv/bin/python assets/images.py

writes static/img/og-image.png (1200x630: link previews and the events' JSON-LD) and
webroot/favicon.ico (16, 32 and 48 px from static/img/favicon.svg, PNG inside ICO).
"""

import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ACCENT = "#0b5e55"
SHARE_CARD = f"""<!doctype html><html lang="it"><meta charset="utf-8">
<body style="margin:0;width:1200px;height:630px;background:{ACCENT};color:#fff;
font-family:'DejaVu Sans',sans-serif;display:flex;flex-direction:column;justify-content:center;
padding:0 90px;box-sizing:border-box">
<div style="font-size:150px;font-weight:700;letter-spacing:-2px">AMALav</div>
<div style="font-size:52px;margin-top:10px">Auto Mutuo Aiuto Lavoro</div>
<div style="font-size:36px;margin-top:48px;opacity:.92">Gruppi gratuiti per chi ha perso il lavoro
<br>o rischia di perderlo · Monza e Brianza</div>
</body></html>"""


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding PNG images, as every browser since 2007 reads them."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def main() -> None:
    svg = (ROOT / "static/img/favicon.svg").read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(SHARE_CARD)
        page.screenshot(path=ROOT / "static/img/og-image.png")
        pngs = {}
        for size in (16, 32, 48):
            page.set_viewport_size({"width": size, "height": size})
            sized = svg.replace("<svg ", f"<svg width={size} height={size} ")
            page.set_content(f'<body style="margin:0">{sized}')
            pngs[size] = page.screenshot(omit_background=True)
        browser.close()
    (ROOT / "webroot").mkdir(exist_ok=True)
    (ROOT / "webroot/favicon.ico").write_bytes(ico(pngs))


if __name__ == "__main__":
    main()
