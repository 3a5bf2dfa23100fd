"""A synthetic creative community in the dataset format, for demos and benchmarks.

:func:`generate` writes ``artists.csv``, ``works.csv``, ``contributions.csv``,
``remixes.csv`` and ``ratings.csv`` (the columns of :mod:`lineage.model`) for a
community shaped like a real one:

- Works are numbered in time order: ``created_at`` strictly increases with the
  work's index, over about fourteen years from 2010. A remix only builds on
  earlier works, so every remix is later than its sources and the remix graph is
  acyclic by construction.
- Artists join over the years (a few founders first); a work's contributors are
  drawn among those who have joined, weighted by a heavy-tailed (Pareto)
  activity, so a few artists appear on thousands of works and many on none.
- Remix sources are drawn by preferential attachment: an earlier published
  work is chosen with probability proportional to 1 + the remixes it already
  has, which gives the heavy-tailed popularity of real communities. Half the
  draws look at all history, half at recent activity only (what is trending),
  so remixes of remixes form chains across the years.
- A few large productions (status ``production``: a book, a record, a film, an
  animated short...) each draw on dozens of sources and credit dozens of
  artists, the creators of those sources first.
- Ratings go mostly to popular works, by any artist who has joined, one per
  (artist, work) pair, dated after the work.

The output depends only on the arguments: one :class:`random.Random` seeded
with ``seed`` makes every choice, in a fixed order, so a seed gives
byte-identical files. Rows are streamed to the files as they are made; what
stays in memory is a few bytes per work (medium, creator, title code), the
preferential-attachment pool and the (artist, work) pairs already rated: about
130 MB peak at a million works.
"""

from __future__ import annotations

import csv
import math
import os
import random
import re
import time
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

from lineage.errors import InvalidParameter
from lineage.model import (
    ARTIST_FIELDS,
    CONTRIBUTION_FIELDS,
    MEDIA,
    RATING_FIELDS,
    REMIX_FIELDS,
    REMIX_KINDS,
    WORK_FIELDS,
)

FILES = ("artists.csv", "works.csv", "contributions.csv", "remixes.csv", "ratings.csv")

# The community's history: from 2010-01-01 over about fourteen years.
START = datetime(2010, 1, 1, tzinfo=timezone.utc)
SPAN_SECONDS = 14 * 365 * 86400

ARTISTS_PER_WORK = 7  # --artists defaults to works / 7 (~143k artists at a million works)
FOUNDERS = 0.05  # share of artists there from the start
LURKERS = 0.3  # share of artists who rarely contribute (they still rate)
ACTIVITY_ALPHA = 1.5  # Pareto shape of artist activity: smaller = heavier tail

DRAFT_RATE = 0.04
REMIX_RATE = 0.6  # share of ordinary works that remix earlier ones (1.7 sources each on average)
# Half the sources are drawn from recent activity (the last RECENT_POOL entries of the
# preferential-attachment pool: new works and works just remixed), half from all history:
# chains of remixes of remixes then run through the years, as in a real community,
# instead of everything hanging off the first few works.
TRENDING = 0.5
RECENT_POOL = 2000
RATING_RATE = 0.55  # ratings per work, on average
WORKS_PER_PRODUCTION = 20_000
MIN_WORKS_FOR_PRODUCTIONS = 20

