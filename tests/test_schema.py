"""The queries, the loader and the importer hold exactly the shape lineage.model declares (issue 12).

The Cypher files are hand-written; this test reads them with a few regular
expressions (the labels and types bound in patterns, ``v.prop`` accesses and
SETs, pattern maps ``{prop: ...}`` and projections ``v {.prop}``) and checks:

- every property named on a Work, an Artist or a relationship is one the model
  declares (or a metric): a typo fails here instead of reading null;
- the statements that write or read a whole shape name all of it: the
  ``load_<kind>_new`` CREATE, the keys of ``load_<kind>`` and
  ``load_<kind>_extra``, the metrics' SETs and the lineage reads listed in
  :func:`expectations`. A property added to the model and not to them fails
  here instead of being silently lost;
- the row builders, what a MERGE sets and the importer's CSV carry every
  declared property, so that neither load path can drop one.

Pure logic: no database.
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from pathlib import Path

import pytest

import queries
from graph_loader import bulk, present, rows, write
from lineage import api, export
from lineage.model import (
    ARTIST_METRICS,
    SHAPES,
    WORK,
    WORK_METRICS,
    Node,
    Property,
    Relationship,
)
from web import site_data

METRICS = {"Work": WORK_METRICS, "Artist": ARTIST_METRICS}

_COMMENT = re.compile(r"//[^\n]*")
_NODE = re.compile(r"\(\s*(\w*)\s*:\s*(\w+)\s*(\{[^{}]*\})?")
_REL = re.compile(r"\[\s*(\w*)\s*:\s*(\w+)\s*(\{[^{}]*\})?")
_ACCESS = re.compile(r"(?<![\w$.])([A-Za-z_]\w*)\.([A-Za-z_]\w*)")
_PROJECTION = re.compile(r"(?<![\w$.])([A-Za-z_]\w*)\s*\{([^{}]*)\}")
_PROJECTED = re.compile(r"(?:^|,)\s*\.(\w+)")
_MAP_ENTRY = re.compile(r"(\w+)\s*:\s*([^,{}]+)")
_OF_PATH = re.compile(r"\b(\w+)\s+IN\s+(nodes|relationships)\(\s*\w+\s*\)")
_METRIC_SET = re.compile(r"\b(\w+)\.(\w+)\s*=\s*\$(\w+)\[")

ROW = "row"  # the UNWIND variable of the load statements


class Parsed:
    """What one query names: properties per label or type, the ``row.<key>`` it reads, its pattern maps.

    A variable means the label or type of its latest binding before the
    access (a subquery may bind ``r`` to REMIXES and the next one to RATED).
    """

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = _COMMENT.sub("", text)
        self.props: dict[str, set[str]] = {}  # label or type -> properties named
        self.maps: dict[str, list[dict[str, str]]] = {}  # label or type -> its pattern maps (key -> value)
        self.row_keys: set[str] = set()
        self.problems: list[str] = []
        self._bindings: dict[str, list[tuple[int, str]]] = {}  # variable -> [(position, label or type)]
        text = self.text
        types, labels = [], []
        for pattern, found in ((_NODE, labels), (_REL, types)):
            for m in pattern.finditer(text):
                var, target, body = m.groups()
                found.append(target)
                if var:
                    self._bind(var, m.start(), target)
                if body:
                    entries = dict((k, v.strip()) for k, v in _MAP_ENTRY.findall(body[1:-1]))
                    self.maps.setdefault(target, []).append(entries)
                    self.props.setdefault(target, set()).update(entries)
        for m in _OF_PATH.finditer(text):  # [r IN relationships(p) | r.kind]: the one type (or label) the file names
            among = set(types if m.group(2) == "relationships" else labels)
            if len(among) == 1:
                self._bind(m.group(1), m.start(), among.pop())
        for m in _ACCESS.finditer(text):
            var, prop = m.groups()
            if var == ROW:
                self.row_keys.add(prop)
            elif (target := self.target(var, m.start())) is not None:
                self.props.setdefault(target, set()).add(prop)
        for m in _PROJECTION.finditer(text):
            var, body = m.groups()
            if (target := self.target(var, m.start())) is not None:
                self.props.setdefault(target, set()).update(_PROJECTED.findall(body))

    def _bind(self, var: str, at: int, target: str) -> None:
        if var == ROW:
            self.problems.append(f"{self.name}: {ROW} is bound to {target}: the checks read it as the load's row")
        self._bindings.setdefault(var, []).append((at, target))

    def target(self, var: str, at: int) -> str | None:
        """The label or type ``var`` has at position ``at`` (None: not bound to one by then)."""
        before = [target for where, target in sorted(self._bindings.get(var, ())) if where <= at]
        return before[-1] if before else None


def _by_target(shapes: dict) -> dict[str, Node | Relationship]:
    return {getattr(s, "label", None) or s.type: s for s in shapes.values()}


def declared(parsed: Parsed, shapes: dict = SHAPES) -> list[str]:
    """Every property the query names on a node or relationship of the model is declared (or a metric)."""
    problems = list(parsed.problems)
    for target, shape in _by_target(shapes).items():
        known = set(shape.graph_names) | set(METRICS.get(target, ()))
        for prop in sorted(parsed.props.get(target, set()) - known):
            problems.append(f"{parsed.name}: {target}.{prop} is not a property lineage.model declares")
    return problems


def exactly(parsed: Parsed, target: str, expected, what: str) -> list[str]:
    """The query names exactly ``expected`` on ``target``."""
    named, expected = parsed.props.get(target, set()), set(expected)
    problems = [f"{parsed.name}: {target}.{p} is {what} but the query does not name it" for p in sorted(expected - named)]
    problems += [f"{parsed.name}: names {target}.{p}, which is not {what}" for p in sorted(named - expected)]
    return problems


def _keys(shape) -> tuple[str, ...]:
    """What a load row identifies a node or relationship by (``row.<key>``)."""
    return shape.key_columns if isinstance(shape, Relationship) else shape.key_names


def _target(shape) -> str:
    return shape.type if isinstance(shape, Relationship) else shape.label


def load_problems(kind: str, texts: dict[str, str], shapes: dict = SHAPES) -> list[str]:
    """The three load statements of ``kind`` against the model (``texts``: query name -> text)."""
    shape = shapes[kind]
    target = _target(shape)
    problems = []
    new = Parsed(f"load_{kind}_new", texts[f"load_{kind}_new"])
    problems += exactly(new, target, shape.graph_names, f"a property of {target} (lineage.model)")
    for entries in new.maps.get(target, []):
        for prop, value in entries.items():
            if value != f"{ROW}.{prop}":
                problems.append(f"{new.name}: {target}.{prop} is set from {value}, not {ROW}.{prop}")
    row_keys = set(shape.row_keys) | set(shape.loader_names)
    for key in sorted(new.row_keys ^ row_keys):
        problems.append(f"{new.name}: reads {ROW}.{key}, which the loader's row does not have" if key in new.row_keys
                        else f"{new.name}: the loader's row has {key} and the query does not read {ROW}.{key}")
    for name in (f"load_{kind}", f"load_{kind}_new", f"load_{kind}_extra"):
        parsed = Parsed(name, texts[name])
        for end in getattr(shape, "ends", ()):  # each end found by its own column (a swap would link the wrong nodes)
            key = _by_target(shapes)[end.label].key_names[0]
            if not any(entries.get(key) == f"{ROW}.{end.column}" for entries in parsed.maps.get(end.label, [])):
                problems.append(f"{name}: no (:{end.label} {{{key}: {ROW}.{end.column}}}) for the {kind}' "
                                f"{'start' if end.start else 'end'}")
    for name, extra in ((f"load_{kind}", {"set", "create"}), (f"load_{kind}_extra", {"extra"})):
        parsed = Parsed(name, texts[name])
        problems += exactly(parsed, target, shape.key_names, f"a key of {target} (lineage.model)")
        for key in sorted(parsed.row_keys ^ (set(_keys(shape)) | extra)):
            problems.append(f"{name}: {ROW}.{key} read or missing: the row's keys are "
                            f"{', '.join(sorted(set(_keys(shape)) | extra))}")
    return problems


def metrics_problems(name: str, text: str, target: str, shapes: dict = SHAPES) -> list[str]:
    """A metrics write matches its nodes by their key and sets every metric, each from its own parameter."""
    parsed = Parsed(name, text)
    keys = _by_target(shapes)[target].key_names
    problems = exactly(parsed, target, keys + METRICS[target], f"the key or a metric of {target} (lineage.model)")
    for var, prop, param in _METRIC_SET.findall(parsed.text):
        if prop != param:
            problems.append(f"{name}: {var}.{prop} is set from ${param}")
    return problems


def expectations(shapes: dict = SHAPES) -> dict[str, dict[str, tuple[str, ...]]]:
    """The lineage reads that name a whole shape (or a derived part of one): query -> target -> properties."""
    works, artists = shapes["works"], shapes["artists"]
    remixes, contributed = shapes["remixes"].graph_names, shapes["contributions"].graph_names
    return {
        # lineage.api's work dicts and the REMIXES among them
        "lineage_works": {"Work": works.summary_names + WORK_METRICS, "REMIXES": remixes},
        "lineage_path": {"REMIXES": remixes},
        "lineage_work_details": {"REMIXES": remixes, "CONTRIBUTED": contributed},
        # lineage.export's artists and contributions
        "lineage_contributions": {"Artist": artists.summary_names, "CONTRIBUTED": contributed},
        "lineage_artist_names": {"Artist": artists.summary_names},
    }


def checked_names() -> list[str]:
    return sorted(n for n in queries.names() if re.match(r"(load_|metrics_write_|lineage_|focus_)", n))


# -- the real files --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", checked_names())
def test_every_property_a_query_names_is_declared(name):
    assert declared(Parsed(name, queries.load(name))) == []


@pytest.mark.parametrize("kind", list(SHAPES))
def test_the_load_statements_name_exactly_the_model(kind):
    texts = {n: queries.load(n) for n in (f"load_{kind}", f"load_{kind}_new", f"load_{kind}_extra")}
    assert load_problems(kind, texts) == []


@pytest.mark.parametrize("name, target", [("metrics_write_works", "Work"), ("metrics_write_artists", "Artist")])
def test_the_metrics_write_exactly_the_metrics(name, target):
    assert metrics_problems(name, queries.load(name), target) == []


@pytest.mark.parametrize("name", list(expectations()))
def test_the_lineage_reads_name_the_whole_shape(name):
    parsed = Parsed(name, queries.load(name))
    problems = [p for target, props in expectations()[name].items()
                for p in exactly(parsed, target, props, f"read by {name} (lineage.model)")]
    assert problems == []


def test_the_checks_see_the_queries():
    """The parser finds what the files name (a regex that matched nothing would pass every check)."""
    assert set(checked_names()) >= {"load_works_new", "metrics_write_works", "lineage_works", "focus_step_up"}
    parsed = Parsed("focus_step_up", queries.load("focus_step_up"))
    assert parsed.props["Work"] >= {"id", "medium", "created_at"}
    assert parsed.props["REMIXES"] == {"kind"}
    assert Parsed("load_works_new", queries.load("load_works_new")).props["Work"] == set(WORK.graph_names)


# -- the checks fail on drift ----------------------------------------------------------------------------
def _load_texts(kind: str) -> dict[str, str]:
    return {n: queries.load(n) for n in (f"load_{kind}", f"load_{kind}_new", f"load_{kind}_extra")}


def test_a_property_missing_from_the_create_fails():
    texts = _load_texts("works")
    texts["load_works_new"] = texts["load_works_new"].replace("license: row.license, ", "")
    assert "license: row.license" not in texts["load_works_new"]  # the edit took
    assert load_problems("works", texts) == [
        "load_works_new: Work.license is a property of Work (lineage.model) but the query does not name it",
        "load_works_new: the loader's row has license and the query does not read row.license",
    ]


def test_a_typo_fails():
    texts = _load_texts("remixes")
    texts["load_remixes_new"] = texts["load_remixes_new"].replace("temporal_anomaly: row", "temporal_anomly: row")
    problems = load_problems("remixes", texts)
    assert "load_remixes_new: names REMIXES.temporal_anomly, which is not a property of REMIXES (lineage.model)" in problems
    text = queries.load("lineage_works").replace("r.weight", "r.wieght")
    assert declared(Parsed("lineage_works", text)) == [
        "lineage_works: REMIXES.wieght is not a property lineage.model declares"]


def test_a_value_from_the_wrong_key_fails():
    texts = _load_texts("artists")
    texts["load_artists_new"] = texts["load_artists_new"].replace("name: row.name", "name: row.handle")
    assert load_problems("artists", texts) == [
        "load_artists_new: Artist.name is set from row.handle, not row.name",
        "load_artists_new: the loader's row has name and the query does not read row.name",
    ]


def test_swapped_ends_fail():
    texts = _load_texts("ratings")
    texts["load_ratings"] = (texts["load_ratings"].replace("{id: row.artist_id}", "{id: row.tmp}")
                             .replace("{id: row.work_id}", "{id: row.artist_id}").replace("{id: row.tmp}", "{id: row.work_id}"))
    assert load_problems("ratings", texts) == [
        "load_ratings: no (:Artist {id: row.artist_id}) for the ratings' start",
        "load_ratings: no (:Work {id: row.work_id}) for the ratings' end",
    ]


def test_a_metric_set_from_another_parameter_fails():
    text = queries.load("metrics_write_works").replace("$pagerank[i]", "$bridge[i]")
    assert metrics_problems("metrics_write_works", text, "Work") == ["metrics_write_works: w.pagerank is set from $bridge"]


def _with_property(kind: str, prop: Property) -> dict:
    shape = SHAPES[kind]
    return {**SHAPES, kind: replace(shape, properties=shape.properties + (prop,))}


def test_a_property_added_to_the_model_alone_fails():
    """The model gains a property the queries do not write or read: every place that must name it says so."""
    shapes = _with_property("works", Property("views", "views", "int", "stars"))
    problems = load_problems("works", _load_texts("works"), shapes)
    assert "load_works_new: Work.views is a property of Work (lineage.model) but the query does not name it" in problems
    shapes = _with_property("remixes", Property("note", "note", "str", "text"))
    assert exactly(Parsed("lineage_works", queries.load("lineage_works")), "REMIXES",
                   expectations(shapes)["lineage_works"]["REMIXES"], "read") == [
        "lineage_works: REMIXES.note is read but the query does not name it"]


def test_a_variable_means_its_latest_binding():
    parsed = Parsed("q", "CALL () { MATCH ()-[r:REMIXES]->() RETURN r.kind AS k } "
                         "CALL () { MATCH ()-[r:RATED]->() RETURN r.stars AS s } RETURN r.kind")
    assert parsed.props == {"REMIXES": {"kind"}, "RATED": {"stars", "kind"}}
    assert declared(parsed) == ["q: RATED.kind is not a property lineage.model declares"]


# -- the loader and the importer carry every property --------------------------------------------------------
FULL = {  # a valid value for every column the model declares
    "work_id": "w1", "source_id": "w0", "artist_id": "a1", "title": "Song", "medium": "music",
    "created_at": "2020-01-02", "status": "draft", "license": "cc-by", "url": "https://example.org/w1",
    "tags": "a;b", "handle": "ann", "name": "Ann", "joined_at": "2019-05-06", "role": "producer",
    "weight": "2", "kind": "sample", "stars": "4", "rated_at": "2021-03-04",
}


def _full_row(kind: str) -> dict:
    shape = SHAPES[kind]
    missing = set(shape.columns) - set(FULL)
    assert not missing, f"FULL has no value for the column(s) {sorted(missing)} of {kind}"
    row = rows.SPECS[kind].make({c: FULL[c] for c in shape.columns}, [])
    for name in shape.loader_names:  # what the loader decides (validate.py: a remix's temporal_anomaly)
        row[name] = True
    return row


@pytest.mark.parametrize("kind", list(SHAPES))
def test_the_row_builders_carry_every_property(kind):
    shape = SHAPES[kind]
    row = _full_row(kind)
    assert list(row) == [*shape.row_keys, "extra", *shape.loader_names]
    assert all(row[name] not in (None, "", ()) for name in shape.row_keys), row
    assert rows.SPECS[kind].known == shape.columns


@pytest.mark.parametrize("kind", list(SHAPES))
def test_a_merge_sets_every_property(kind):
    """``load_<kind>`` sets ``row.set``/``row.create``: present.py's properties, from the model."""
    shape = SHAPES[kind]
    (item,) = write.merge_rows(kind, [_full_row(kind)])
    keys = set(present.KEYS[kind])
    assert set(item) - {"set", "create"} == keys == set(_keys(shape))
    assert set(item["set"]) | (keys & set(shape.graph_names)) == set(shape.graph_names)


