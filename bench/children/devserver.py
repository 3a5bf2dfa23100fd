"""``python -m bench.children.devserver URI PORT``: the site on Flask's development server.

Figure 5's baseline: the same application (``web.create_app``) on the same
database, served by Werkzeug's threaded development server on 127.0.0.1
instead of waitress.
"""

from __future__ import annotations

import logging
import os
import sys

from lineage.config import Settings
from web import create_app


def main(uri: str, port: int) -> None:
    settings = Settings(uri=uri, user="neo4j", password=os.environ.get("NEO4J_PASSWORD", ""), database="neo4j",
                        home=".")
    app = create_app({"LINEAGE_SETTINGS": settings})
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    app.run(host="127.0.0.1", port=port, threaded=True, debug=False, use_reloader=False)


if __name__ == "__main__":
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    main(sys.argv[1], int(sys.argv[2]))
