"""Draws the demo site's images: abstract artwork and small diagrams, made here, owed to no one.

Run `python -m demo.artwork` to (re)draw every PNG into `images/`; the loader imports
them as Wagtail images (see images.toml for their titles, alt text and focal points). Each
drawing is seeded, so running it again gives the same files. Drawn at twice the size and
scaled down (smooth edges), then reduced to a small palette (PNG files well under 150 KB).
"""

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

IMAGES_DIR = Path(__file__).resolve().parent / "images"
WIDTH, HEIGHT = 1600, 900
SCALE = 2  # drawn at 2x, then scaled down
PALETTE_COLOURS = 96

NIGHT = (17, 24, 46)
DUSK = (30, 42, 78)
INK = (236, 240, 250)
MIST = (120, 136, 178)
TEAL = (46, 190, 176)
AMBER = (244, 182, 72)
CORAL = (238, 112, 92)
VIOLET = (146, 124, 232)
SKY = (88, 162, 240)
ACCENTS = (TEAL, AMBER, CORAL, VIOLET, SKY)


class Canvas:
    """A drawing surface in 1600x900 coordinates, drawn at SCALE times that size."""

    def __init__(self, background=NIGHT):
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(values):
        return [round(v * SCALE) for v in values]

    def circle(self, x, y, r, fill=None, outline=None, width=1):
        self.draw.ellipse(
            self._s([x - r, y - r, x + r, y + r]), fill=fill, outline=outline, width=width * SCALE
        )

    def line(self, points, fill, width=2):
        self.draw.line(self._s([c for p in points for c in p]), fill=fill, width=width * SCALE)

    def rect(self, box, fill=None, outline=None, width=1, radius=0):
        self.draw.rounded_rectangle(
            self._s(box), radius=radius * SCALE, fill=fill, outline=outline, width=width * SCALE
        )

    def polygon(self, points, fill):
        self.draw.polygon(self._s([c for p in points for c in p]), fill=fill)

    def text(self, x, y, words, size, fill=INK):
        font = ImageFont.load_default(size=size * SCALE)  # Pillow's own font (Aileron)
        self.draw.text(self._s([x, y]), words, font=font, fill=fill)

    def finished(self):
        small = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        return small.quantize(PALETTE_COLOURS, dither=Image.Dither.NONE)


def mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


def curve(start, end, bend, steps=24):
    """Points along a quadratic curve from start to end, its middle pushed up by `bend`."""
    (x0, y0), (x2, y2) = start, end
    x1, y1 = (x0 + x2) / 2, (y0 + y2) / 2 - bend
    return [
        (
            (1 - t) ** 2 * x0 + 2 * (1 - t) * t * x1 + t**2 * x2,
            (1 - t) ** 2 * y0 + 2 * (1 - t) * t * y1 + t**2 * y2,
        )
        for t in (i / steps for i in range(steps + 1))
    ]


def starfield(canvas, rng, count=90):
    for _ in range(count):
        canvas.circle(rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT), rng.uniform(1, 2.5), MIST)


def foundation_strata(rng):
    """Broad layers of a base model; many thin threads rise from it to small, varied tasks."""
    canvas = Canvas()
    starfield(canvas, rng, 60)
    for i, colour in enumerate((VIOLET, SKY, TEAL, AMBER)):
        top = 560 + i * 70
        wave = [(x, top + 18 * math.sin(x / 170 + i)) for x in range(0, WIDTH + 40, 40)]
        canvas.polygon([*wave, (WIDTH, HEIGHT), (0, HEIGHT)], mix(colour, NIGHT, 0.35 + i * 0.1))
    tasks = [(160 + i * 160, 170 + 90 * math.sin(i * 1.3)) for i in range(9)]
    for n, (x, y) in enumerate(tasks):
        colour = ACCENTS[n % len(ACCENTS)]
        for _ in range(7):
            foot = (rng.uniform(x - 260, x + 260), 585)
            canvas.line(curve(foot, (x, y + 30), rng.uniform(-60, 60)), mix(colour, NIGHT, 0.45))
        if n % 3 == 0:
            canvas.circle(x, y, 30, fill=colour)
        elif n % 3 == 1:
            canvas.rect([x - 28, y - 28, x + 28, y + 28], fill=colour, radius=6)
        else:
            canvas.polygon([(x, y - 34), (x + 32, y + 24), (x - 32, y + 24)], colour)
    return canvas.finished()


def two_routes(rng):
    """One model, two ways to adapt it: turn its dials (fine-tuning) or change its input."""
    canvas = Canvas(DUSK)
    starfield(canvas, rng, 50)
    canvas.circle(800, 450, 92, fill=VIOLET)
    canvas.circle(800, 450, 58, fill=mix(VIOLET, INK, 0.4))
    for row in range(6):  # the weights: a grid of dials, some turned
        for col in range(6):
            x, y = 190 + col * 62, 270 + row * 62
            turned = rng.random() < 0.35
            canvas.rect(
                [x, y, x + 44, y + 44], fill=AMBER if turned else mix(MIST, DUSK, 0.5), radius=8
            )
    canvas.line(curve((560, 420), (708, 450), 40), AMBER, 6)
    for i in range(4):  # the prompts: cards of text fed in
        x, y = 1060 + i * 26, 250 + i * 78
        canvas.rect([x, y, x + 330, y + 64], fill=mix(TEAL, DUSK, 0.15 * i), radius=14)
        for j in range(2):
            canvas.rect(
                [x + 22, y + 16 + j * 20, x + 22 + rng.uniform(160, 280), y + 26 + j * 20],
                fill=DUSK,
                radius=5,
            )
    canvas.line(curve((1050, 500), (892, 450), -40), TEAL, 6)
    return canvas.finished()


