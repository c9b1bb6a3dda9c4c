"""The province's 55 comuni: finding one by name, distances, and the map drawn from them.

The data is a file in the repository (groups/data/comuni_mb.csv, its source and licence
in its header), read once per process: no page pays a query for it.
"""

from __future__ import annotations

import csv
import functools
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "comuni_mb.csv"
EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
# The map's drawing box, in SVG units; the province is about 30 km wide and 20 km tall.
MAP_WIDTH = 320
MAP_MARGIN = 12
# Estimated width of a label character, as a share of the font size (system sans-serif).
LABEL_CHAR_WIDTH = 0.56
LABEL_SIZE = 11


@dataclass(frozen=True)
class Comune:
    istat: str
    name: str
    lat: float
    lon: float

    @property
    def key(self) -> str:
        return normalise(self.name)


def normalise(name: str) -> str:
    """The form two spellings of a town share: "muggio", "Muggiò", " MUGGIO' " alike."""
    name = unicodedata.normalize("NFKD", name).casefold()
    letters = "".join(char for char in name if not unicodedata.combining(char))
    # Apostrophes and hyphens typed or left out: "Cornate d'Adda", "Bovisio Masciago".
    for mark in "'\N{RIGHT SINGLE QUOTATION MARK}`-.":
        letters = letters.replace(mark, " ")
    return " ".join(letters.split())


@functools.cache
def comuni() -> tuple[Comune, ...]:
    with DATA_FILE.open(encoding="utf-8") as data:
        rows = csv.DictReader(line for line in data if not line.startswith("#"))
        return tuple(
            Comune(row["istat"], row["name"], float(row["lat"]), float(row["lon"])) for row in rows
        )


@functools.cache
def _by_key() -> dict[str, Comune]:
    return {comune.key: comune for comune in comuni()}


def find(name: str) -> Comune | None:
    """The comune with that name, however it is accented or capitalised; None if not ours."""
    return _by_key().get(normalise(name))


def distance_km(a: Comune, b: Comune) -> float:
    """Straight-line (great-circle) distance between two centroids."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass
class Nearby:
    """A group, its town in the data (None: not one of ours), and its distance in km."""

    group: object
    town: Comune | None
    km: int | None = None


def nearby(groups: Iterable, origin: Comune | None = None) -> list[Nearby]:
    """With an origin, from the nearest group to the farthest (a town we miss comes last)."""
    found = []
    for group in groups:
        town = find(group.town)
        km = round(distance_km(origin, town)) if origin and town else None
        found.append(Nearby(group, town, km))
    if origin is None:
        return found
    return sorted(found, key=lambda n: (n.km is None, n.km or 0, n.group.town, n.group.name))


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@functools.cache
def _projection() -> tuple[float, float, float, float, float]:
    """Equirectangular around the province's middle latitude: faithful at this size."""
    towns = comuni()
    west, east = min(c.lon for c in towns), max(c.lon for c in towns)
    south, north = min(c.lat for c in towns), max(c.lat for c in towns)
    squash = math.cos(math.radians((north + south) / 2))
    scale = (MAP_WIDTH - 2 * MAP_MARGIN) / ((east - west) * squash)
    height = (north - south) * scale + 2 * MAP_MARGIN
    return west, north, squash, scale, height


def project(comune: Comune) -> Point:
    west, north, squash, scale, _height = _projection()
    return Point(
        round(MAP_MARGIN + (comune.lon - west) * squash * scale, 1),
        round(MAP_MARGIN + (north - comune.lat) * scale, 1),
    )


@dataclass
class Label:
    text: str
    x: float
    y: float
    anchor: str


def _place_label(text: str, at: Point, taken: list[tuple[float, float, float, float]]) -> Label:
    """Right of the dot, else left, above or below: the first place no other label covers."""
    width = len(text) * LABEL_SIZE * LABEL_CHAR_WIDTH
    gap, half = 10, LABEL_SIZE / 2
    candidates = [
        (at.x + gap, at.y + half * 0.7, "start", at.x + gap, at.y - half),
        (at.x - gap, at.y + half * 0.7, "end", at.x - gap - width, at.y - half),
        (at.x, at.y - gap, "middle", at.x - width / 2, at.y - gap - LABEL_SIZE),
        (at.x, at.y + gap + LABEL_SIZE * 0.8, "middle", at.x - width / 2, at.y + gap),
    ]
    fallback = None
    for x, y, anchor, left, top in candidates:
        box = (left, top, left + width, top + LABEL_SIZE)
        inside = box[0] >= 0 and box[2] <= MAP_WIDTH and box[1] >= 0
        overlaps = any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken
        )
        if inside and not overlaps:
            taken.append(box)
            return Label(text, round(x, 1), round(y, 1), anchor)
        fallback = fallback or (Label(text, round(x, 1), round(y, 1), anchor), box)
    taken.append(fallback[1])
    return fallback[0]


@dataclass
class ProvinceMap:
    width: int
    height: int
    towns: list[tuple[Comune, Point]]
    km_units: float
    groups: list[tuple[Point, Label | None]]
    here: tuple[Point, Label] | None


def province_map(group_towns: Iterable[str], chosen: Comune | None = None) -> ProvinceMap:
    """Every comune as a dot, the towns with a group marked and named, and the chosen one."""
    taken: list[tuple[float, float, float, float]] = []
    here = None
    if chosen is not None:
        at = project(chosen)
        here = (at, _place_label(chosen.name, at, taken))
    marked = []
    for name in sorted(set(group_towns)):
        town = find(name)
        if town is None:
            continue
        at = project(town)
        # The chosen comune is named once, by its own marker.
        same = chosen is not None and town.istat == chosen.istat
        marked.append((at, None if same else _place_label(town.name, at, taken)))
    return ProvinceMap(
        width=MAP_WIDTH,
        height=math.ceil(_projection()[4]),
        towns=[(comune, project(comune)) for comune in comuni()],
        km_units=round(_projection()[3] / KM_PER_DEGREE, 3),
        groups=marked,
        here=here,
    )
