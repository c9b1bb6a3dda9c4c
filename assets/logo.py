"""Draws static/press/amalav-logo.svg and static/img/favicon.svg with their words as paths.

    .venv/bin/python assets/logo.py

Live <text> would be drawn in whatever fonts a journalist's machine has, or none: the
letters are outlines of DejaVu Sans (Debian's fonts-dejavu-core, a free licence that
allows embedding), taken with fontTools. Run by hand when the logo changes; the PNG
beside it (amalav-logo.png) is a screenshot of the SVG (assets/images.py does the same
for the share image).
"""

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = Path("/usr/share/fonts/truetype/dejavu")
ACCENT, ORANGE, DARK = "#0b5e55", "#b35c00", "#343a40"


def outline(text: str, font_file: str, size: float, x: float, y: float, anchor: str = "start"):
    """The SVG path data of `text` set in the font (no kerning), baseline at y; its width."""
    font = TTFont(FONTS / font_file)
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    names = [cmap[ord(char)] for char in text]
    width = sum(glyphs[name].width for name in names) * scale
    if anchor == "middle":
        x -= width / 2
    pen = SVGPathPen(glyphs, ntos=lambda n: f"{n:.1f}".rstrip("0").rstrip("."))
    cursor = x
    for name in names:
        # Font units grow upwards, SVG's downwards: flip the y axis at the baseline.
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, cursor, y)))
        cursor += glyphs[name].width * scale
    return pen.getCommands(), width


def logo() -> str:
    name, _ = outline("AMALav", "DejaVuSans-Bold.ttf", 64, 165, 82)
    tagline, _ = outline("Auto Mutuo Aiuto Lavoro", "DejaVuSans.ttf", 22, 167, 118)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 470 140" width="470" '
        'height="140" role="img" aria-labelledby="title">\n'
        '  <title id="title">AMALav - Auto Mutuo Aiuto Lavoro</title>\n'
        '  <g fill="none" stroke-width="10">\n'
        f'    <circle cx="55" cy="70" r="40" stroke="{ACCENT}"/>\n'
        f'    <circle cx="105" cy="70" r="40" stroke="{ORANGE}"/>\n'
        "  </g>\n"
        f'  <path fill="{ACCENT}" d="{name}"/>\n'
        f'  <path fill="{DARK}" d="{tagline}"/>\n'
        "</svg>\n"
    )


def favicon() -> str:
    letter, _ = outline("A", "DejaVuSans-Bold.ttf", 16, 16, 22, anchor="middle")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="6" fill="{ACCENT}"/>'
        f'<path fill="#fff" d="{letter}"/></svg>\n'
    )


def main() -> None:
    (ROOT / "static/press/amalav-logo.svg").write_text(logo())
    (ROOT / "static/img/favicon.svg").write_text(favicon())


if __name__ == "__main__":
    main()
