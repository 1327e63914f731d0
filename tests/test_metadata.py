"""Dataset metadata: every metadata rule has a case that triggers it and one that does not (real CLI); the
metadata's licence reaches the GTFS rules and fr-nap; DCAT inputs get the dcat-ap / mobilitydcat-ap profiles;
lock-in attribution of licence, format, access and hosting findings."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from citylint.registry import load_registry
from tests.conftest import FIXTURES, VALIDATION_DATE, corpus, run_cli, totals

META = FIXTURES / "metadata"
CODES = sorted(p.name for p in META.iterdir() if p.is_dir() and not p.name.startswith("_"))
GTFS_BASE = FIXTURES / "gtfs" / "_base"


def fixture(code: str, kind: str) -> Path:
    return META / code / kind / "dcat.ttl"


def origins(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["origin"]: o for o in report["lockin"]["origins"]}


def test_every_metadata_rule_has_fixtures() -> None:
    rules = {r.code for r in load_registry().rules.values() if r.family == "metadata"}
    assert rules == set(CODES)
    for code in CODES:
        assert fixture(code, "bad").is_file() and fixture(code, "good").is_file(), code


# rules that read the controlled vocabularies of the standards cache (laid over the shared mirror here)
NEEDS_TABLES = frozenset({"vocabulary_code_unknown"})


@pytest.fixture(autouse=True)
def _tables(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code = getattr(request.node, "callspec", None) and request.node.callspec.params.get("code")
    if code in NEEDS_TABLES:
        monkeypatch.setenv("CITYLINT_STANDARDS_DIR", str(corpus("data")))
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.mark.parametrize("code", CODES)
def test_bad_fixture_triggers_the_rule(code: str, check_json) -> None:  # type: ignore[no-untyped-def]
    exit_code, report, err = check_json(fixture(code, "bad"), "--profile", "metadata")
    assert exit_code in (0, 1), err
    assert totals(report).get(code, 0) >= 1, totals(report)
    rule = load_registry().rule(code)
    assert rule is not None
    assert exit_code == (1 if rule.severity.value == "ERROR" else 0)


@pytest.mark.parametrize("code", CODES)
def test_good_fixture_does_not_trigger_the_rule(code: str, check_json) -> None:  # type: ignore[no-untyped-def]
    exit_code, report, err = check_json(fixture(code, "good"), "--profile", "metadata")
    assert exit_code == 0, err
    assert code not in totals(report)
    assert report["summary"]["metadata"]["datasets"] >= (0 if code == "no_dataset" else 1)


@pytest.mark.parametrize(
    ("code", "origin", "kind"),
    [
        ("licence_not_open", "licence CC-BY-NC-4.0", "licence"),
        ("licence_missing", "Publisher (no licence declared)", "licence"),
        (
            "licence_not_recognised",
            "licence https://data.example.org/conditions-generales-utilisation",
            "licence",
        ),
        ("format_proprietary", "format XLSX", "format"),
        ("format_not_machine_readable", "format PDF", "format"),
        ("url_carries_credentials", "data.example.org", "access"),
        ("hosted_on_vendor_platform", "Opendatasoft", "hosting"),
    ],
)
def test_lockin_map_names_the_origin(code: str, origin: str, kind: str, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(fixture(code, "bad"), "--profile", "metadata")
    found = origins(report)
    assert origin in found, found
    assert found[origin]["kind"] == kind
    assert code in found[origin]["codes"]
    assert found[origin]["alternative"]


def test_clean_metadata_scores_no_lockin(check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(fixture("licence_missing", "good"), "--profile", "metadata")
    assert report["lockin"]["origins"] == []
    assert report["lockin"]["score"]["layers"]["legal"] == 0  # the licence was assessed, and is open


def test_credentials_are_not_copied_into_the_report(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run_cli(
        "check",
        str(fixture("url_carries_credentials", "bad")),
        "--profile",
        "metadata",
        "--format",
        "json",
        "--output",
        str(out),
        "--quiet",
        "--date",
        VALIDATION_DATE,
    )
    text = out.read_text()
    assert "apikey" in text and "3f9c2a7e" not in text


def gtfs_feed(tmp_path: Path, metadata: Path | None = None, name: str = "feed.dcat.ttl") -> Path:
    feed = tmp_path / "feed"
    shutil.copytree(GTFS_BASE, feed)
    if metadata is not None:
        shutil.copyfile(metadata, tmp_path / name)
    return feed


def test_gtfs_without_metadata_has_no_licence(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(gtfs_feed(tmp_path), "--profile", "gtfs-lockin")
    assert totals(report).get("licence_not_declared") == 1
    assert "metadata" not in report["summary"]


def test_metadata_option_declares_the_gtfs_licence(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    metadata = fixture("licence_missing", "good")
    _, report, _ = check_json(gtfs_feed(tmp_path), "--profile", "gtfs-lockin", "--metadata", str(metadata))
    assert "licence_not_declared" not in totals(report)
    assert report["summary"]["metadata"]["licences"] == ["CC-BY-4.0"]
    assert report["lockin"]["score"]["layers"]["legal"] == 0


@pytest.mark.parametrize("name", ["feed.dcat.ttl", "dcat.ttl"])
def test_metadata_beside_the_feed_is_found(name: str, tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = gtfs_feed(tmp_path, fixture("licence_not_open", "bad"), name)
    _, report, _ = check_json(feed, "--profile", "gtfs-lockin")
    assert report["summary"]["metadata"]["file"] == str(tmp_path / name)
    assert totals(report).get("licence_not_open") == 1
    assert "licence CC-BY-NC-4.0" in origins(report)


def test_metadata_without_licence_is_reported_by_the_metadata_rules(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = gtfs_feed(tmp_path, fixture("licence_missing", "bad"))
    _, report, _ = check_json(feed, "--profile", "gtfs-lockin")
    assert totals(report).get("licence_missing") == 1
    assert "licence_not_declared" not in totals(report)  # one finding for one missing licence


@pytest.mark.parametrize(
    ("metadata", "accepted", "finding"),
    [
        (
            "licence_missing/good",
            False,
            "licence_not_accepted",
        ),  # CC-BY-4.0: open, but not the PAN's licences
        ("licence_not_open/bad", False, "licence_not_accepted"),
    ],
)
def test_metadata_licence_feeds_fr_nap(
    metadata: str, accepted: bool, finding: str, tmp_path: Path, check_json
) -> None:  # type: ignore[no-untyped-def]
    path = META / metadata / "dcat.ttl"
    _, report, _ = check_json(gtfs_feed(tmp_path), "--profile", "fr-nap", "--metadata", str(path))
    assert report["summary"]["frNap"]["licence"]["accepted"] is accepted
    assert totals(report).get(finding) == 1


def test_etalab_licence_from_metadata_is_recommended_by_fr_nap(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    text = (
        fixture("licence_missing", "good")
        .read_text()
        .replace(
            "<http://publications.europa.eu/resource/authority/licence/CC_BY_4_0>",
            "<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>",
        )
    )
    (tmp_path / "dcat.ttl").write_text(text)
    _, report, _ = check_json(gtfs_feed(tmp_path), "--profile", "fr-nap")
    licence = report["summary"]["frNap"]["licence"]
    assert licence["given"] == "etalab-2.0" and licence["recommended"] is True
    assert not {"licence_not_accepted", "licence_unspecified"} & set(totals(report))


def test_licence_option_wins_over_metadata(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(
        gtfs_feed(tmp_path),
        "--profile",
        "fr-nap",
        "--licence",
        "odbl",
        "--metadata",
        str(fixture("licence_not_open", "bad")),
    )
    assert report["summary"]["frNap"]["licence"]["given"] == "odbl"


def test_unreadable_metadata_cannot_be_validated(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> dcat:x \n")
    code, _, err = run_cli(
        "check",
        str(gtfs_feed(tmp_path)),
        "--profile",
        "gtfs-lockin",
        "--metadata",
        str(broken),
        "--quiet",
        "--date",
        VALIDATION_DATE,
    )
    assert code == 2
    assert "metadata" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "profile"), [("dcat-ap.ttl", "dcat-ap"), ("mobilitydcat-ap.ttl", "mobilitydcat-ap")]
)
def test_dcat_input_defaults_to_its_profile_and_needs_the_standards(
    name: str, profile: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYLINT_STANDARDS_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    code, out, err = run_cli("check", str(META / "_profiles" / name), "--date", VALIDATION_DATE, "--quiet")
    assert code == 2
    assert f"profile {profile}" in out
    assert "citylint standards install" in err and "Traceback" not in err


def test_licence_option_declares_the_gtfs_licence(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(gtfs_feed(tmp_path), "--profile", "gtfs-lockin", "--licence", "CC-BY-4.0")
    assert "licence_not_declared" not in totals(report)


def test_metadata_in_rdf_xml_is_read_like_turtle(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Graph

    xml = tmp_path / "metadata.rdf"
    Graph().parse(fixture("licence_not_open", "bad"), format="turtle").serialize(xml, format="xml")
    _, report, _ = check_json(gtfs_feed(tmp_path), "--profile", "gtfs-lockin", "--metadata", str(xml))
    assert totals(report).get("licence_not_open") == 1
    assert report["summary"]["metadata"]["licences"] == ["CC-BY-NC-4.0"]


@pytest.mark.corpus
def test_json_ld_with_the_dcat_ap_context_is_read_offline(
    monkeypatch: pytest.MonkeyPatch, check_json
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CITYLINT_STANDARDS_DIR", str(corpus("data")))
    _, report, err = check_json(META / "_profiles" / "dcat-ap.jsonld", "--profile", "metadata")
    assert report, err
    assert report["summary"]["metadata"]["licences"] == ["CC-BY-ND-4.0"]
    assert {"licence_not_open", "url_carries_credentials"} <= set(totals(report))


def test_findings_on_blank_nodes_keep_their_fingerprints(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    def fingerprints() -> set[tuple[str, str, str]]:
        _, report, _ = check_json(META / "_profiles" / "dcat-ap.ttl", "--profile", "metadata")
        return {
            (n["code"], s["focusNode"], s["citylint"]["fingerprint"])
            for n in report["notices"]
            for s in n["sampleNotices"]
        }

    first = fingerprints()
    assert any(
        focus.startswith("[https://data.example.org/dataset/parkings dcat:distribution")
        for _, focus, _ in first
    )
    assert fingerprints() == first


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        # a city's own domain in front of the platform: recognised by the shape of the URL (hosts.yaml,
        # sourced)
        ("https://data.cityofchicago.org/resource/ijzp-q8t2.json", "Socrata (Tyler Technologies)"),
        (
            "https://data.cityofnewyork.us/api/views/h9gi-nx95/rows.csv?accessType=DOWNLOAD",
            "Socrata (Tyler Technologies)",
        ),
        ("https://data.metropole.example/explore/dataset/arrets-de-bus/download/?format=csv", "Opendatasoft"),
        (
            "https://data.metropole.example/api/explore/v2.1/catalog/datasets/arrets/exports/geojson",
            "Opendatasoft",
        ),
        ("https://opendata.city.example/datasets/0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e_0.csv", "Esri ArcGIS Hub"),
        (
            "https://gis.city.example/server/rest/services/Transport/Stops/FeatureServer/0/query?f=geojson",
            "Esri ArcGIS Online / ArcGIS Server",
        ),
        ("https://drive.google.com/file/d/1AbC/view", "Google Drive / Google Docs"),
        ("https://www.dropbox.com/s/abc/gtfs.zip?dl=1", "Dropbox"),
        (
            "https://donnees.region.example/dataset/gtfs/resource/5b1f/download/gtfs.zip",
            "CKAN (open-source portal software)",
        ),
        ("https://www.data.gouv.fr/fr/datasets/r/0f2b5e4a-1c8e-4a8e-9b3b-6c2f1f7d9a11", "data.gouv.fr"),
        ("https://data.city.example/gtfs.zip", None),
        ("https://data.city.example/resource/not-an-id.json", None),
    ],
)
def test_platforms_are_recognised_by_url_shape_on_any_domain(url: str, platform: str | None) -> None:
    from citylint.validators.metadata.lists import hosts

    found = hosts().platform(url)
    assert (found.origin if found else None) == platform


@pytest.mark.parametrize(
    ("url", "platform", "reported"),
    [
        ("https://data.cityofchicago.org/resource/ijzp-q8t2.json", "Socrata (Tyler Technologies)", True),
        (
            "https://data.metropole.example/explore/dataset/arrets-de-bus/download/?format=csv",
            "Opendatasoft",
            True,
        ),
        (
            "https://donnees.region.example/dataset/gtfs/resource/5b1f/download/gtfs.zip",
            "CKAN (open-source portal software)",
            False,
        ),
    ],
)
def test_catalogue_on_a_citys_own_domain_names_the_platform(
    url: str, platform: str, reported: bool, tmp_path: Path, check_json
) -> None:  # type: ignore[no-untyped-def]
    text = fixture("hosted_on_vendor_platform", "good").read_text()
    own = [
        "https://data.example.org/fichiers/horaires",
        "https://opendata.metropole.example.org/horaires/gtfs.zip",
    ]
    assert all(u in text for u in own)
    catalogue = tmp_path / "dcat.ttl"
    catalogue.write_text(text.replace(own[0], url).replace(own[1], url))
    _, report, err = check_json(catalogue, "--profile", "metadata")
    host = url.split("/")[2]
    assert report["summary"]["metadata"]["platforms"] == {host: platform}, err
    samples = [
        s for n in report["notices"] if n["code"] == "hosted_on_vendor_platform" for s in n["sampleNotices"]
    ]
    assert {s["platform"] for s in samples} == ({platform} if reported else set())
    if reported:
        assert platform in origins(report)
