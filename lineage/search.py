"""One search over works and artists: the command line, the API and the site all call it.

Finding is Lucene's (the full-text indexes of ``queries/schema.cypher``, one
analyzer each); ordering is ours, because Lucene's score cannot say "this is
the exact title" or "this is the work people mean". So a search is two steps:

1. :func:`words_query` and :func:`keys_query` turn the user's text into safe
   Lucene queries (every special character escaped) that find a word exactly,
   as a prefix, or with one or two typos (fuzzy terms), and a phrase in order;
   ``queries/search_all.cypher`` sends them to the indexes of the kinds asked
   for, in one transaction, and returns up to a limit of candidates from each.
2. :func:`rank` orders the candidates of both kinds in one list by
   :func:`rank_key`: an exact title, handle or id first; then a handle or id
   that starts with the text, or a title that does word for word; then the
   words as a phrase in order (or word for word with typos); then all words;
   then some. Within a tier, better-matched words first (whole words before
   typos), then a title of as many words as typed, then influence (descendants, then
   PageRank; for an artist the works derived from theirs, then their
   influence score), then Lucene's score.

The indexes (see ``queries/schema.cypher``):

- ``search_work_words`` (title) and ``search_artist_words`` (handle, name):
  ``standard-no-stop-words``, so "A" and "the" count in an exact title and a
  hyphenated handle splits into its parts (``ideo-6fed0e6f1b``: ideo, 6fed0e6f1b);
- ``search_work_keys`` (id) and ``search_artist_keys`` (id, handle): ``keyword``,
  the whole value as one term, for exact and prefix matches of ids and handles
  (``ideo-6fed`` finds ``ideo-6fed0e6f1b`` and not every ``ideo-...``);
- ``search_artist_parts`` (handle): ``simple``, letters only, so ``fern``
  finds ``hush_fern7`` (the standard analyzer keeps ``hush_fern7`` whole).

A prefix typed with capitals only finds keys stored with the same case (the
keyword analyzer keeps case): the text is tried as typed and lower-cased.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Iterable

from lineage import limits
from lineage.errors import InvalidParameter, LineageError

KINDS = ("all", "works", "artists")
MAX_QUERY_CHARS = limits.SEARCH_CHARS  # longer text is refused (a 400 on the site, exit code 2 on the command line)
MAX_WORDS = 8  # words past this are ignored: a title is found long before
MAX_WORD_CHARS = 40  # a longer "word" is searched exactly (no prefix, no typos): fuzzy terms cost by length
SEARCH_CANDIDATES = 60  # candidates per index for a search page (ranked in Python: a few ms)
SUGGEST_CANDIDATES = 12  # ... and for suggestions as one types
SUGGEST_MIN_CHARS, SUGGEST_LIMIT = limits.SUGGEST_MIN_CHARS, limits.SUGGEST_LIMIT
DID_YOU_MEAN = 3

# Lucene's query syntax; each is escaped with a backslash.
_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/<> ])')
_OPERATORS = {"and", "or", "not", "to"}
_OPERATOR_WORDS = {"AND", "OR", "NOT", "TO"}
_WORD = re.compile(r"[^\W_]+")


class SearchUnavailable(LineageError):
    """The search indexes are missing (a database loaded before they existed)."""

    http_status = 503


# -- text ---------------------------------------------------------------------------------
def check_text(text: str | None) -> str:
    """The user's search text, stripped; :class:`InvalidParameter` when empty, too long or holding NUL.

    >>> check_text("  fern ")
    'fern'
    >>> check_text("x" * 201)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: the search text is 201 characters long; at most 200 are accepted
    >>> check_text("   ")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: the search text is empty
    """
    text = (text or "").strip()
    if not text:
        raise InvalidParameter("the search text is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidParameter(f"the search text is {len(text)} characters long; "
                               f"at most {MAX_QUERY_CHARS} are accepted")
    if "\x00" in text:
        raise InvalidParameter("the search text holds a NUL character")
    return text


@functools.lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """Text compared without case and accents.

    >>> fold("Zoë STRAẞE")
    'zoe strasse'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str | None) -> list[str]:
    """The words of a text, folded: runs of letters and digits (``_``, ``-`` and the rest split).

    >>> words("Community  Garden!")
    ['community', 'garden']
    >>> words("hush_fern7 ideo-6fed")
    ['hush', 'fern7', 'ideo', '6fed']
    >>> words('a(b "c')
    ['a', 'b', 'c']
    """
    return _WORD.findall(fold(text or ""))


