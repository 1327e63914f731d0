"""SHACL: the ``shacl`` validator (``validator``), one run of it (``run``: parse, pick an engine, findings),
the inputs it reads (``inputs``), the engines behind one interface (``engines``: pyshacl, the fast SPARQL
compiler of ``fast``, and ``auto``), one rule per constraint component (``rules``), the messages citylint
writes (``messages``) and what a run does not evaluate (``coverage``)."""
