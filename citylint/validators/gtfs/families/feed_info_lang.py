"""feed_info's language against each agency's, compared as MobilityData compares them: as Java Locales."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, column
from citylint.validators.gtfs.frames.calendar import FEED_INFO
from citylint.validators.gtfs.spec import REFERENCE

AGENCY = "agency.txt"
# feed_lang "mul" (several languages) matches any agency language.
MULTILINGUAL = "mul"
# RFC 5646 grandfathered tags and the tag Java's Locale.Builder makes of each (a few keep the original
# as private use).
GRANDFATHERED = {
    "art-lojban": "jbo",
    "cel-gaulish": "xtg-x-cel-gaulish",
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
    "no-bok": "nb",
    "no-nyn": "nn",
    "sgn-be-fr": "sfb",
    "sgn-be-nl": "vgt",
    "sgn-ch-de": "sgg",
    "zh-guoyu": "cmn",
    "zh-hakka": "hak",
    "zh-min": "nan-x-zh-min",
    "zh-min-nan": "nan",
    "zh-xiang": "hsn",
}
PRIVATE_USE = "x"


class FeedInfoLangAndAgencyLangMismatch(
    GtfsRule,
    code="feed_info_lang_and_agency_lang_mismatch",
    severity=Severity.WARNING,
    spec=REFERENCE + "#feed_infotxt",
    message="agency.txt row {csvRowNumber}: agency {agencyId} ({agencyName}) speaks {agencyLang} but "
    "feed_info.txt's feed_lang is {feedLang}",
):
    """An agency's `agency_lang` differs from the feed's `feed_lang`.

    ## Why it matters
    `feed_lang` is the language of the feed's text; an agency declaring another language means one
    of them is wrong, and consumers may show names with the wrong pronunciation or translation.
    (`feed_lang` = `mul`, several languages, matches any agency; `en-US` and `en` differ.)

    ## Example
    `feed_info.txt` has `feed_lang` = `fr` and `agency.txt` has `agency_lang` = `en`.

    ## Reference
    GTFS Schedule reference, `feed_info.txt` `feed_lang` and `agency.txt` `agency_lang`
    (https://gtfs.org/documentation/schedule/reference/#feed_infotxt). MobilityData rule
    `feed_info_lang_and_agency_lang_mismatch`.
    """


RULES = (FeedInfoLangAndAgencyLangMismatch,)


def _extension(section: list[str]) -> list[str]:
    """One extension section in Java's canonical form: a ``u`` extension keeps its attributes as a sorted
    set and its keywords sorted by key; other extensions keep their order."""
    if section[0] != "u":
        return section
    attributes: list[str] = []
    keywords: list[list[str]] = []
    for subtag in section[1:]:
        if len(subtag) == 2:
            keywords.append([subtag])
        elif keywords:
            keywords[-1].append(subtag)
        elif subtag not in attributes:
            attributes.append(subtag)
    return ["u", *sorted(attributes), *(s for keyword in sorted(keywords) for s in keyword)]


def canonical_tag(tag: str) -> str:
    """``Locale.toLanguageTag()`` of a well-formed BCP 47 tag: equal strings for equal Locales."""
    if not tag:
        return ""
    alias = GRANDFATHERED.get(tag.lower())
    if alias is not None:
        return canonical_tag(alias)
    subtags = tag.split("-")
    if subtags[0].lower() == PRIVATE_USE:
        return "-".join(s.lower() for s in subtags)
    language, rest = [subtags[0].lower()], subtags[1:]
    # An extlang stands for the language (zh-cmn is cmn); Java keeps the first and drops the others.
    if rest and len(rest[0]) == 3 and rest[0].isalpha():
        language = [rest[0].lower()]
        while rest and len(rest[0]) == 3 and rest[0].isalpha():
            rest = rest[1:]
    sections: list[list[str]] = []
    for index, subtag in enumerate(rest):
        if sections and sections[-1][0] == PRIVATE_USE:  # private use runs to the end
            sections[-1] += [s.lower() for s in rest[index:]]
            break
        if len(subtag) == 1:
            sections.append([subtag.lower()])
        elif sections:
            sections[-1].append(subtag.lower())
        elif len(subtag) == 4 and subtag.isalpha():
            language.append(subtag.title())  # script
        elif (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            language.append(subtag.upper())  # region
        else:
            language.append(subtag)  # a variant keeps its case: Java tells en-US-posix from en-US-POSIX
    first: dict[str, list[str]] = {}
    for section in sections:  # a repeated singleton keeps its first section
        first.setdefault(section[0], section)
    ordered = sorted((_extension(s) for s in first.values()), key=lambda s: (s[0] == PRIVATE_USE, s))
    if language == ["und"] and ordered and ordered[0][0] == PRIVATE_USE:
        language = []  # und-x-private is x-private
    return "-".join([*language, *(s for section in ordered for s in section)])


def check(feed: Feed, sink: FindingSink) -> None:
    info, agencies = feed.frame(FEED_INFO), feed.frame(AGENCY)
    if (
        not feed.usable(FEED_INFO, AGENCY)
        or info is None
        or agencies is None
        or info.height == 0
        or "feed_lang" not in info.columns
        or "agency_lang" not in agencies.columns
    ):
        return
    feed_lang = info.sort(ROW).get_column("feed_lang")[0]
    expected = canonical_tag(feed_lang) if isinstance(feed_lang, str) else ""
    if not expected or expected == MULTILINGUAL:
        return
    # Canonical forms of the few distinct agency languages, joined back onto the agencies.
    tags = agencies.get_column("agency_lang").drop_nulls().unique().to_list()
    canonical = pl.DataFrame(
        {"agency_lang": tags, "agencyLang": [canonical_tag(t) for t in tags]},
        schema={"agency_lang": pl.String, "agencyLang": pl.String},
    )
    wrong = (
        agencies.filter(pl.col("agency_lang").is_not_null() & (pl.col("agency_lang") != ""))
        .join(canonical, on="agency_lang")
        .filter(pl.col("agencyLang") != expected)
        .sort(ROW)
    )
    sink.add_frame(
        FeedInfoLangAndAgencyLangMismatch,
        wrong.select(
            csvRowNumber=pl.col(ROW),
            agencyId=column(wrong, "agency_id", pl.String).fill_null(""),
            agencyName=column(wrong, "agency_name", pl.String).fill_null(""),
            agencyLang="agencyLang",
            feedLang=pl.lit(expected),
        ),
    )