@functools.lru_cache(maxsize=1 << 14)
def _words_cached(text: str) -> list[str]:
    return words(text)


def escape(term: str) -> str:
    r"""One term with Lucene's special characters (and spaces) escaped; operator words lower-cased.

    >>> escape("a(b c")
    'a\\(b\\ c'
    >>> escape("AND")
    'and'
    """
    return term.lower() if term.lower() in _OPERATORS else _SPECIAL.sub(r"\\\1", term)


def typos_allowed(word: str) -> int:
    """Edits a word may differ by and still match: 0 up to 3 characters, 1 up to 6, then 2 (Lucene's AUTO).

    >>> [typos_allowed(w) for w in ("cat", "garden", "community")]
    [0, 1, 2]
    """
    n = len(word)
    if n <= 3 or n > MAX_WORD_CHARS:
        return 0
    return 1 if n <= 6 else 2


# -- Lucene queries ----------------------------------------------------------------------
def _word_clause(word: str) -> str:
    """A word exactly (boosted), as a prefix, and with typos when long enough; without its accents too.

    The indexes keep accents ("zoë"): the word is looked up as typed and folded.

    >>> _word_clause("zoë")
    '(zoë^3 OR zoë*^2 OR zoe^3 OR zoe*^2)'
    """
    parts = []
    for variant in dict.fromkeys([word, fold(word)]):
        term = escape(variant)
        parts.append(f"{term}^3")
        if 2 <= len(variant) <= MAX_WORD_CHARS:
            parts.append(f"{term}*^2")
        typos = typos_allowed(variant)
        if typos:
            parts.append(f"{term}~{typos}")
    return "(" + " OR ".join(parts) + ")"


def words_query(text: str, *, some_words: bool = True) -> str | None:
    r"""The Lucene query for the word indexes: the phrase, all words, each word; None without words.

    ``some_words=False`` (suggestions as one types) leaves out the titles that
    hold only some of the words: each word's clause OR-ed alone matches a
    large part of a million titles when the word is common ("notes", "the"),
    and Lucene scores every match before it knows the best twelve; the
    conjunction of the words is found from the rarest word's matches. A
    suggestion falls back to the full query only when nothing holds every
    word (:func:`suggest`).

    >>> words_query("blue")
    '(blue^3 OR blue*^2 OR blue~1)'
    >>> words_query("community garden", some_words=False)
    '"community garden"^8 OR (+(community^3 OR community*^2 OR community~2) +(garden^3 OR garden*^2 OR garden~1))^4'
    >>> words_query('+-&&||!(){}[]^"~*?:\\/') is None
    True
    """
    # Lower-cased but with their accents: _word_clause adds the folded form.
    found = _WORD.findall(text.casefold())[:MAX_WORDS]
    if not found:
        return None
    clauses = [_word_clause(w) for w in found]
    if len(found) == 1:
        return clauses[0]
    # Words are letters and digits only, so the phrase needs no escaping inside its quotes.
    phrase = '"' + " ".join(found) + '"^8'
    every = "(" + " ".join("+" + c for c in clauses) + ")^4"
    return " OR ".join([phrase, every, *(clauses if some_words else [])])