@pytest.mark.parametrize("kind", list(SHAPES))
def test_the_bulk_header_carries_every_property(kind, tmp_path: Path):
    shape = SHAPES[kind]
    columns = bulk.NODE_COLUMNS[kind] if kind in bulk.NODE_COLUMNS else bulk.EDGE_COLUMNS[kind][1]
    names = [re.sub(r":.*", "", header) for header, _ in columns]
    ends = [] if isinstance(shape, Node) else ["", ""]  # :START_ID(...) and :END_ID(...)
    assert names == ends + list(shape.graph_names)
    # Written as the importer reads it: every property has its header and a value in the body.
    staged = bulk.ImportFiles(tmp_path)
    staged.write(kind, [2], [_full_row(kind)])
    files = staged.close()
    header_file, body_file = files[kind]
    (header,) = csv.reader(header_file.open(encoding="utf-8"))
    (body,) = csv.reader(body_file.open(encoding="utf-8"))
    written = dict(zip((re.sub(r":.*", "", h) for h in header), body))
    for name in shape.graph_names:
        assert written.get(name, "") != "", f"the bulk {kind}.csv has no value for {name}: {written}"


def test_the_derived_fields():
    """The other places read the model's names (these were lists of their own, issue 12)."""
    works, artists = SHAPES["works"], SHAPES["artists"]
    assert api.WORK_FIELDS == works.summary_names and api.ARTIST_FIELDS == artists.graph_names
    assert site_data.CORE_WORK_FIELDS == works.graph_names and site_data.CORE_ARTIST_FIELDS == artists.graph_names
    assert export.WORK_COLUMNS[:len(api.WORK_FIELDS)] == api.WORK_FIELDS
    assert set(export.EDGE_COLUMNS[3:]) == set(SHAPES["remixes"].graph_names) | set(SHAPES["contributions"].graph_names)
    assert rows.RESERVED >= {name for shape in SHAPES.values() for name in shape.graph_names}
