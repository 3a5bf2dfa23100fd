"""The domain model: what a work, an artist and their relationships hold.

The graph in Neo4j::

    (:Artist {id, handle, name, joined_at})
    (:Work {id, title, medium, created_at, status, license, url, tags})
    (:Artist)-[:CONTRIBUTED {role, weight}]->(:Work)
    (:Work)-[:REMIXES {kind, weight, temporal_anomaly}]->(:Work)   # derived -> source
    (:Artist)-[:RATED {stars, rated_at}]->(:Work)

What ``lineage metrics`` stores for the pages beside its metrics (lineage/reach.py),
dropped by every load before its first write::

    (:ArtistReach {artist_id, data})    # the reach of a widest-reaching artist, as JSON
    (:MetricsRun {name: 'graph', exact}) # the stamp: the metrics describe the graph as it is

Dates are stored as normalised ISO 8601 strings (``YYYY-MM-DD`` or
``YYYY-MM-DDTHH:MM:SS`` with an offset where the input had one), so that they
compare in time order as strings and read the same in Cypher, JSON and CSV.
"""

from __future__ import annotations

MEDIA = ("music", "video", "writing", "image", "audio", "animation", "other")
STATUSES = ("published", "production", "draft")
REMIX_KINDS = ("remix", "sample", "adaptation", "cover", "translation", "collage", "other")

DEFAULT_MEDIUM = "other"
DEFAULT_STATUS = "published"
DEFAULT_ROLE = "creator"
DEFAULT_REMIX_KIND = "remix"

WORK_FIELDS = ("work_id", "title", "medium", "created_at", "status", "license", "url", "tags")
ARTIST_FIELDS = ("artist_id", "handle", "name", "joined_at")
CONTRIBUTION_FIELDS = ("work_id", "artist_id", "role", "weight")
REMIX_FIELDS = ("work_id", "source_id", "kind", "weight")
RATING_FIELDS = ("artist_id", "work_id", "stars", "rated_at")

# Written by ``lineage metrics``.
WORK_METRICS = ("direct_remixes", "descendants", "ancestors", "generation", "pagerank", "bridge")
ARTIST_METRICS = (
    "works", "works_remixed", "downstream_works", "downstream_artists", "h_index", "influence",
)

# Property names an extra column may not take: it is stored as ``extra_<name>`` instead.
RESERVED_PROPERTIES = frozenset(
    {"id", "title", "medium", "created_at", "status", "license", "url", "tags",
     "handle", "name", "joined_at", *WORK_METRICS, *ARTIST_METRICS}
)