def keys_query(text: str, *, fuzzy: bool = True) -> str | None:
    r"""The Lucene query for the keyword indexes (ids, handles): the whole text exactly, as a prefix, with typos.

    The keyword analyzer keeps case, so the text is tried as typed and lower-cased.
    Typos are tried only for a text without spaces, and only when ``fuzzy``
    (False for suggestions: the key is still being typed). A fuzzy term costs by the length of the text over the
    whole term dictionary (at 1M works, two ``~2`` terms of a 24-character title
    were most of a suggestion's time), and ids and handles hold no spaces: a
    title's words are found, typos and all, by the word indexes.

    >>> keys_query("ideo-6fed")
    '(ideo\\-6fed^4 OR ideo\\-6fed*^3 OR ideo\\-6fed~2)'
    >>> keys_query("Hush")
    '(Hush^4 OR Hush*^3 OR Hush~1) OR (hush^4 OR hush*^3 OR hush~1)'
    >>> keys_query("NOT")
    '(\\NOT^4 OR \\NOT*^3) OR (not^4 OR not*^3)'
    >>> keys_query("Hush", fuzzy=False)
    '(Hush^4 OR Hush*^3) OR (hush^4 OR hush*^3)'
    >>> keys_query("the lost river")
    '(the\\ lost\\ river^4 OR the\\ lost\\ river*^3)'
    >>> keys_query(" ") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    variants = list(dict.fromkeys([text, text.lower()]))
    fuzzy = fuzzy and not any(c.isspace() for c in text)
    out = []
    for variant in variants:
        # Escaped as one term: the whole handle or id, spaces and all; an operator word (AND, OR, NOT, TO)
        # gets its first letter escaped, so it is a term and keeps its case.
        term = _SPECIAL.sub(r"\\\1", variant)
        if variant in _OPERATOR_WORDS:
            term = "\\" + term
        parts = [f"{term}^4"]
        if len(variant) <= MAX_WORD_CHARS:
            parts.append(f"{term}*^3")
            typos = typos_allowed(variant) if fuzzy else 0
            if typos:
                parts.append(f"{term}~{typos}")
        out.append("(" + " OR ".join(parts) + ")")
    return " OR ".join(out)


# -- ranking -------------------------------------------------------------------------------
def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Edits (insert, delete, replace, swap of neighbours) turning ``a`` into ``b``; ``limit + 1`` when over.

    >>> edit_distance("garden", "gardne"), edit_distance("comunity", "community"), edit_distance("cat", "dog", 1)
    (1, 1, 2)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


EXACT, PREFIX, TYPO, MISSING = 3, 2, 1, 0


@functools.lru_cache(maxsize=1 << 16)
def word_match(word: str, token: str) -> int:
    """How well a typed word matches one word of a field: EXACT 3, PREFIX 2, TYPO 1, MISSING 0.

    >>> [word_match("garden", t) for t in ("garden", "gardens", "gardne", "rooftop")]
    [3, 2, 1, 0]
    """
    if word == token:
        return EXACT
    if len(word) >= 1 and token.startswith(word):
        return PREFIX
    typos = typos_allowed(word)
    if not typos or token[:1] != word[:1] and token[1:2] != word[1:2]:
        return MISSING  # cheap refusal first: a typo this search forgives keeps one of the first two letters
    if abs(len(word) - len(token)) <= typos and edit_distance(word, token, typos) <= typos:
        return TYPO
    # A typo in a word still being typed: the start of the token within the typos allowed.
    if len(token) > len(word) and edit_distance(word, token[: len(word)], typos) <= typos:
        return TYPO
    return MISSING


def _best(word: str, tokens: list[str]) -> tuple[int, int]:
    """The best match of ``word`` in ``tokens`` and its position (-1 when missing)."""
    best, where = MISSING, -1
    for i, token in enumerate(tokens):
        quality = word_match(word, token)
        if quality > best:
            best, where = quality, i
            if quality == EXACT:
                break
    return best, where


def _phrase_at(query: list[str], tokens: list[str]) -> bool:
    """Whether the query's words match consecutive tokens, in order."""
    n = len(query)
    return any(all(word_match(w, tokens[start + k]) for k, w in enumerate(query))
               for start in range(len(tokens) - n + 1))


TIERS = ("exact", "starts", "phrase", "all words", "some words", "other")