MEDIUM_WEIGHTS = {
    "music": 30, "writing": 20, "image": 20, "video": 12, "audio": 8, "animation": 6, "other": 4,
}
ROLES = {
    "music": ("vocals", "guitar", "production", "mixing", "lyrics", "drums", "keys", "bass"),
    "audio": ("narration", "sound design", "production", "foley"),
    "video": ("direction", "editing", "camera", "music", "voice"),
    "animation": ("animation", "illustration", "voice", "music", "storyboard"),
    "writing": ("editing", "illustration", "co-writing", "translation"),
    "image": ("photography", "illustration", "design", "colour"),
    "other": ("design", "production", "editing"),
}
# The role a production credits to the creator of a source, by the source's medium.
SOURCE_ROLES = {
    "music": "music", "audio": "sound", "video": "footage", "animation": "animation",
    "writing": "writing", "image": "artwork", "other": "contribution",
}
# Remix kinds by (source medium, derived medium): same medium, or a change of medium.
KINDS_SAME = {
    "music": (("remix", 5), ("sample", 3), ("cover", 2)),
    "audio": (("remix", 4), ("sample", 4), ("collage", 2)),
    "writing": (("adaptation", 4), ("translation", 4), ("other", 2)),
    "image": (("collage", 5), ("remix", 4), ("other", 1)),
    "video": (("remix", 6), ("collage", 3), ("other", 1)),
    "animation": (("remix", 6), ("adaptation", 2), ("other", 2)),
    "other": (("remix", 5), ("other", 5)),
}
KINDS_ACROSS = (("adaptation", 6), ("sample", 2), ("collage", 1), ("other", 1))
TITLE_SUFFIX = {
    "remix": "remix", "sample": "sampled", "adaptation": "adaptation", "cover": "cover",
    "translation": "translation", "collage": "collage", "other": "reworked",
}
# Productions cycle through these kinds; the first two are the book with 67
# contributors and the record with 78 artists this community is known for.
PRODUCTIONS = (
    ("writing", "The {adj} {noun} Book, Volume {n}", 67),
    ("music", "{adj} {noun}: the record", 78),
    ("video", "{adj} {noun}: a short film", None),
    ("animation", "{noun} and {noun2}: an animated short", None),
)
LICENSES = (
    ("CC-BY-4.0", 35), ("CC-BY-NC-4.0", 25), ("CC-BY-SA-4.0", 20), ("CC0-1.0", 5), ("", 15),
)
STARS = (("1", 5), ("2", 8), ("3", 17), ("4", 35), ("5", 35))
URL_BASE = "https://community.example.org/works/"
PARTS = ("II", "III", "IV", "V")

ADJECTIVES = (
    "Midnight", "Paper", "Silver", "Quiet", "Electric", "Hollow", "Golden", "Broken", "Velvet",
    "Distant", "Wandering", "Burning", "Frozen", "Secret", "Tiny", "Endless", "Borrowed", "Crimson",
    "Gentle", "Restless", "Northern", "Hidden", "Fading", "Neon", "Lonely", "Sleeping", "Wild",
    "Little", "Falling", "Invisible", "Slow", "Bright", "Forgotten", "Open", "Salt", "Autumn",
    "Summer", "Winter", "Lost", "Strange", "Careful", "Second", "Last", "First", "Painted",
    "Tangled", "Luminous", "Ordinary", "Humming", "Hushed",
)
NOUNS = (
    "Echoes", "Lanterns", "River", "Letters", "Machine", "Garden", "Horizon", "Static", "Window",
    "Harbor", "Moth", "Orchestra", "Postcard", "Signal", "Staircase", "Tide", "Balloon", "Mirror",
    "Kitchen", "Satellite", "Lighthouse", "Whale", "Parade", "Telephone", "Compass", "Forest",
    "Map", "Dream", "Heartbeat", "Rain", "Thunder", "Island", "Record", "Clock", "Sparrow",
    "Bicycle", "Streetlight", "Ferris Wheel", "Snowfall", "Radio", "Ocean", "Stranger",
    "Notebook", "Ghost", "Rooftop", "Library", "Cathedral", "Fire", "Shadow", "Song",
)
PLACES = (
    "Brooklyn", "the Attic", "Lisbon", "the Rain", "the Back Room", "the Desert", "Tokyo", "the Subway",
    "Paris", "the Backyard", "Reykjavik", "the Dark", "Mexico City", "the Valley", "Berlin",
    "the Kitchen",
)
FIRST_NAMES = (
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hiro", "Ines", "Jonah", "Kira",
    "Leo", "Maya", "Nico", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera",
    "Wes", "Xiu", "Yara", "Zane", "Amara", "Bruno", "Carmen", "Dmitri", "Esme", "Felix",
)
LAST_NAMES = (
    "Okafor", "Lindqvist", "Moreau", "Tanaka", "Rivera", "Kowalski", "Haddad", "Nguyen",
    "Oduya", "Silva", "Becker", "Ivanova", "Park", "Costa", "Murphy", "Sato", "Mensah", "Rossi",
    "Novak", "Khan", "Fischer", "Alvarez", "Byrne", "Dubois",
)
HANDLE_WORDS = (
    "fox", "owl", "moth", "echo", "static", "paper", "neon", "tide", "ink", "pixel", "lark",
    "fern", "comet", "ember", "drift", "wren", "quill", "reel", "loop", "hush",
)
TAGS = (
    "love", "night", "city", "ocean", "memory", "home", "dreams", "winter", "childhood", "hope",
    "loss", "travel", "music", "light", "time", "family", "rain", "space", "friendship", "silence",
    "summer", "change", "journey", "nature", "identity", "stars", "fear", "joy", "birds", "roads",
)

