"""Lock-in attribution, map and score through the real CLI (docs/lockin.md)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from citylint.lockin.catalogue import parse_values
from citylint.registry import load_registry
from citylint.validators.gtfs.extensions import gtfs_catalogue
from citylint.validators.gtfs.schema import load_schema
from tests.conftest import FIXTURES, VALIDATION_DATE, corpus, run_cli, totals

BASE = FIXTURES / "gtfs" / "_base"
GOOGLE, GTFS_PLUS = "Google Transit", "MTC GTFS+ (511 SF Bay Area)"
TPEG, TICKETING = (
    "TPEG route types (Google's extended GTFS route types)",
    "Google Transit ticketing programme",
)


def vendor_feed(tmp_path: Path) -> Path:
    """The base feed with three Google route types on three of four routes, Google's transfers value 4, Google
    ticketing columns, two GTFS+ files and a misspelt column (route_ulr for route_url)."""
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    (feed / "routes.txt").write_text(
        "route_id,agency_id,route_short_name,route_long_name,route_type,route_ulr\n"
        "R1,CTL,1,Gare Centrale – Porte de Vincennes,700,https://transit.example.org/1\n"
        "R2,CTL,2,Gare Centrale – Bois,715,\n"
        "R3,CTL,3,Gare Centrale – Parc,109,\n"
        "R4,CTL,4,Gare Centrale – Port,3,\n",
        encoding="utf-8",
    )
    (feed / "trips.txt").write_text(
        "route_id,service_id,trip_id,trip_headsign,direction_id,ticketing_trip_id,ticketing_type\n"
        "R1,WEEK,T1,Porte de Vincennes,0,X1,0\n"
        "R1,WEEK,T2,Gare Centrale,1,X2,0\n",
        encoding="utf-8",
    )
    (feed / "fare_attributes.txt").write_text(
        "fare_id,price,currency_type,payment_method,transfers\nF1,2.00,EUR,0,4\n", encoding="utf-8"
    )
    (feed / "timepoints.txt").write_text("trip_id,stop_id\nT1,S1\n", encoding="utf-8")
    (feed / "directions.txt").write_text("route_id,direction_id,direction\nR1,0,East\n", encoding="utf-8")
    return feed


def origins(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["origin"]: o for o in report["lockin"]["origins"]}


@pytest.mark.parametrize("samples", ["1000", "0"])
def test_vendor_feed_names_its_origins_with_exact_counts(tmp_path: Path, check_json, samples: str) -> None:  # type: ignore[no-untyped-def]
    code, report, err = check_json(
        vendor_feed(tmp_path), "--profile", "gtfs-lockin", "--max-samples", samples
    )
    assert code in (0, 1), err
    found = origins(report)
    tpeg, google, ticketing, plus = found[TPEG], found[GOOGLE], found[TICKETING], found[GTFS_PLUS]
    # TPEG codes are a European code list, not Google's: a difference with a NeTEx mapping, counted exactly.
    assert tpeg["kind"] == "code_list" and tpeg["findings"] == 3
    assert tpeg["touches"]["values"] == {"routes.txt route_type": {"109": 1, "700": 1, "715": 1}}
    assert tpeg["touches"]["netex"] == {
        "routes.txt route_type=109": "rail/suburbanRailway",
        "routes.txt route_type=700": "bus",
        "routes.txt route_type=715": "bus/demandAndResponseBus",
    }
    assert tpeg["touches"]["routes"] == 3 and tpeg["touches"]["routesShare"] == 0.75
    assert tpeg["touches"]["trips"] == 2 and tpeg["touches"]["tripsShare"] == 1.0
    assert tpeg["touches"]["movesWithoutLoss"] == {
        "standard": "NeTEx (CEN/TS 16614)",
        "routes": 3,
        "trips": 2,
    }
    assert tpeg["exit"]["keeps"].startswith("NeTEx") and tpeg["sources"][0]["reviewed"]
    # Google's own fields (transfers 4) and its ticketing programme's columns are distinct origins and kinds.
    assert google["kind"] == "vendor_extension" and google["findings"] == 1
    assert google["touches"]["values"] == {"fare_attributes.txt transfers": {"4": 1}}
    assert ticketing["kind"] == "dominant_consumer"
    assert ticketing["touches"]["extensionColumns"] == [
        "trips.txt ticketing_trip_id",
        "trips.txt ticketing_type",
    ]
    assert plus["kind"] == "public_agency_extension"
    assert plus["findings"] == 2 and plus["touches"]["extensionFiles"] == ["directions.txt", "timepoints.txt"]
    assert plus["touches"]["alternatives"]["timepoints.txt"] == "stop_times.timepoint"
    assert google["source"].startswith("https://developers.google.com/transit/")
    # The typo is nobody's extension: unattributed, with the official name suggested, and its own finding.
    assert report["lockin"]["unattributed"] == [
        {
            "code": "unknown_column",
            "file": "routes.txt",
            "column": "route_ulr",
            "findings": 1,
            "suggestion": "route_url",
        }
    ]
    assert totals(report)["likely_misspelt_column"] == 1
    assert not any("route_ulr" in str(o["touches"]) for o in found.values())
    # No licence given: unknown, reported as such and left out of the score (not the worst case).
    score = report["lockin"]["score"]
    assert score["licence"] == "unknown" and score["layers"]["legal"] is None
    assert score["fiveStarCeiling"] is None
    # semantic, by rows reached: fare_attributes 1 row (Google, x1), trips 2 rows (ticketing, x1),
    # directions + timepoints 1 row each (GTFS+, x0.5), TPEG codes x0; over all the feed's rows.
    rows = report["lockin"]["facts"]["rowsByFile"]
    expected = 100 * (1 + 2 + 0.5 * 2) / sum(rows.values())
    assert score["layers"]["semantic"] == pytest.approx(expected, abs=0.1)
    assert score["dataset"] == score["layers"]["semantic"]


def test_samples_carry_their_lockin_record(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(vendor_feed(tmp_path))
    by_code = {n["code"]: n["sampleNotices"] for n in report["notices"]}
    enum_samples = {s["fieldValue"]: s["citylint"].get("lockin") for s in by_code["unexpected_enum_value"]}
    assert enum_samples[715]["origin"] == TPEG and enum_samples[715]["kind"] == "code_list"
    column_samples = {s["fieldName"]: s["citylint"].get("lockin") for s in by_code["unknown_column"]}
    assert column_samples["route_ulr"] is None
    assert column_samples["ticketing_type"]["origin"] == TICKETING


def test_text_report_shows_the_map(tmp_path: Path) -> None:
    code, out, _ = run_cli("check", str(vendor_feed(tmp_path)), "--date", VALIDATION_DATE, "--quiet")
    assert code in (0, 1)
    assert "lock-in score:" in out
    assert f"{TPEG} [code list, semantic] ×3" in out
    assert f"{GTFS_PLUS} [public agency extension, semantic] ×2" in out
    assert "routes.txt route_type=715 → NeTEx bus/demandAndResponseBus" in out
    assert "not attributed: routes.txt route_ulr (no known extension) — did you mean route_url?" in out


def test_gtfs_profile_keeps_mobilitydata_codes_only(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(vendor_feed(tmp_path))
    mobilitydata = {r.code for r in load_registry().rules.values() if r.family == "gtfs"}
    assert set(totals(report)) <= mobilitydata
    assert {"unexpected_enum_value", "unknown_column", "unknown_file"} <= set(totals(report))
    score = report["lockin"]["score"]
    assert score["layers"]["legal"] is None and score["fiveStarCeiling"] is None  # licence not assessed here
    assert TPEG in origins(report)


def test_score_of_a_clean_feed_with_a_declared_licence(check_json) -> None:  # type: ignore[no-untyped-def]
    profile = FIXTURES / "gtfs" / "licence_not_declared" / "good" / "profile.yaml"
    _, report, _ = check_json(BASE, "--profile", str(profile))
    assert report["lockin"]["origins"] == []
    assert report["lockin"]["score"]["dataset"] == 0
    assert report["lockin"]["score"]["layers"] == {"legal": 0, "technical": None, "semantic": 0}
    assert report["lockin"]["score"]["fiveStarCeiling"] == 3


def test_no_licence_is_lockin_unknown_is_not_assessed(check_json) -> None:  # type: ignore[no-untyped-def]
    _, unknown, _ = check_json(BASE, "--profile", "gtfs-lockin")
    assert unknown["lockin"]["score"]["layers"] == {"legal": None, "technical": None, "semantic": 0}
    assert unknown["lockin"]["score"]["licence"] == "unknown"
    _, none, _ = check_json(BASE, "--profile", "gtfs-lockin", "--licence", "none")
    assert (
        none["lockin"]["score"]["layers"]["legal"] == 100 and none["lockin"]["score"]["fiveStarCeiling"] == 0
    )
    assert totals(none)["declared_licence_not_open"] == 1


@pytest.mark.parametrize(
    "licence,state,legal",
    [
        ("NLOD-2.0", "open", 0),
        ("dl-de/by-2-0", "open", 0),
        ("DL-DE-ZERO-2.0", "open", 0),
        ("etalab-2.0", "open", 0),
        ("OGL-UK-3.0", "open", 0),
        ("ODbL-1.0", "open_with_conditions", 0),
        ("CC0-1.0", "open", 0),
        ("CC-BY-NC-4.0", "restricted", 100),
        ("all rights reserved", "closed", 100),
        ("none", "none", 100),
        ("mobility-licence", "closed", 100),
        ("Our own terms v3", "custom", None),
    ],
)
def test_licences_classified_by_what_they_allow(
    check_json, licence: str, state: str, legal: int | None
) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(BASE, "--profile", "gtfs-lockin", "--licence", licence)
    score = report["lockin"]["score"]
    assert score["licence"] == state and score["layers"]["legal"] == legal
    lockin_findings = totals(report).get("declared_licence_not_open", 0) + totals(report).get(
        "licence_not_declared", 0
    )
    assert (lockin_findings > 0) == (legal == 100)  # closed or none: always a legal finding; open: never
    assert not any(o["kind"] == "licence" for o in report["lockin"]["origins"]) or legal == 100


def test_catalogue_lists_no_official_name_and_cites_every_entry() -> None:
    schema = load_schema()
    for entry in gtfs_catalogue().entries:
        assert entry.source.startswith("https://"), entry
        assert entry.status, entry
        if entry.column is None:
            assert entry.file not in schema.files, f"{entry.file} is an official file"
            continue
        official = schema.file(entry.file)
        assert official is not None, entry
        field = official.field(entry.column)
        if entry.values:
            assert field is not None and not set(field.enum) & entry.values, entry
        else:
            assert field is None, f"{entry.element} is an official field"


def test_value_ranges_parse() -> None:
    assert parse_values("100-102, 700,1702") == {100, 101, 102, 700, 1702}


@pytest.mark.corpus
def test_caltrain_names_its_gtfs_plus_files(check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(corpus("data/gtfs/us-caltrain-2017-07-24.zip"))
    plus = origins(report)[GTFS_PLUS]
    assert plus["touches"]["extensionFiles"] == [
        "calendar_attributes.txt",
        "directions.txt",
        "farezone_attributes.txt",
        "realtime_routes.txt",
        "realtime_trips.txt",
        "stop_attributes.txt",
        "timepoints.txt",
    ]
    assert plus["findings"] == totals(report)["unknown_file"] == 7
    assert report["lockin"]["unattributed"] == []


def test_no_suggestion_when_the_official_field_is_there_too(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    (feed / "trips.txt").write_text(
        "route_id,service_id,trip_id,trip_headsign,trip_headsgn\n"
        "R1,WEEK,T1,Porte de Vincennes,x\nR1,WEEK,T2,Gare Centrale,y\n",
        encoding="utf-8",
    )
    _, report, _ = check_json(feed, "--profile", "gtfs-lockin")
    assert report["lockin"]["unattributed"] == [
        {
            "code": "unknown_column",
            "file": "trips.txt",
            "column": "trip_headsgn",
            "findings": 1,
            "suggestion": None,
        }
    ]
    assert "likely_misspelt_column" not in totals(report)


def test_counts_stay_exact_beyond_the_sample_cap(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    rows = "".join(f"B{i},CTL,{i},Ligne {i},{700 + i % 3}\n" for i in range(5000))
    (feed / "routes.txt").write_text(
        "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,CTL,1,Gare Centrale,3\n" + rows,
        encoding="utf-8",
    )
    _, report, _ = check_json(feed, "--max-samples", "10")
    tpeg = origins(report)[TPEG]
    assert totals(report)["unexpected_enum_value"] == tpeg["findings"] == 5000
    assert tpeg["touches"]["values"]["routes.txt route_type"] == {"700": 1667, "701": 1667, "702": 1666}
    assert tpeg["touches"]["routes"] == 5000 and tpeg["touches"]["routesShare"] == round(5000 / 5001, 4)


def _variant(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    feed = tmp_path / name
    shutil.copytree(BASE, feed)
    for file, text in files.items():
        (feed / file).write_text(text, encoding="utf-8")
    return feed


# Labelled feeds for the ranking test: the base feed written in vendors' dialects (Google's transfers value,
# its ticketing programme's columns, a timetable tool's files), the same feed migrated to the official
# alternatives (keeping a public agency's file, which counts half), and the clean base feed.
RANKED = {
    "vendor": {
        "trips.txt": "route_id,service_id,trip_id,trip_headsign,direction_id,"
        "ticketing_trip_id,ticketing_type\n"
        "R1,WEEK,T1,Porte de Vincennes,0,X1,0\nR1,WEEK,T2,Gare Centrale,1,X2,0\n",
        "fare_attributes.txt": "fare_id,price,currency_type,payment_method,transfers\nF1,2.00,EUR,0,4\n",
        "timetables.txt": "timetable_id,route_id,direction_id\nTT1,R1,0\nTT2,R1,1\n",
    },
    "migrated": {
        "fare_attributes.txt": "fare_id,price,currency_type,payment_method,transfers\nF1,2.00,EUR,0,\n",
        "directions.txt": "route_id,direction_id,direction\nR1,0,East\n",
    },
    "clean": {},
}


def _score(check_json, feed: Path, *args: str) -> Any:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(feed, "--profile", "gtfs-lockin", *args)
    return report["lockin"]["score"]


def test_ranking_on_labelled_feeds(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    scores = {
        label: _score(check_json, _variant(tmp_path, label, files), "--licence", "CC-BY-4.0")["dataset"]
        for label, files in RANKED.items()
    }
    assert scores["vendor"] > scores["migrated"] > scores["clean"] == 0, scores
    # closed licence > open licence, all else equal
    clean = _variant(tmp_path, "clean-closed", {})
    closed = _score(check_json, clean, "--licence", "all rights reserved")["dataset"]
    assert closed > _score(check_json, clean, "--licence", "ODbL-1.0")["dataset"]
    # a TPEG code list (a coach route) is a difference with a mapping, not lock-in: it does not move the score
    coach = _variant(
        tmp_path,
        "coach",
        {"routes.txt": (BASE / "routes.txt").read_text(encoding="utf-8").replace(",3\n", ",200\n", 1)},
    )
    assert _score(check_json, coach, "--licence", "CC-BY-4.0")["dataset"] == 0


@pytest.mark.parametrize("profile", ["gtfs", "fr-nap", "eif4scc"])
def test_the_same_data_scores_the_same_under_every_profile(tmp_path: Path, check_json, profile: str) -> None:  # type: ignore[no-untyped-def]
    feed = vendor_feed(tmp_path)
    reference = _score(check_json, feed, "--licence", "none")
    _, report, _ = check_json(feed, "--profile", profile, "--licence", "none")
    assert report["lockin"]["score"]["dataset"] == reference["dataset"] and reference["dataset"] > 0


def test_known_extension_names_are_never_called_typos(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    """MTA's notes.txt (referenced by stop_times.note_id) and the GTFS-Flex draft's own column names."""
    stop_times = (BASE / "stop_times.txt").read_text(encoding="utf-8").splitlines()
    rows = [stop_times[0] + ",note_id,start_pickup_dropoff_window,end_pickup_dropoff_window"]
    rows += [line + ",N1,," for line in stop_times[1:]]
    feed = _variant(
        tmp_path,
        "mta",
        {
            "notes.txt": "note_id,note_mark,note_title,note_desc\nN1,*,Game,Waits\n",
            "stop_times.txt": "\n".join(rows) + "\n",
        },
    )
    _, report, _ = check_json(feed, "--profile", "gtfs-lockin")
    assert "likely_misspelt_file" not in totals(report) and "likely_misspelt_column" not in totals(report)
    assert report["lockin"]["unattributed"] == []
    found = origins(report)
    assert found["MTA (New York)"]["kind"] == "public_agency_extension"
    assert found["MTA (New York)"]["touches"]["extensionFiles"] == ["notes.txt"]
    assert found["Pre-standard GTFS-Flex drafts"]["kind"] == "community_proposal"


@pytest.mark.corpus
def test_netex_targets_exist_in_the_netex_schema() -> None:
    """Every NeTEx mode and submode the TPEG mapping names is a value of NeTEx 1.3.1's enumerations."""
    xsd = corpus("data/netex/xsd/NeTEx-v1.3.1/xsd/netex_framework/netex_reusableComponents")
    text = (xsd / "netex_mode_support.xsd").read_text(encoding="utf-8") + (
        xsd / "netex_submode_version.xsd"
    ).read_text(encoding="utf-8")
    values = set(__import__("re").findall(r'enumeration value="([^"]+)"', text))
    targets = {t for e in gtfs_catalogue().entries for _, t in e.netex}
    assert targets
    for target in targets:
        assert set(target.split("/")) <= values, target