def match_tier(text: str, fields: Iterable[str | None], keys: Iterable[str | None]) -> tuple[int, int]:
    """How a candidate matches the text: (tier, quality), both better when the tier is lower / quality higher.

    Tiers (:data:`TIERS`): 0 exact title, handle, name or id (case, accents and
    punctuation aside); 1 a handle or id starting with the text, or a field
    matching word for word (each word whole or its start); 2 the words as a
    phrase, in order, or word for word with typos; 3 every word somewhere; 4
    some words; 5 none (Lucene found it otherwise). Quality sums each word's
    best :func:`word_match`, so within a tier words found whole beat typos.

    >>> match_tier("community garden", ["Community Garden"], [])
    (0, 6)
    >>> match_tier("community garden", ["Rooftop garden"], [])
    (4, 3)
    >>> match_tier("garden community", ["Community Garden"], [])
    (3, 6)
    >>> match_tier("ideo-6fed", ["ideo-6fed0e6f1b"], ["ideo-6fed0e6f1b"])
    (1, 5)
    >>> match_tier("comunity garden", ["Community Garden"], [])
    (2, 4)
    >>> match_tier("golden fire", ["Golden Forest"], []), match_tier("golden fire", ["The Golden Fire"], [])
    ((2, 4), (2, 6))
    >>> match_tier("fern", ["hush_fern7", "Elena Lindqvist"], ["hush_fern7"])
    (2, 2)
    """
    query = _words_cached(text)
    typed = fold(text.strip())
    field_tokens = [_words_cached(f) for f in fields if f]
    key_texts = [fold(k) for k in keys if k]
    quality = 0
    if query:
        quality = max((sum(_best(w, toks)[0] for w in query) for toks in field_tokens), default=0)
    if typed in key_texts or any(query and toks == query for toks in field_tokens):
        return 0, quality
    if any(k.startswith(typed) for k in key_texts):
        return 1, quality
    word_for_word = [min(word_match(w, t) for w, t in zip(query, toks))
                     for toks in field_tokens if query and len(toks) == len(query)]
    if any(m >= PREFIX for m in word_for_word):
        return 1, quality
    if any(m == TYPO for m in word_for_word):
        # With a typo it is a phrase like any other: "golden fire" must not put six "Golden Forest"s
        # (fire, fore...: one typo) above "The Golden Fire"; the quality of the words decides.
        return 2, quality
    if any(typos_allowed(typed) and edit_distance(typed, k, typos_allowed(typed)) <= typos_allowed(typed)
           for k in key_texts):
        return 3, quality
    if not query:
        return 5, quality
    if len(query) > 1 and any(_phrase_at(query, toks) for toks in field_tokens):
        return 2, quality
    found = [max((_best(w, toks)[0] for toks in field_tokens), default=0) for w in query]
    if all(found):
        return (2 if len(query) == 1 else 3), quality
    if any(found):
        return 4, quality
    return 5, quality


