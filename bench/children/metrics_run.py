"""``python -m bench.children.metrics_run URI``: lineage.metrics_db.run_metrics, its report as JSON.

Used by figure 4 when ``lineage metrics`` is not a command (or prints no phases):
the same function the command calls, in a process of its own.
"""

from __future__ import annotations

import logging
import json
import os
import sys

from lineage.config import Settings
from lineage.db import Graph
from lineage.metrics_db import run_metrics


def main(uri: str) -> None:
    settings = Settings(uri=uri, user="neo4j", password=os.environ.get("NEO4J_PASSWORD", ""), database="neo4j",
                        home=".")
    with Graph.connect(settings) as graph:
        report = run_metrics(graph)
    json.dump(report.to_dict(), sys.stdout)


if __name__ == "__main__":
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    main(sys.argv[1])
