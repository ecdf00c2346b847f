"""Draw the AsterMind mark and write every icon file the site serves from one geometry.

The mark is an aster: eight rounded rays around a warm centre, the star in the name and
the flower it was named after. This script writes the SVGs (the mark, the favicon and the
full wordmark) and renders the PNGs and the ICO with Pillow, so the raster icons can never
drift from the vector ones. Run it by hand after changing the mark, then commit its output:

    .venv/bin/python tools/make_icons.py

The wordmark's letters are outlines of Source Serif 4 Semibold (static/fonts, SIL OFL), so
logo.svg looks the same wherever it is shown, with or without the font. Drawing them needs
fontTools, which is not a dependency of the site: without it the script keeps the logo.svg
already in the repository and writes the rest.
"""

import io
import math
from pathlib import Path

from PIL import Image, ImageDraw

try:  # only for drawing the wordmark's letters; not a dependency of the site
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont
except ImportError:
    TTFont = None

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
IMG = STATIC / "img"
FONT = STATIC / "fonts" / "source-serif-4-latin-600-normal.woff2"

# The colours of the mark (the same as --brand and --brand-centre in static/css/site.css).
VIOLET = "#5b3cc4"
VIOLET_DEEP = "#3f2596"
AMBER = "#f5b83d"
WHITE = "#ffffff"

# The mark on a 64-unit square: eight rays, each an ellipse whose centre sits RAY_OFFSET from
# the middle, turned by 45 degrees from the one before.
CENTRE = 32.0
RAYS = 8
RAY_OFFSET = 15.5
RAY_RX, RAY_RY = 5.6, 12.5
CORE_R = 7.0


def ray_ellipses(scale=1.0, centre=CENTRE):
    """(angle, cx, cy, rx, ry) of each ray, in the square's units times scale."""
    rays = []
    for i in range(RAYS):
        angle = i * 360 / RAYS
        rad = math.radians(angle)
        cx = centre + RAY_OFFSET * math.sin(rad)
        cy = centre - RAY_OFFSET * math.cos(rad)
        rays.append((angle, cx * scale, cy * scale, RAY_RX * scale, RAY_RY * scale))
    return rays


def mark_svg_elements(ray_fill, core_fill, ray_class="", core_class=""):
    ray_attr = f' class="{ray_class}"' if ray_class else f' fill="{ray_fill}"'
    core_attr = f' class="{core_class}"' if core_class else f' fill="{core_fill}"'
    rays = "".join(
        f'<ellipse cx="{cx:.2f}" cy="{cy:.2f}" rx="{rx}" ry="{ry}" '
        f'transform="rotate({angle:g} {cx:.2f} {cy:.2f})"/>'
        for angle, cx, cy, rx, ry in ray_ellipses()
    )
    return f'<g{ray_attr}>{rays}</g><circle cx="32" cy="32" r="{CORE_R}"{core_attr}/>'


def mark_svg():
    """The mark alone on a transparent ground, for light backgrounds."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" '
        'aria-label="AsterMind">' + mark_svg_elements(VIOLET, AMBER) + "</svg>\n"
    )


def icon_svg():
    """The favicon: a white aster on a violet tile, readable at 16 px on any tab colour."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{VIOLET}"/>'
        '<g transform="translate(32 32) scale(0.8) translate(-32 -32)">'
        + mark_svg_elements(WHITE, AMBER)
        + "</g></svg>\n"
    )


def wordmark_paths(text, size, x0, baseline):
    """SVG path data for text set in the heading face, and the x where it ends."""
    font = TTFont(FONT)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    pen = SVGPathPen(glyphs)
    x = x0
    for char in text:
        name = cmap[ord(char)]
        glyph = glyphs[name]
        glyph.draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        x += glyph.width * scale
    return pen.getCommands(), x


def logo_svg():
    """Mark and wordmark side by side: "AsterMind" in ink, "Learn" in the brand violet."""
    first, end = wordmark_paths("AsterMind", 30, 76, 43)
    second, end = wordmark_paths("Learn", 30, end + 8, 43)
    width = math.ceil(end + 8)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 64" role="img" '
        'aria-label="AsterMind Learn">'
        + mark_svg_elements(VIOLET, AMBER)
        + f'<path fill="#1a1b26" d="{first}"/><path fill="{VIOLET}" d="{second}"/></svg>\n'
    )


def render_mark(size, tile=True, supersample=4):
    """The mark as a square RGBA image, drawn large and scaled down for smooth edges."""
    big = size * supersample
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = big / 64
    if tile:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=14 * unit, fill=VIOLET)
        zoom, ray_colour = 0.8, WHITE
    else:
        zoom, ray_colour = 1.0, VIOLET
    for angle, cx, cy, rx, ry in ray_ellipses():
        rad = math.radians(angle)
        points = []
        for step in range(48):
            t = 2 * math.pi * step / 48
            px, py = rx * math.cos(t), ry * math.sin(t)
            x = cx + px * math.cos(rad) - py * math.sin(rad)
            y = cy + px * math.sin(rad) + py * math.cos(rad)
            x = CENTRE + (x - CENTRE) * zoom
            y = CENTRE + (y - CENTRE) * zoom
            points.append((x * unit, y * unit))
        draw.polygon(points, fill=ray_colour)
    r = CORE_R * zoom * unit
    c = CENTRE * unit
    draw.ellipse((c - r, c - r, c + r, c + r), fill=AMBER)
    return image.resize((size, size), Image.LANCZOS)


def png_bytes(image):
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main():
    IMG.mkdir(parents=True, exist_ok=True)
    (IMG / "mark.svg").write_text(mark_svg())
    (IMG / "icon.svg").write_text(icon_svg())
    if TTFont is not None:
        (IMG / "logo.svg").write_text(logo_svg())
    else:
        print("fontTools is not installed: logo.svg left as it is")
    for name, size in [("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)]:
        (IMG / name).write_bytes(png_bytes(render_mark(size)))
    # The publisher logo for JSON-LD: the mark on white, as search engines show logos.
    logo = Image.new("RGBA", (512, 512), WHITE)
    logo.alpha_composite(render_mark(448, tile=False), (32, 32))
    (IMG / "logo-512.png").write_bytes(png_bytes(logo.convert("RGB")))
    render_mark(256).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
