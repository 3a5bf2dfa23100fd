"""Reading, validating and writing a community dataset (``lineage load``).

The modules, one job each:

- :mod:`graph_loader.dataset`: the formats (a folder of CSV files, a zip of
  one, JSON Lines) and streaming their rows with line numbers;
- :mod:`graph_loader.fields` and :mod:`graph_loader.rows`: what a valid value
  and a valid row are, and the reason codes of rejected rows;
- :mod:`graph_loader.validate`: every row decided as loaded, duplicate or
  rejected (with :mod:`graph_loader.ids` for the ids kept in memory and
  :mod:`graph_loader.cycles` for the cycle rule);
- :mod:`graph_loader.write`: batches of ``UNWIND … MERGE`` in managed write
  transactions;
- :mod:`graph_loader.loader`: the whole load, and its journal;
- :mod:`graph_loader.generate`: synthetic datasets.

The format is documented in ``docs/dataset-format.md``.
"""
