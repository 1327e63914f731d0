"""What the GTFS rule families share: the typed, cached frames derived from the loaded feed and the file names
and constants several families use. Families import from here, never from one another.

| module | owns |
|---|---|
| `stop_times.py` | stop_times.txt ordered by trip and sequence, trip ends |
| `trip_walks.py` | trips walked in seconds and positions, trip batches, fingerprints |
| `calendar.py` | service periods, intervals, each trip's services, the service window |
| `stops.py` | stops.txt entities, typed table, rows by id, location types |
| `pathways.py` | pathways.txt, parent stations |
| `shapes.py` | shape points in order |
| `flex.py` | the pickup / drop-off window columns |
"""