assert set(MEDIUM_WEIGHTS) == set(MEDIA)
assert {k for kinds in KINDS_SAME.values() for k, _ in kinds} | {k for k, _ in KINDS_ACROSS} <= set(REMIX_KINDS)
assert set(TITLE_SUFFIX) == set(REMIX_KINDS)


@dataclass(frozen=True)
class GenerateSummary:
    """What :func:`generate` wrote: row counts per file, and how long it took."""

    out_dir: Path
    artists: int
    works: int
    contributions: int
    remixes: int
    ratings: int
    productions: int
    seconds: float

    @property
    def relationships(self) -> int:
        return self.contributions + self.remixes + self.ratings

    def line(self) -> str:
        """The one-line summary the command prints.

        >>> GenerateSummary(Path("d"), 2, 10, 12, 5, 7, 0, 0.04).line()
        'wrote 10 works (0 productions), 2 artists, 12 contributions, 5 remixes, 7 ratings (24 relationships) to d in 0.0 s'
        """
        return (
            f"wrote {self.works:,} works ({self.productions:,} productions), {self.artists:,} artists, "
            f"{self.contributions:,} contributions, {self.remixes:,} remixes, {self.ratings:,} ratings "
            f"({self.relationships:,} relationships) to {self.out_dir} in {self.seconds:.1f} s"
        )


def default_artists(works: int) -> int:
    """The number of artists for ``works`` works when none is given: one per seven works.

    >>> default_artists(1_000_000), default_artists(300), default_artists(1)
    (142857, 43, 1)
    """
    return max(1, round(works / ARTISTS_PER_WORK))


