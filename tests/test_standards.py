"""The standards cache: manifest, install --from a folder, sha256 checks, lookup order, list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citylint import standards
from tests.conftest import corpus, run_cli


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(standards.ENV_DIR, str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # keep the real user cache out of the tests
    return folder


def _statuses() -> dict[str, str]:
    code, out, _ = run_cli("standards", "list", "--format", "json")
    assert code == 0
    return {row["name"]: row["status"] for row in json.loads(out)["artefacts"]}


def test_manifest_lists_the_required_artefacts() -> None:
    found = standards.manifest()
    for name, version in [
        ("saref-core", "4.1.1"),
        ("saref4city", "2.1.1"),
        ("saref4bldg", "2.1.1"),
        ("dcat-ap-shacl", "3.0.1"),
        ("mobilitydcat-ap-shacl", "1.1.0"),
        ("gbfs-schemas-v3.0", "3.0"),
    ]:
        assert found[name].version == version
    assert "mobilitydcat-ap-vocabularies" in found
    for art in found.values():
        assert art.licence and art.media_type and art.source.startswith("https://")
        for item in art.files:
            assert len(item.sha256) == 64 and item.url.startswith("https://") and item.mirror


@pytest.mark.corpus
def test_install_from_the_shared_folder_then_lookup(cache: Path) -> None:
    shared = corpus("data")
    assert _statuses()["saref-core"] == "missing"
    code, out, err = run_cli("standards", "install", "saref-core", "gbfs-schemas-v2.3", "--from", str(shared))
    assert code == 0, err
    assert "installed saref-core 4.1.1" in out
    assert _statuses()["saref-core"] == "installed" and _statuses()["saref4city"] == "missing"
    installed = standards.path("saref-core")
    assert installed == cache / "saref-core" / "4.1.1" / "saref.ttl"
    assert standards.sha256_of(installed) == standards.artefact("saref-core").files[0].sha256
    assert standards.path("gbfs-schemas-v2.3").is_dir()
    assert standards.file("gbfs-schemas-v2.3", "gbfs.json").is_file()


def test_hash_mismatch_is_refused(cache: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    fake = mirror / standards.artefact("saref-core").files[0].mirror
    fake.parent.mkdir(parents=True)
    fake.write_text("@prefix ex: <http://example.org/> . ex:a ex:b ex:c .\n")
    code, _, err = run_cli("standards", "install", "saref-core", "--from", str(mirror))
    assert code == 2
    assert "sha256" in err and "not installed" in err
    assert not (cache / "saref-core").exists()
    assert _statuses()["saref-core"] == "missing"


def test_modified_file_in_the_cache_is_reported(cache: Path) -> None:
    art = standards.artefact("saref-core")
    target = cache / art.relative(art.files[0])
    target.parent.mkdir(parents=True)
    target.write_text("tampered\n")
    assert _statuses()["saref-core"] == "modified"


def test_missing_artefact_names_the_install_command(cache: Path) -> None:
    with pytest.raises(standards.StandardMissing) as caught:
        standards.path("saref4bldg")
    assert "citylint standards install saref4bldg" in str(caught.value)


def test_lookup_order_env_dir_before_user_cache(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    art = standards.artefact("saref-core")
    in_user = standards.user_cache_dir() / art.relative(art.files[0])
    in_user.parent.mkdir(parents=True)
    in_user.write_text("user cache copy\n")
    assert standards.path("saref-core") == in_user  # not in $CITYLINT_STANDARDS_DIR: the user cache
    in_env = cache / art.relative(art.files[0])
    in_env.parent.mkdir(parents=True)
    in_env.write_text("env copy\n")
    assert standards.path("saref-core") == in_env
    monkeypatch.delenv(standards.ENV_DIR)
    assert standards.path("saref-core") == in_user


def test_install_needs_a_source(cache: Path) -> None:
    code, _, err = run_cli("standards", "install", "saref-core")
    assert code == 2 and "--from DIR or --allow-network" in err


def test_unknown_name_is_an_error(cache: Path, tmp_path: Path) -> None:
    code, _, err = run_cli("standards", "install", "no-such-standard", "--from", str(tmp_path))
    assert code == 2 and "unknown standard 'no-such-standard'" in err


MOBILITY_SHAPES = "data/metadata/mobilitydcat-ap/1.1.0-validation-repo/mobilitydcat-ap-shacl.ttl"
DCAT_DATA = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
<http://example.org/cat> a dcat:Catalog ; dcat:dataset <http://example.org/ds1> .
<http://example.org/ds1> a dcat:Dataset .
"""


@pytest.mark.corpus
def test_owl_imports_of_shapes_come_from_the_cache(cache: Path, tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    shapes = corpus(MOBILITY_SHAPES)  # owl:imports the DCAT-AP 3.0.1 shapes by their published URL
    data = tmp_path / "catalog.ttl"
    data.write_text(DCAT_DATA)
    code, _, err = run_cli("check", str(data), "--shapes", str(shapes), "--quiet")
    assert code == 2 and "citylint standards install dcat-ap-shacl" in err  # known import, not installed
    assert run_cli("standards", "install", "dcat-ap-shacl", "--from", str(corpus("data")))[0] == 0
    code, report, _ = check_json(data, "--shapes", str(shapes))
    summary = report["summary"]["shacl"]
    assert str(cache / "dcat-ap-shacl" / "3.0.1" / "dcat-ap-SHACL.ttl") in summary["shapesFiles"]
    assert (
        "https://w3id.org/mobilitydcat-ap/releases/1.1.0/mobilitydcat-ap_v1.1.0.ttl"
        in summary["owlImportsNotFollowed"]
    )
    assert code == 1 and report["notices"]


@pytest.mark.corpus
def test_known_jsonld_context_comes_from_the_cache(cache: Path, tmp_path: Path) -> None:
    from citylint.validators.rdf.load import RdfDocument, parse

    doc = tmp_path / "ds.jsonld"
    doc.write_text(
        json.dumps(
            {
                "@context": "https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld",
                "@id": "http://example.org/ds1",
                "@type": "Dataset",
                "title": "Parkings",
            }
        )
    )
    with pytest.raises(standards.StandardMissing):
        parse(RdfDocument.of(doc))
    assert run_cli("standards", "install", "dcat-ap-context", "--from", str(corpus("data")))[0] == 0
    graph = parse(RdfDocument.of(doc))
    assert {str(p) for p in graph.predicates()} == {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://purl.org/dc/terms/title",
    }


@pytest.mark.corpus
def test_env_dir_may_be_a_mirror(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shared = corpus("data")
    monkeypatch.setenv(standards.ENV_DIR, str(shared))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert standards.path("saref4city") == shared / "saref/ontologies/etsi-release/saref4city-v2.1.1.ttl"
    assert standards.status("saref4city") == "installed"


def test_downloads_are_https_only() -> None:
    from citylint.standards.install import _download

    with pytest.raises(standards.StandardsError, match="not https"):
        _download("http://example.org/file.ttl")
