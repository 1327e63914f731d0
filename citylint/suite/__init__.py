"""Test-suite runner: W3C SHACL test manifests (``mf:Manifest``, ``sht:Validate``) run with a SHACL engine,
compared as the suite compares reports, summarised, and written as EARL."""
