"""Draws the app's home-screen icons (static/img/app/*.png) from the favicon's shapes:
a white figure (head and shoulders) on the practice jade.

The PNGs are kept in the repository; run `python -m easeplan.site.webapp.icons` after
changing the drawing to write them again.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from .manifest import ICONS, THEME_COLOUR

SUPERSAMPLE = 4  # drawn 4x larger, then scaled down: smooth edges without a vector library
FAVICON_GRID = 32  # the favicon's viewBox


def _bezier(
    p0: tuple[float, float],
    p1: tuple[float, float],
    p2: tuple[float, float],
    p3: tuple[float, float],
    steps: int,
) -> list[tuple[float, float]]:
    points = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        points.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return points


def draw(size: int, *, maskable: bool) -> Image.Image:
    """One icon, `size` pixels square. The "any" icon has the favicon's rounded corners; the
    maskable one fills the square and keeps the figure inside the central safe circle
    (80% of the side) that every phone's mask leaves visible."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=THEME_COLOUR)
        scale, offset = big * 0.6 / FAVICON_GRID, big * 0.2
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 7 / 32, fill=THEME_COLOUR)
        scale, offset = big / FAVICON_GRID, 0.0

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    # The shoulders: the favicon's path "M9 21 c4-9 10-9 14 0", 3 units wide, round caps.
    radius = 1.5 * scale
    for x, y in _bezier(at(9, 21), at(13, 12), at(19, 12), at(23, 21), steps=200):
        pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill="white")
    # The head: a circle of radius 3 at (16, 10).
    cx, cy = at(16, 10)
    head = 3 * scale
    pen.ellipse((cx - head, cy - head, cx + head, cy + head), fill="white")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write(static_dir: Path) -> list[Path]:
    """Draws every icon of the manifest into `static_dir`; returns the files written."""
    written = []
    for icon in ICONS:
        path = static_dir / icon.name
        path.parent.mkdir(parents=True, exist_ok=True)
        draw(icon.size, maskable=icon.purpose == "maskable").save(path, optimize=True)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(__file__).resolve().parents[3] / "static"):
        print(path)
