"""Programs the suite runs as separate processes, so that their own peak memory is measured."""