def production_count(works: int) -> int:
    """How many large productions a community of ``works`` works holds.

    None below 20 works, then two, then one per 20,000 works.

    >>> production_count(10), production_count(300), production_count(100_000), production_count(1_000_000)
    (0, 2, 5, 50)
    """
    if works < MIN_WORKS_FOR_PRODUCTIONS:
        return 0
    return max(2, works // WORKS_PER_PRODUCTION)


def title_for(code: int) -> str:
    """A readable title from a title code (any non-negative integer).

    A remix keeps its first source's code, so it reads as a version of it.

    >>> title_for(0)
    'Midnight Echoes'
    >>> [title_for(c) for c in (1, 2, 4, 5)]
    ['Echoes and Lanterns', 'The Midnight Echoes', 'Echoes in Brooklyn', 'Notes on the Midnight Echoes']
    """
    pattern = code % 6
    adj, noun, noun2, place = _title_words(code)
    if pattern in (0, 3):
        return f"{adj} {noun}"
    if pattern == 1:
        return f"{noun} and {noun2}"
    if pattern == 2:
        return f"The {adj} {noun}"
    if pattern == 4:
        return f"{noun} in {place}"
    return f"Notes on the {adj} {noun}"


def _title_words(code: int) -> tuple[str, str, str, str]:
    """An adjective, two different nouns and a place, from a title code."""
    noun_index = (code >> 9) % len(NOUNS)
    return (
        ADJECTIVES[(code >> 3) % len(ADJECTIVES)],
        NOUNS[noun_index],
        NOUNS[(noun_index + 1 + (code >> 15) % (len(NOUNS) - 1)) % len(NOUNS)],
        PLACES[(code >> 21) % len(PLACES)],
    )


def _cumulative(weighted: tuple[tuple[str, int], ...] | dict[str, int]) -> tuple[tuple[str, ...], list[int]]:
    items = tuple(weighted.items()) if isinstance(weighted, dict) else weighted
    return tuple(v for v, _ in items), list(accumulate(w for _, w in items))


def _picker(weighted):
    """A function rng -> value drawing from integer weights (faster than rng.choices)."""
    values, cum = _cumulative(weighted)
    total = cum[-1]

    def pick(rng: random.Random) -> str:
        return values[bisect_right(cum, rng.random() * total)]

    return pick


def _iso(seconds: int) -> str:
    return (START + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")


PREFIX_PATTERN = r"[A-Za-z0-9._-]{0,40}"  # ids go into addresses (/works/<id>): nothing to escape


def check_prefix(prefix: str) -> str:
    """``prefix`` if it may begin generated ids, else InvalidParameter.

    >>> check_prefix("c2-")
    'c2-'
    >>> check_prefix("a b")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: --prefix 'a b' may hold only letters, digits, '-', '_' and '.' (40 at most)
    """
    if not re.fullmatch(PREFIX_PATTERN, prefix):
        raise InvalidParameter(f"--prefix {prefix[:60]!r} may hold only letters, digits, '-', '_' and '.' (40 at most)")
    return prefix


def validate(out_dir: str | os.PathLike, works: int, artists: int | None, seed: int) -> tuple[Path, int]:
    """Check the arguments of :func:`generate`.

    Returns
    -------
    tuple of (Path, int)
        The output folder and the number of artists (the default filled in).

    Raises
    ------
    InvalidParameter
        A count below 1, a negative seed, a value that is not an integer, or
        ``out_dir`` naming something that is not a folder.

    Examples
    --------
    >>> folder, artists = validate("d", 700, None, 1)
    >>> (folder.name, artists)
    ('d', 100)
    >>> validate("d", 0, None, 1)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: --works must be at least 1 (got 0)
    """
    for name, value in (("--works", works), ("--artists", artists), ("--seed", seed)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidParameter(f"{name} must be a whole number (got {value!r})")
    if works < 1:
        raise InvalidParameter(f"--works must be at least 1 (got {works})")
    if artists is not None and artists < 1:
        raise InvalidParameter(f"--artists must be at least 1 (got {artists})")
    if seed < 0:
        raise InvalidParameter(f"--seed must be zero or more (got {seed})")
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise InvalidParameter(f"{path} exists and is not a folder")
    return path, default_artists(works) if artists is None else artists


def generate(
    out_dir: str | os.PathLike, works: int, artists: int | None = None, seed: int = 1, prefix: str = ""
) -> GenerateSummary:
    """Write a synthetic community of ``works`` works and ``artists`` artists to ``out_dir``.

    The folder is created if needed; the five files are written beside each
    other under temporary names and renamed into place at the end, replacing
    files of the same names (a failed run leaves the old ones alone).

    Parameters
    ----------
    out_dir : str or path-like
        The dataset folder to write.
    works : int
        Number of works, at least 1.
    artists : int, optional
        Number of artists, at least 1; default :func:`default_artists`.
    seed : int
        The random seed, zero or more: the same arguments give the same bytes.
    prefix : str
        Put before every work and artist id (``c2-`` gives ``c2-w000000``), so
        that two generated communities loaded into one graph do not share ids;
        letters, digits, ``-``, ``_`` and ``.`` only (:data:`PREFIX_PATTERN`).
        Default none: the ids ``w000000``, ``a00000`` that the examples use.

    Returns
    -------
    GenerateSummary
        The row counts written and the time taken.

    Raises
    ------
    InvalidParameter
        A bad argument, or a folder that cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     s = generate(d, works=50, artists=10, seed=3)
    ...     (s.works, s.artists, s.productions, sorted(p.name for p in Path(d).iterdir()))
    (50, 10, 2, ['artists.csv', 'contributions.csv', 'ratings.csv', 'remixes.csv', 'works.csv'])
    """
    path, artist_count = validate(out_dir, works, artists, seed)
    check_prefix(prefix)
    started = time.perf_counter()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidParameter(f"cannot create {path}: {err.strerror or err}") from None
    temporary = {name: path / f".{name}.partial" for name in FILES}
    handles = {}
    done = False
    try:
        for name in FILES:
            handles[name] = open(temporary[name], "w", encoding="utf-8", newline="")
        writers = {name: csv.writer(handle, lineterminator="\n") for name, handle in handles.items()}
        counts = _Community(random.Random(seed), works, artist_count, prefix).write(writers)
        for handle in handles.values():
            handle.close()
        for name in FILES:
            os.replace(temporary[name], path / name)
        done = True
    except OSError as err:
        raise InvalidParameter(f"cannot write the dataset to {path}: {err.strerror or err}") from None
    finally:
        for handle in handles.values():
            handle.close()
        if not done:  # leave no half-written files behind
            for name in FILES:
                temporary[name].unlink(missing_ok=True)
    return GenerateSummary(
        out_dir=path, artists=artist_count, works=works, seconds=time.perf_counter() - started, **counts
    )


class _Community:
    """The state of one generation run; :meth:`write` makes and writes every row."""

    def __init__(self, rng: random.Random, works: int, artists: int, prefix: str = ""):
        self.rng = rng
        self.prefix = prefix
        self.works = works
        self.artists = artists
        self.gap = max(1, SPAN_SECONDS // works)  # mean seconds between two works
        self.founders = max(1, math.ceil(artists * FOUNDERS))
        self.id_width = max(6, len(str(works)))
        self.artist_width = max(5, len(str(artists)))
        self.pick_medium = _picker(MEDIUM_WEIGHTS)
        self.pick_license = _picker(LICENSES)
        self.pick_stars = _picker(STARS)
        self.pick_kind_same = {m: _picker(k) for m, k in KINDS_SAME.items()}
        self.pick_kind_across = _picker(KINDS_ACROSS)
        self.tag_cum = list(accumulate(1.0 / (i + 1) for i in range(len(TAGS))))  # Zipf over tags

    # -- identifiers and times ----------------------------------------------------------

    def work_id(self, index: int) -> str:
        return f"{self.prefix}w{index:0{self.id_width}d}"

    def artist_id(self, index: int) -> str:
        return f"{self.prefix}a{index:0{self.artist_width}d}"

    def joins_at_work(self, artist: int) -> int:
        """The index of the first work an artist may contribute to (artists join in index order)."""
        if artist < self.founders:
            return 0
        return (artist - self.founders) * self.works // (self.artists - self.founders)

    def work_seconds(self, index: int) -> int:
        # Strictly increasing: index * gap plus a jitter below gap.
        return index * self.gap + self.rng.randrange(self.gap)

    # -- the run --------------------------------------------------------------------------

    def write(self, writers: dict) -> dict:
        activity_cum = self.write_artists(writers["artists.csv"])
        return self.write_works(writers, activity_cum)

    def write_artists(self, out) -> list[float]:
        """Write artists.csv; return the cumulative activity weights, in artist order."""
        rng = self.rng
        out.writerow(ARTIST_FIELDS)
        weights = []
        for i in range(self.artists):
            if i < self.founders:
                joined = -rng.randrange(1, 180 * 86400)
            else:
                joined = self.joins_at_work(i) * self.gap - rng.randrange(86400)
            handle = f"{HANDLE_WORDS[rng.randrange(len(HANDLE_WORDS))]}_{HANDLE_WORDS[rng.randrange(len(HANDLE_WORDS))]}{i}"
            name = "" if rng.random() < 0.2 else (
                f"{FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]} {LAST_NAMES[rng.randrange(len(LAST_NAMES))]}"
            )
            out.writerow((self.artist_id(i), handle, name, _iso(joined)))
            weights.append(0.02 if rng.random() < LURKERS else rng.paretovariate(ACTIVITY_ALPHA))
        return list(accumulate(weights))

    def write_works(self, writers: dict, activity_cum: list[float]) -> dict:
        rng = self.rng
        n = self.works
        works_out, contrib_out = writers["works.csv"], writers["contributions.csv"]
        remix_out, rating_out = writers["remixes.csv"], writers["ratings.csv"]
        works_out.writerow(WORK_FIELDS)
        contrib_out.writerow(CONTRIBUTION_FIELDS)
        remix_out.writerow(REMIX_FIELDS)
        rating_out.writerow(RATING_FIELDS)

        # A few bytes per work: what later works need to know about earlier ones.
        medium_of = bytearray(n)
        creator_of = array("l", [0]) * n
        title_code_of = array("l", [0]) * n
        # The preferential-attachment pool: each published work once, plus once per
        # remix it has received, so a uniform draw picks a work with probability
        # proportional to 1 + its remixes.
        pool = array("l")
        pool_works = 0
        rated = set()  # artist * n + work: one rating per pair

        productions = self.production_plan()
        available = self.founders  # artists who have joined by the current work
        contributions = remixes = ratings = 0
        rand, randrange = rng.random, rng.randrange
        pick_medium, pick_license, pick_stars = self.pick_medium, self.pick_license, self.pick_stars
        medium_index = {m: i for i, m in enumerate(MEDIA)}
        rating_continue = RATING_RATE / (1 + RATING_RATE)  # geometric count with this mean

        def pick_artist() -> int:
            return bisect_right(activity_cum, rand() * activity_cum[available - 1], 0, available - 1)

        def pick_sources(count: int) -> list[int]:
            chosen: list[int] = []
            count = min(count, pool_works)
            for _ in range(20 * count):
                if len(chosen) == count:
                    break
                size = len(pool)
                if rand() < TRENDING and size > RECENT_POOL:
                    source = pool[size - 1 - randrange(RECENT_POOL)]
                else:
                    source = pool[randrange(size)]
                if source not in chosen:
                    chosen.append(source)
            return chosen

        for j in range(n):
            while available < self.artists and self.joins_at_work(available) <= j:
                available += 1
            seconds = self.work_seconds(j)
            created = _iso(seconds)
            wid = self.work_id(j)
            production = productions.get(j)

            if production is not None:
                medium, title_pattern, want_contributors = production
                sources = pick_sources(rng.randint(20, 70))
                code = rng.getrandbits(24)
                status = "production"
                adj, noun, noun2, _ = _title_words(code)
                title = title_pattern.format(adj=adj, noun=noun, noun2=noun2, n=1 + code % 4)
                credits = self.production_credits(
                    want_contributors or rng.randint(24, 90), sources, medium, medium_of, creator_of,
                    pick_artist, available,
                )
            else:
                sources = []
                if pool_works and rand() < REMIX_RATE:
                    r = rand()
                    sources = pick_sources(1 if r < 0.6 else 2 if r < 0.85 else 3 if r < 0.95 else 4 + randrange(5))
                if sources and rand() < 0.8:
                    medium = MEDIA[medium_of[sources[0]]]
                else:
                    medium = pick_medium(rng)
                status = "draft" if rand() < DRAFT_RATE else "published"
                credits = self.ordinary_credits(medium, pick_artist, available)

            kinds = []
            for s in sources:
                source_medium = MEDIA[medium_of[s]]
                if source_medium == medium:
                    kinds.append(self.pick_kind_same[medium](rng))
                else:
                    kinds.append(self.pick_kind_across(rng))
            if production is None:
                r = rand()
                if sources and r < 0.6:
                    # Named after its first source: "Midnight Echoes (remix)", "... Part III".
                    code = title_code_of[sources[0]]
                    title = title_for(code)
                    if r < 0.45:
                        title = f"{title} ({TITLE_SUFFIX[kinds[0]]})"
                    else:
                        title = f"{title}, Part {PARTS[randrange(len(PARTS))]}"
                else:
                    code = rng.getrandbits(24)
                    title = title_for(code)

            tags = self.pick_tags()
            license_ = pick_license(rng)
            url = "" if rand() < 0.05 else URL_BASE + wid
            works_out.writerow((wid, title, medium, created, status, license_, url, tags))

            for artist, role, weight in credits:
                contrib_out.writerow((wid, self.artist_id(artist), role, weight))
            contributions += len(credits)
            for position, (source, kind) in enumerate(zip(sources, kinds)):
                weight = "1" if production is not None or position == 0 else "0.5"
                remix_out.writerow((wid, self.work_id(source), kind, weight))
                pool.append(source)
            remixes += len(sources)

            # Ratings of earlier published works, popular ones first, dated now.
            while pool_works and rand() < rating_continue:
                target = pool[randrange(len(pool))]
                rater = randrange(available)
                key = rater * n + target
                if key in rated:
                    continue
                rated.add(key)
                rating_out.writerow(
                    (self.artist_id(rater), self.work_id(target), pick_stars(rng), _iso(seconds + randrange(self.gap)))
                )
                ratings += 1

            medium_of[j] = medium_index[medium]
            creator_of[j] = credits[0][0]
            title_code_of[j] = code
            if status != "draft":
                pool.append(j)
                pool_works += 1

        return {
            "contributions": contributions, "remixes": remixes, "ratings": ratings,
            "productions": len(productions),
        }

    def production_plan(self) -> dict[int, tuple[str, str, int | None]]:
        """Where the productions fall: spread over the second half of the history."""
        count = production_count(self.works)
        half = self.works // 2
        return {
            half + (self.works - half) * (k + 1) // (count + 1): PRODUCTIONS[k % len(PRODUCTIONS)]
            for k in range(count)
        }

    def ordinary_credits(self, medium: str, pick_artist, available: int) -> list[tuple[int, str, str]]:
        """One creator, sometimes a few collaborators: (artist, role, weight) rows."""
        rng = self.rng
        r = rng.random()
        want = min(available, 1 if r < 0.74 else 2 if r < 0.90 else 3 if r < 0.96 else 4 + rng.randrange(3))
        chosen = self.distinct_artists(want, [], pick_artist, available)
        if len(chosen) == 1:
            return [(chosen[0], "creator", "1")]
        roles = ROLES[medium]
        return [(chosen[0], "creator", "2")] + [(a, roles[rng.randrange(len(roles))], "1") for a in chosen[1:]]

    def production_credits(
        self, want: int, sources: list[int], medium: str, medium_of, creator_of, pick_artist, available: int
    ) -> list[tuple[int, str, str]]:
        """A lead, the creators of the sources, then more artists up to ``want``."""
        rng = self.rng
        want = min(want, available)
        lead = pick_artist()
        credits = [(lead, "creator", "3")]
        seen = {lead}
        for source in sources:
            artist = creator_of[source]
            if len(credits) < want and artist not in seen:
                seen.add(artist)
                credits.append((artist, SOURCE_ROLES[MEDIA[medium_of[source]]], "1"))
        roles = ROLES[medium]
        extra = self.distinct_artists(want - len(credits), seen, pick_artist, available)
        credits.extend((a, roles[rng.randrange(len(roles))], "0.5") for a in extra)
        return credits

    def distinct_artists(self, want: int, taken, pick_artist, available: int) -> list[int]:
        """``want`` distinct artists not in ``taken``, by activity; by scanning if draws keep repeating."""
        chosen: list[int] = []
        seen = set(taken)
        for _ in range(10 * want):
            if len(chosen) == want:
                return chosen
            artist = pick_artist()
            if artist not in seen:
                seen.add(artist)
                chosen.append(artist)
        start = self.rng.randrange(available)
        for step in range(available):
            if len(chosen) == want:
                break
            artist = (start + step) % available
            if artist not in seen:
                seen.add(artist)
                chosen.append(artist)
        return chosen

    def pick_tags(self) -> str:
        rng = self.rng
        r = rng.random()
        count = 0 if r < 0.3 else 1 if r < 0.6 else 2 if r < 0.85 else 3
        tags: list[str] = []
        total = self.tag_cum[-1]
        for _ in range(count):
            tag = TAGS[bisect_right(self.tag_cum, rng.random() * total)]
            if tag not in tags:
                tags.append(tag)
        return ";".join(tags)