def test_every_origin_is_sourced_and_has_an_exit_path() -> None:
    catalogue = gtfs_catalogue()
    for origin in catalogue.origins.values():
        assert origin.sources and all(
            s.url.startswith("https://") and s.says and s.reviewed for s in origin.sources
        )
        assert origin.exit is not None and origin.exit.keeps and origin.exit.loses, origin.name
    assert {o.kind.value for o in catalogue.origins.values()} >= {
        "vendor_extension",
        "dominant_consumer",
        "public_agency_extension",
        "community_proposal",
        "code_list",
    }


def test_the_worked_example_of_docs_lockin_md(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    """docs/lockin.md recomputes this feed's score by hand: 22 rows, semantic 4/22, legal 1, dataset 79.5."""
    _, report, _ = check_json(vendor_feed(tmp_path), "--profile", "gtfs-lockin", "--licence", "none")
    assert sum(report["lockin"]["facts"]["rowsByFile"].values()) == 22
    score = report["lockin"]["score"]
    assert score["layers"] == {"legal": 100, "technical": None, "semantic": 18.2}
    assert score["dataset"] == 79.5
    assert "**79.5**" in (Path(__file__).parent.parent / "docs" / "lockin.md").read_text(encoding="utf-8")


def test_lockin_in_sarif_and_markdown(tmp_path: Path) -> None:
    import json

    feed = str(vendor_feed(tmp_path))
    _, out, _ = run_cli(
        "check",
        feed,
        "--profile",
        "eif4scc",
        "--licence",
        "none",
        "--date",
        VALIDATION_DATE,
        "--format",
        "sarif",
        "--quiet",
    )
    run = json.loads(out)["runs"][0]
    lockin = run["properties"]["inputs"][0]["lockin"]
    assert lockin["score"]["dataset"] == 79.5 and run["properties"]["inputs"][0]["scorecard"]["layers"]
    tagged = [r for r in run["results"] if r["properties"].get("lockin")]
    assert {r["properties"]["lockin"]["kind"] for r in tagged} >= {"code_list", "dominant_consumer"}
    _, out, _ = run_cli(
        "check",
        feed,
        "--profile",
        "eif4scc",
        "--licence",
        "none",
        "--date",
        VALIDATION_DATE,
        "--format",
        "markdown",
        "--quiet",
    )
    assert "**Lock-in score: 79.5/100** (licence: none" in out
    assert f"- {TPEG} (code_list, semantic) ×3" in out
    assert "<summary>Scorecard: EIF4SCC" in out and "Organisational interoperability: not assessed" in out


@pytest.mark.parametrize(
    "licence,state,legal,finding",
    [
        ("http://publications.europa.eu/resource/authority/licence/NLOD_2_0", "open", 0, None),
        ("http://publications.europa.eu/resource/authority/licence/DLDE_BY_2_0", "open", 0, None),
        (
            "http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0",
            "open_with_conditions",
            0,
            None,
        ),
        (
            "http://publications.europa.eu/resource/authority/licence/CC_BYNC_4_0",
            "restricted",
            100,
            "licence_not_open",
        ),
        ('"All rights reserved"', "closed", 100, "licence_not_open"),
        (None, "none", 100, "licence_missing"),
    ],
)
def test_metadata_licences_classified_by_what_they_allow(
    tmp_path: Path,
    check_json,
    licence: str | None,  # type: ignore[no-untyped-def]
    state: str,
    legal: int,
    finding: str | None,
) -> None:
    """The licence a feed's DCAT metadata declares decides the legal layer: open never counts, closed or
    missing always does, with a legal finding."""
    good = (FIXTURES / "metadata" / "licence_not_open" / "good" / "dcat.ttl").read_text(encoding="utf-8")
    iri = "<http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0>"
    assert iri in good
    text = (
        good.replace(iri, licence if licence is None or licence.startswith('"') else f"<{licence}>")
        if licence
        else "\n".join(line for line in good.splitlines() if "dct:license" not in line)
    )
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    (tmp_path / "feed.dcat.ttl").write_text(text, encoding="utf-8")
    _, report, err = check_json(feed, "--profile", "gtfs-lockin")
    assert report, err
    score = report["lockin"]["score"]
    assert (score["licence"], score["layers"]["legal"]) == (state, legal)
    found = totals(report)
    assert (
        (finding in found)
        if finding
        else not {"licence_not_open", "licence_missing", "licence_not_recognised", "licence_not_declared"}
        & set(found)
    )