def retrieval_flow(rng):
    """Documents are looked up and their passages flow into the model before it answers."""
    canvas = Canvas()
    starfield(canvas, rng, 50)
    for i in range(5):  # the library
        x, y = 140 + i * 22, 170 + i * 96
        canvas.rect([x, y, x + 300, y + 150], fill=mix(SKY, NIGHT, 0.55 - i * 0.08), radius=12)
        for j in range(4):
            canvas.rect(
                [x + 24, y + 24 + j * 28, x + 24 + rng.uniform(150, 250), y + 36 + j * 28],
                fill=mix(INK, SKY, 0.5),
                radius=4,
            )
    for i, colour in enumerate((TEAL, AMBER, CORAL)):
        start = (470, 260 + i * 170)
        canvas.line(curve(start, (900, 450), 120 - i * 120), colour, 5)
        canvas.circle(*start, 10, fill=colour)
    canvas.circle(960, 450, 110, fill=VIOLET)
    canvas.circle(960, 450, 70, fill=mix(VIOLET, INK, 0.45))
    canvas.line(curve((1070, 450), (1210, 450), 30), INK, 5)
    canvas.rect([1220, 330, 1480, 570], fill=INK, radius=18)
    for j in range(5):
        canvas.rect(
            [1250, 365 + j * 40, 1250 + rng.uniform(110, 200), 381 + j * 40],
            fill=mix(VIOLET, INK, 0.2),
            radius=6,
        )
    return canvas.finished()


def single_hidden_layer(rng):
    """An extreme learning machine: fixed random weights in grey, learned ones in colour."""
    canvas = Canvas()
    inputs = [(220, 210 + i * 120) for i in range(5)]
    hidden = [(800, 80 + i * 62) for i in range(13)]
    outputs = [(1380, 330 + i * 120) for i in range(3)]
    for a in inputs:
        for b in hidden:
            if rng.random() < 0.7:
                canvas.line([a, b], mix(MIST, NIGHT, 0.55), 2)
    for b in hidden:
        for n, c in enumerate(outputs):
            canvas.line([b, c], mix(ACCENTS[n], NIGHT, 0.2), 3)
    for x, y in inputs:
        canvas.circle(x, y, 26, fill=SKY)
    for x, y in hidden:
        canvas.circle(x, y, 20, fill=mix(INK, MIST, 0.4))
    for n, (x, y) in enumerate(outputs):
        canvas.circle(x, y, 32, fill=ACCENTS[n])
    return canvas.finished()


def learning_at_the_edge(rng):
    """A small device learning on its own: a phone with a tiny network, signals around it."""
    canvas = Canvas(DUSK)
    for r in range(120, 900, 90):
        canvas.circle(800, 450, r, outline=mix(TEAL, DUSK, min(0.9, 0.35 + r / 1000)), width=3)
    canvas.rect([650, 140, 950, 760], fill=NIGHT, outline=INK, width=6, radius=44)
    canvas.rect([760, 170, 840, 184], fill=MIST, radius=7)
    nodes = [(700 + 50 * (i % 5), 260 + 110 * (i // 5) + rng.uniform(-20, 20)) for i in range(20)]
    for a, b in zip(nodes, nodes[5:], strict=False):
        canvas.line([a, b], mix(AMBER, NIGHT, 0.3), 3)
    for n, (x, y) in enumerate(nodes):
        canvas.circle(x, y, 12, fill=ACCENTS[n % len(ACCENTS)])
    for _ in range(14):
        angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(380, 700)
        canvas.circle(800 + radius * math.cos(angle), 450 + radius * math.sin(angle), 9, fill=AMBER)
    return canvas.finished()


def astermind_card(rng):
    """The site's default sharing image: an aster of eight petals beside the site's name."""
    canvas = Canvas()
    starfield(canvas, rng, 120)
    cx, cy = 420, 450
    for i in range(8):
        angle = i * math.pi / 4
        tip = (cx + 230 * math.cos(angle), cy + 230 * math.sin(angle))
        left = (cx + 70 * math.cos(angle - 0.5), cy + 70 * math.sin(angle - 0.5))
        right = (cx + 70 * math.cos(angle + 0.5), cy + 70 * math.sin(angle + 0.5))
        canvas.polygon([left, tip, right, (cx, cy)], ACCENTS[i % len(ACCENTS)])
    canvas.circle(cx, cy, 64, fill=NIGHT)
    canvas.circle(cx, cy, 40, fill=AMBER)
    canvas.text(740, 350, "AsterMind Learn", 96)
    canvas.text(744, 480, "AI, explained plainly.", 52, fill=mix(INK, TEAL, 0.5))
    return canvas.finished()


ARTWORK = {
    "foundation-strata": foundation_strata,
    "two-routes": two_routes,
    "retrieval-flow": retrieval_flow,
    "single-hidden-layer": single_hidden_layer,
    "learning-at-the-edge": learning_at_the_edge,
    "astermind-card": astermind_card,
}


def draw(slug):
    """The artwork named `slug`, drawn from its own seed (the same picture every time)."""
    return ARTWORK[slug](random.Random(slug))


def save_all(directory=IMAGES_DIR):
    directory.mkdir(exist_ok=True)
    paths = []
    for slug in ARTWORK:
        path = directory / f"{slug}.png"
        draw(slug).save(path, optimize=True)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for saved in save_all(Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES_DIR):
        print(f"{saved} ({saved.stat().st_size // 1024} KB)")