def _num(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def rank_key(text: str, hit: dict) -> tuple:
    """The sort key of one candidate (a row of ``search_all``, with its ``kind``).

    >>> a = {"kind": "work", "id": "w1", "title": "Community Garden", "descendants": 0}
    >>> b = {"kind": "work", "id": "w2", "title": "Rooftop garden", "descendants": 90}
    >>> sorted([b, a], key=lambda h: rank_key("community garden", h))[0]["id"]
    'w1'
    """
    if hit["kind"] == "work":
        fields, keys = [hit.get("title")], [hit.get("id")]
        influence = (_num(hit.get("descendants")), _num(hit.get("pagerank")))
    else:
        fields, keys = [hit.get("handle"), hit.get("name")], [hit.get("handle"), hit.get("id")]
        # Before `lineage metrics` has run, the artist with more works of their own.
        influence = (_num(hit.get("downstream_works")), _num(hit.get("influence")) or _num(hit.get("works")))
    tier, quality = match_tier(text, fields, keys)
    # Then a field of as many words as typed ("Signal in the Desrt": the title of those four words
    # before the longer "Signal in the Desert Night"), then influence.
    n = len(_words_cached(text))
    whole = any(len(_words_cached(f)) == n for f in fields if f)
    return (tier, -quality, -whole, -influence[0], -influence[1], -_num(hit.get("score")), hit["kind"],
            str(hit["id"]))


def rank(text: str, hits: Iterable[dict]) -> list[dict]:
    """Candidates best first, each with its ``match`` (a name of :data:`TIERS`).

    >>> hits = [{"kind": "artist", "id": "a9", "handle": "ideo-6fed9"},
    ...         {"kind": "artist", "id": "a1", "handle": "ideo-6fed0e6f1b", "downstream_works": 4},
    ...         {"kind": "artist", "id": "a2", "handle": "ideo-1234"}]
    >>> [(h["id"], h["match"]) for h in rank("ideo-6fed", hits)]
    [('a1', 'starts'), ('a9', 'starts'), ('a2', 'some words')]
    """
    keyed = sorted(((rank_key(text, h), h) for h in hits), key=lambda pair: pair[0])
    return [dict(h, match=TIERS[key[0]]) for key, h in keyed]


# -- the database ---------------------------------------------------------------------------
def _read(graph, name: str, **params: Any) -> list[dict]:
    """Rows of a named query (``graph.read``); a missing search index is :class:`SearchUnavailable`, not a crash."""
    from lineage.db import ClientError

    try:
        return graph.read(name, **params)
    except ClientError as err:
        if "no such fulltext schema index" in str(err).lower():
            raise SearchUnavailable("the search indexes are missing in this database: "
                                    "run `lineage db reindex` (or load again) to build them") from None
        if "ParseException" in str(err) or "TooComplex" in str(err):
            # The queries are escaped so Lucene never fails to read them; should one slip through, the
            # user gets a clear 400, not a 500.
            raise InvalidParameter("the search text could not be read as words; try letters and digits") from None
        raise


# -- candidates -------------------------------------------------------------------------
# The columns of each kind (queries/search_all.cypher returns both, null where not the row's kind).
_FIELDS = {"work": ("id", "title", "medium", "created_at", "descendants", "pagerank", "score"),
           "artist": ("id", "handle", "name", "works", "downstream_works", "influence", "score")}

def _candidates(graph, text: str, kind: str, limit: int, *, typing: bool = False,
                some_words: bool = True) -> tuple[list[dict], bool]:
    """Candidates of the kinds asked for, and whether an index gave as many as ``limit`` (more may exist).

    ``typing`` (a suggestion) tries no typos in the whole text as an id or
    handle; ``some_words`` is :func:`words_query`'s.
    """
    if kind not in KINDS:
        raise InvalidParameter(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    labels = [label for name, label in (("works", "work"), ("artists", "artist")) if kind in ("all", name)]
    # Both kinds in one transaction: one round trip fewer on every keystroke of a suggestion.
    rows = _read(graph, "search_all", words=words_query(text, some_words=some_words),
                 keys=keys_query(text, fuzzy=not typing), limit=limit, kinds=labels)
    hits = [{k: r[k] for k in _FIELDS[r["kind"]]} | {"kind": r["kind"]} for r in rows]
    full = any(sum(1 for h in hits if h["kind"] == label) >= limit for label in labels)
    return hits, full


def search(graph, text: str, kind: str = "all", *, page: int = 1, page_size: int = 20,
           candidates: int = SEARCH_CANDIDATES) -> dict:
    """One page of the ranked works and artists matching ``text``.

    Returns ``{"q", "kind", "items", "total", "more", "page", "pages", "page_size"}``;
    each item has ``kind`` ("work" or "artist"), ``match`` (a :data:`TIERS` name)
    and its fields (work: id, title, medium, created_at, descendants, pagerank;
    artist: id, handle, name, works, downstream_works, influence). ``total``
    counts the ranked candidates; ``more`` says an index stopped at
    ``candidates`` (refine the words to see the rest).
    """
    text = check_text(text)
    hits, more = _candidates(graph, text, kind, candidates)
    ranked = rank(text, hits)
    start = (page - 1) * page_size
    return {"q": text, "kind": kind, "items": ranked[start:start + page_size], "total": len(ranked),
            "more": more, "page": page, "pages": (len(ranked) + page_size - 1) // page_size,
            "page_size": page_size}


def detail(item: dict) -> str:
    """The one-line detail shown beside a suggestion: medium and date, or handle and works count.

    >>> detail({"kind": "work", "medium": "image", "created_at": "2010-06-22T20:37:00"})
    'image · 2010-06-22'
    >>> detail({"kind": "artist", "handle": "hush_fern7", "name": "Elena Lindqvist", "works": 1})
    'hush_fern7 · 1 work'
    """
    if item["kind"] == "work":
        parts = [item.get("medium"), str(item["created_at"])[:10] if item.get("created_at") else None]
    else:
        count = int(_num(item.get("works")))
        # The handle is the label when there is no name: not twice.
        parts = [item.get("handle") if item.get("name") else None, f"{count} work{'s' if count != 1 else ''}"]
    return " · ".join(p for p in parts if p)


def label(item: dict) -> str:
    """What a result is called: a work's title (else id), an artist's name (else handle, else id)."""
    if item["kind"] == "work":
        return item.get("title") or str(item["id"])
    return item.get("name") or item.get("handle") or str(item["id"])


def suggest(graph, text: str, kind: str = "all", *, limit: int = SUGGEST_LIMIT) -> list[dict]:
    """The best few matches of text still being typed: ``[{kind, id, label, detail, match}]``.

    Fewer than :data:`SUGGEST_MIN_CHARS` characters give no suggestions. Works
    and artists holding every word are suggested; those holding only some of
    the words only when none holds them all.
    """
    text = check_text(text)
    if len(text) < SUGGEST_MIN_CHARS:
        return []
    hits, _ = _candidates(graph, text, kind, SUGGEST_CANDIDATES, typing=True, some_words=False)
    if not hits and len(_words_cached(text)) > 1:  # nothing holds every word: those holding some
        hits, _ = _candidates(graph, text, kind, SUGGEST_CANDIDATES, typing=True)
    return [{"kind": h["kind"], "id": h["id"], "label": label(h), "detail": detail(h), "match": h["match"]}
            for h in rank(text, hits)[:limit]]


# -- ids or handles ------------------------------------------------------------------------
def nearest(graph, text: str, kind: str, limit: int = DID_YOU_MEAN) -> list[dict]:
    """The few works or artists nearest to a mistyped id or handle (for "did you mean")."""
    try:
        text = check_text(text[:MAX_QUERY_CHARS])
    except InvalidParameter:
        return []
    try:
        hits, _ = _candidates(graph, text, kind, SUGGEST_CANDIDATES)
    except SearchUnavailable:  # no search indexes (a database not loaded by us): a plain "not found"
        return []
    ranked = rank(text, hits)
    # Near matches when there are some; a work or artist sharing a mere word only when nothing is nearer.
    close = [h for h in ranked if TIERS.index(h["match"]) <= TIERS.index("all words")]
    return (close or [h for h in ranked if h["match"] == "some words"])[:limit]


def did_you_mean(found: list[dict]) -> str:
    """The end of a "not found" message naming the nearest matches ('' when none).

    >>> did_you_mean([{"kind": "artist", "id": "a00007", "handle": "hush_fern7"}])
    '; did you mean hush_fern7 (id a00007)?'
    >>> did_you_mean([{"kind": "work", "id": "w1", "title": "Seed"}, {"kind": "work", "id": "w2", "title": None}])
    "; did you mean w1 ('Seed') or w2?"
    """
    if not found:
        return ""
    names = []
    for h in found:
        if h["kind"] == "artist":
            names.append(f"{h['handle']} (id {h['id']})" if h.get("handle") and h["handle"] != h["id"] else h["id"])
        else:
            names.append(f"{h['id']} ({h['title']!r})" if h.get("title") else str(h["id"]))
    shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"; did you mean {shown}?"


__all__ = [
    "KINDS", "MAX_QUERY_CHARS", "SUGGEST_MIN_CHARS", "TIERS", "SearchUnavailable",
    "check_text", "fold", "words", "escape", "typos_allowed", "words_query", "keys_query",
    "edit_distance", "word_match", "match_tier", "rank_key", "rank", "search", "suggest", "detail", "label",
    "nearest", "did_you_mean",
]
