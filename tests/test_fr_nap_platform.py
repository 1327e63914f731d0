"""transport.data.gouv.fr's verdict as the platform computes it (issue 16): every value gtfs-structures
refuses makes the feed non-compliant through ``unloadable_model``; references as transport-validator checks
them; GTFS-Flex with country code FR; and French that reads as French in every fr_nap message."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from citylint.i18n import rule_message_template, rule_title
from citylint.localize import human_round, local_date, localized_fields
from citylint.registry import load_registry
from citylint.validators.fr_nap import verdict as verdicts
from citylint.validators.fr_nap.french import details_fr
from tests.conftest import FIXTURES
from tests.test_fixtures import build_case, case_args
from tests.test_gtfs_fixtures import BASE

REGISTRY = load_registry()
FR_NAP_RULES = {r.code: r for r in REGISTRY.rules.values() if r.family == "fr_nap"}
CASES = sorted(p for p in (FIXTURES / "fr_nap").glob("*/bad") if (p / "case.json").is_file())


def _feed(tmp_path: Path, files: dict[str, str], replace: dict[str, tuple[str, str]] | None = None) -> Path:
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    for name, (old, new) in (replace or {}).items():
        text = (feed / name).read_text(encoding="utf-8")
        assert old in text
        (feed / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, text in files.items():
        (feed / name).write_text(text, encoding="utf-8")
    return feed


def _report(check_json, feed: Path, *args: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    code, report, err = check_json(feed, "--profile", "fr-nap", "--date", "2026-10-01", *args)
    assert code in (0, 1) and "Traceback" not in err, err
    return report


# Each value gtfs-structures 0.47.0 refuses (src/enums.rs, src/objects.rs), on a feed otherwise compliant.
REFUSED = {
    "direction_id": ({}, {"trips.txt": ("Porte de Vincennes,0", "Porte de Vincennes,5")}, "trips.txt", "5"),
    "timepoint": ({}, {"stop_times.txt": ("S1,1,1", "S1,1,7")}, "stop_times.txt", "7"),
    "transfer_type": (
        {"transfers.txt": "from_stop_id,to_stop_id,transfer_type\nS1,S2,9\n"},
        {},
        "transfers.txt",
        "9",
    ),
    "exception_type": (
        {"calendar_dates.txt": "service_id,date,exception_type\nWEEK,20260105,3\n"},
        {},
        "calendar_dates.txt",
        "3",
    ),
    "payment_method": (
        {"fare_attributes.txt": "fare_id,price,currency_type,payment_method,transfers\nF1,1.50,EUR,4,0\n"},
        {},
        "fare_attributes.txt",
        "4",
    ),
    "transfer_duration": (
        {
            "fare_attributes.txt": "fare_id,price,currency_type,payment_method,transfers,"
            "transfer_duration\nF1,1.50,EUR,0,,-10\n"
        },
        {},
        "fare_attributes.txt",
        "-10",
    ),
    "min_transfer_time": (
        {"transfers.txt": "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS1,S2,2,-60\n"},
        {},
        "transfers.txt",
        "-60",
    ),
}


@pytest.mark.parametrize("field", sorted(REFUSED))
def test_each_value_gtfs_structures_refuses_is_unloadable_model(
    field: str, tmp_path: Path, check_json
) -> None:  # type: ignore[no-untyped-def]
    files, replace, filename, value = REFUSED[field]
    report = _report(check_json, _feed(tmp_path, files, replace), "-f", "json")
    notice = next(n for n in report["notices"] if n["code"] == "unloadable_model")
    sample = notice["sampleNotices"][0]
    assert sample["filename"] == filename
    assert f"{field} value `{value}` is refused" in sample["details"]
    verdict = report["verdicts"][0]
    assert (verdict["passed"], verdict["headline"], verdict["reasons"]) == (
        False,
        verdicts.NOT_COMPLIANT,
        ["unloadable_model"],
    )
    assert report["summary"]["frNap"]["compliant"] is False
    assert report["summary"]["frNap"]["modelLoaded"] is False


def test_the_base_feed_stays_compliant(check_json) -> None:  # type: ignore[no-untyped-def]
    report = _report(check_json, BASE)
    assert report["summary"]["frNap"]["compliant"] is True
    assert not [n for n in report["notices"] if n["code"] == "unloadable_model"]


def test_no_calendar_file_is_no_invalid_reference(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = _feed(tmp_path, {})
    (feed / "calendar.txt").unlink()
    codes = {n["code"] for n in _report(check_json, feed)["notices"]}
    # transport-validator checks a trip's service_id only against calendar files that exist
    # (invalid_reference.rs)
    assert "invalid_reference" not in codes
    assert "no_calendar" in codes


def test_a_missing_service_in_an_existing_calendar_is_still_fatal(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = _feed(tmp_path, {}, {"trips.txt": ("R1,WEEK,T1", "R1,NOPE,T1")})
    report = _report(check_json, feed)
    assert "invalid_reference" in {n["code"] for n in report["notices"]}


def test_flex_feed_gets_country_code_fr(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = _feed(
        tmp_path,
        {"locations.geojson": '{"type": "FeatureCollection", "features": []}'},
        {"agency.txt": ("+33 1 23 45 67 89", "12")},
    )
    report = _report(check_json, feed)
    assert "invalid_phone_number" in {n["code"] for n in report["notices"]}
    verdict = report["verdicts"][0]
    assert verdict["passed"] is False and "invalid_phone_number" in verdict["reasons"]
    assert report["summary"]["frNap"]["gtfsFlex"] is True


def test_one_code_for_an_unusable_trip(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = _feed(
        tmp_path,
        {},
        {
            "trips.txt": (
                "R1,WEEK,T2,Gare Centrale,1,1,1",
                "R1,WEEK,T2,Gare Centrale,1,1,1\nR1,WEEK,T3,Nowhere,1,1,1",
            )
        },
    )
    codes = {n["code"] for n in _report(check_json, feed)["notices"]}
    assert "unusable_trip_tv" in codes  # what the platform shows ("Trajet non utilisable")
    assert not codes & {"unusable_trip", "unused_trip"}


# English words that never belong (not those French shares: route, station, point, parent, services) in a
# French sentence (GTFS field names, ids and codes are stripped first).
ENGLISH = {
    "the",
    "is",
    "are",
    "of",
    "and",
    "but",
    "between",
    "stops",
    "stop",
    "trip",
    "trips",
    "seconds",
    "meters",
    "meter",
    "travel",
    "computed",
    "speed",
    "duration",
    "null",
    "not",
    "does",
    "exist",
    "referenced",
    "missing",
    "value",
    "expected",
    "row",
    "whole",
    "number",
    "must",
    "should",
    "apart",
    "file",
    "empty",
    "invalid",
    "area",
    "cannot",
    "be",
    "by",
    "in",
    "has",
    "have",
    "no",
    "with",
    "for",
    "than",
    "fewer",
    "more",
    "used",
    "name",
    "agency",
    "shape",
    "fare",
    "days",
    "before",
    "after",
    "outdated",
    "shows",
    "calendar",
    "end",
    "ends",
    "on",
    "it",
    "its",
    "a",
    "an",
    "to",
    "from",
    "refused",
    "header",
    "parse",
    "id",
    "ok",
}
_STRIP = re.compile(r"`[^`]*`|«[^»]*»|'[^']*'|\([^()]*\.txt[^()]*\)|\S*[_./:]\S*|\b[A-Z][A-Z0-9]+\b")


def english_words(text: str) -> set[str]:
    text = _STRIP.sub(" ", text)
    return {
        w
        for w in re.findall(r"[A-Za-zÀ-ÿ']+", text)
        if w.lower() in ENGLISH and w.lower() not in {"a", "on", "in", "no", "id", "ok"}
    } | set(re.findall(r"\b(?:the|is|are|of|and|between)\b", text))


def test_english_word_detector_works() -> None:
    assert english_words("travel duration is null, but there are 841 meters between the stops")
    assert not english_words(
        "temps de trajet nul, alors que les arrêts sont à 841 m l'un de l'autre (`stop_id`)"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.parent.name for c in CASES])
def test_french_fr_nap_messages_have_no_english(case: Path, tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    args = case_args(case, spec)
    _, report, _ = check_json(
        build_case(case, tmp_path), *(args if "--profile" in args else ["--profile", "fr-nap", *args])
    )
    checked = 0
    for notice in report["notices"]:
        rule = FR_NAP_RULES.get(notice["code"])
        if rule is None:
            continue
        assert not english_words(rule_title(rule, "fr")), rule.code
        for sample in notice["sampleNotices"]:
            fields = {k: v for k, v in sample.items() if k != "citylint"}
            message = rule.render(localized_fields(fields, "fr", "fr_nap"), rule_message_template(rule, "fr"))
            assert "{" not in message, (rule.code, message)
            assert not english_words(message), (rule.code, message, english_words(message))
            checked += 1
    assert checked, "the bad case drew no fr_nap finding"


def test_every_fr_nap_rule_has_a_french_title_without_english() -> None:
    for rule in FR_NAP_RULES.values():
        assert not english_words(rule_title(rule, "fr")), (rule.code, rule_title(rule, "fr"))


@pytest.mark.parametrize(
    ("text", "french"),
    [
        (
            "The stop is referenced by a stop time but does not exist",
            "L'arrêt est référencé par un horaire mais n'existe pas",
        ),
        (
            "trips.txt: row 2 direction_id value `5` is refused (expected 0, 1)",
            "trips.txt, ligne 2 : la valeur « 5 » du champ direction_id est refusée (attendu : 0, 1)",
        ),
        (
            "stops.txt: row 13 stop_lat does not parse (invalid_float)",
            "stops.txt, ligne 13, champ stop_lat : valeur illisible (invalid_float)",
        ),
        (
            "stop_times.txt: trip_id T9 is not in trips.txt",
            "stop_times.txt : trip_id « T9 » est absent de trips.txt",
        ),
    ],
)
def test_details_in_french(text: str, french: str) -> None:
    assert details_fr(text) == french


def test_numbers_and_dates_in_french() -> None:
    assert (human_round(1055.2218783086787), human_round(11.14), human_round(0.0834)) == (1055, 11.1, 0.08)
    fields = localized_fields(
        {
            "speedKmh": 1055.2218783086787,
            "distanceMeters": 11.14,
            "feedEndDate": "20251215",
            "endDate": "2025-12-15",
            "share": 0.853,
        },
        "fr",
    )
    assert "{speedKmh} km/h, {distanceMeters:g} m".format_map(fields) == "1\u202f055 km/h, 11,1 m"
    assert (fields["feedEndDate"], fields["endDate"]) == ("15/12/2025", "15/12/2025")
    assert f"{fields['share']:.0%}" == "85\u202f%"
    assert local_date("20251215", "en") == "20251215"


def test_french_titles_are_the_platforms() -> None:
    from citylint.validators.fr_nap import TV_RULES
    from citylint.validators.fr_nap.french import PLATFORM_TITLES

    for rule in TV_RULES:
        title = rule_title(rule.rule, "fr")
        label = PLATFORM_TITLES[str(rule.issue_type)].rstrip(".")
        assert title.startswith(label) or f"« {label} »" in title, (rule.rule.code, title)


def test_severities_as_the_platform_shows_them(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import run_cli

    feed = _feed(tmp_path, {}, {"trips.txt": ("R1,WEEK,T1", "R1,NOPE,T1")})
    report = _report(check_json, feed)
    groups = report["summary"]["frNap"]["issues"]
    assert groups[0]["severity"] == "Fatal"
    assert {
        "key": "InvalidReference",
        "code": "invalid_reference",
        "count": 1,
        "title": "Référence invalide",
    } in groups[0]["issues"]
    _, out, _ = run_cli("check", str(feed), "--profile", "fr-nap", "--date", "2026-10-01", "-q")
    assert out.splitlines()[2].startswith("  transport-validator : 1 échec irrécupérable, ")


def test_html_report_has_one_french_headline(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    out = tmp_path / "report.html"
    code, _, err = run_cli(
        "check", str(BASE), "--profile", "fr-nap", "--date", "2028-03-01", "-f", "html", "-o", str(out), "-q"
    )
    assert code in (0, 1) and "Traceback" not in err
    page = out.read_text(encoding="utf-8")
    assert (
        'class="verdict verdict-bad">Pas prêt pour transport.data.gouv.fr : conforme, mais pas à jour' in page
    )
    assert "Non conforme</div>" not in page and "Conforme</div>" not in page
    assert "transport-validator : 0 échec irrécupérable, 0 erreur, 0 avertissement, 0 information" in page
