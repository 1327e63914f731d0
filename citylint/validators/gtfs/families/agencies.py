"""Agencies of one feed that disagree: time zones, languages.

MobilityData compares every agency with the first one (the first with a language, for languages), in file
order, and only when agency.txt parsed cleanly.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.feed import ROW, Feed
from citylint.validators.gtfs.spec import REFERENCE

AGENCY = "agency.txt"

# RFC 5646 grandfathered tags and the tag Java's Locale.Builder turns each into.
_GRANDFATHERED = {
    "en-gb-oed": "en-GB-x-oed",
    "i-ami": "ami",
    "i-bnn": "bnn",
    "i-default": "en-x-i-default",
    "i-enochian": "x-i-enochian",
    "i-hak": "hak",
    "i-klingon": "tlh",
    "i-lux": "lb",
    "i-mingo": "see-x-i-mingo",
    "i-navajo": "nv",
    "i-pwn": "pwn",
    "i-tao": "tao",
    "i-tay": "tay",
    "i-tsu": "tsu",
    "sgn-be-fr": "sfb",
    "sgn-be-nl": "vgt",
    "sgn-ch-de": "sgg",
    "art-lojban": "jbo",
    "cel-gaulish": "xtg-x-cel-gaulish",
    "no-bok": "nb",
    "no-nyn": "nn",
    "zh-guoyu": "cmn",
    "zh-hakka": "hak",
    "zh-min": "nan-x-zh-min",
    "zh-min-nan": "nan",
    "zh-xiang": "hsn",
}


class InconsistentAgencyTimezone(
    GtfsRule,
    code="inconsistent_agency_timezone",
    severity=Severity.ERROR,
    spec=REFERENCE + "#agencytxt",
    message="agency.txt row {csvRowNumber}: agency_timezone {actual} differs from "
    "the first agency's {expected}",
):
    """Agencies of the feed are in different time zones.

    ## Why it matters
    All times of a feed are read in one time zone; with several, consumers cannot know which one a trip's
    times are in, and departures shift by hours.

    ## Example
    `agency.txt`: the first agency is in `Europe/Paris`, the second in `Europe/London`.

    ## Reference
    GTFS Schedule reference, `agency.txt` `agency_timezone`: "If multiple agencies are specified in the
    dataset, each must have the same agency_timezone."
    """


class InconsistentAgencyLang(
    GtfsRule,
    code="inconsistent_agency_lang",
    severity=Severity.WARNING,
    spec=REFERENCE + "#agencytxt",
    message="agency.txt row {csvRowNumber}: agency_lang {actual} differs from the first agency's {expected}",
):
    """Agencies of the feed declare different languages.

    ## Why it matters
    `agency_lang` says which language the feed's texts are in; agencies that disagree leave consumers
    guessing which texts are in which language (text-to-speech, translations).

    ## Example
    `agency.txt`: the first agency has `agency_lang` = `fr`, the second `en`. Agencies without a language
    are not compared.

    ## Reference
    GTFS Schedule reference, `agency.txt` `agency_lang`: "Primary language used by this transit agency."
    """


RULES = (InconsistentAgencyLang, InconsistentAgencyTimezone)


def locale_key(tag: str) -> str:
    """A key equal for the tags Java's ``Locale`` holds equal: case normalised by subtag position (language
    lower, script title, region upper, variants as written), an extlang replacing the language,
    grandfathered tags replaced by their modern form."""
    tag = _GRANDFATHERED.get(tag.lower(), tag)
    parts = tag.split("-")
    if parts[0].lower() == "x":
        return "-".join(p.lower() for p in parts)
    head, rest = [parts[0].lower()], parts[1:]
    if rest and len(rest[0]) == 3 and rest[0].isalpha():  # extlang: Java keeps the first, as the language
        head = [rest[0].lower()]
        while rest and len(rest[0]) == 3 and rest[0].isalpha():
            rest = rest[1:]
    for index, part in enumerate(rest):
        if len(part) == 1:  # extensions and private use: case-insensitive, kept in order
            head += [p.lower() for p in rest[index:]]
            break
        if len(part) == 4 and part.isalpha():
            head.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            head.append(part.upper())
        else:
            head.append(part)
    return "-".join(head)


def language_of(tag: str) -> str:
    """Java's ``Locale.getLanguage()``: the language subtag, "" for ``und`` or private use only."""
    language = locale_key(tag).split("-")[0]
    return "" if language in ("und", "x") else language


def check(feed: Feed, sink: FindingSink) -> None:
    agencies = feed.frame(AGENCY)
    if agencies is None or not feed.usable(AGENCY):
        return
    agencies = agencies.sort(ROW)
    if agencies.height >= 2 and "agency_timezone" in agencies.columns:
        expected = agencies.get_column("agency_timezone")[0]
        others = agencies.slice(1).filter(pl.col("agency_timezone").ne_missing(pl.lit(expected, pl.String)))
        sink.add_frame(
            InconsistentAgencyTimezone,
            others.select(
                csvRowNumber=pl.col(ROW),
                expected=pl.lit(expected or ""),
                actual=pl.col("agency_timezone").fill_null(""),
            ),
        )
    if "agency_lang" not in agencies.columns:
        return
    declared = agencies.filter(pl.col("agency_lang").is_not_null())
    if declared.height < 2:
        return
    # Language keys are computed in Python over the distinct tags: agency.txt has a handful of rows.
    tags = declared.get_column("agency_lang").unique().to_list()
    keys = pl.DataFrame(
        {"agency_lang": tags, "key": [locale_key(t) for t in tags], "actual": [language_of(t) for t in tags]}
    )
    declared = declared.join(keys, on="agency_lang", how="left").sort(ROW)
    first_key, first_lang = declared.get_column("key")[0], declared.get_column("actual")[0]
    sink.add_frame(
        InconsistentAgencyLang,
        declared.filter(pl.col("key") != first_key).select(
            csvRowNumber=pl.col(ROW), expected=pl.lit(first_lang), actual=pl.col("actual")
        ),
    )
