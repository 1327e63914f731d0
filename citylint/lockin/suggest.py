"""The closest official name to an unknown file or column: the likely intended one when it is a typo. The
official names come from the standard's validator (:class:`citylint.lockin.catalogue.Extensions`)."""

from __future__ import annotations

import difflib

# difflib's ratio: 0.8 accepts one or two wrong letters in a field name ("trip_headsgn" → "trip_headsign")
# and rejects names that merely share a prefix ("stop_city" vs "stop_code" is 0.67).
CUTOFF = 0.8
# A fuzzy match costs ~0.5 ms; the first this many unknown files of an input get one, so that an archive of
# 100,000 unknown names costs seconds, not minutes (docs/security.md, limits). Real feeds have a handful.
MAX_SUGGESTIONS = 1000


def closest(name: str, candidates: list[str]) -> str | None:
    cleaned = name.strip().lower()
    if cleaned in candidates:  # same name but for case or spaces: that is the intended one
        return cleaned
    found = difflib.get_close_matches(cleaned, candidates, n=1, cutoff=CUTOFF)
    return found[0] if found else None
