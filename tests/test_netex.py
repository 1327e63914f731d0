"""NeTEx through the real CLI: every rule's fixtures, input detection, the schema choice, and the shared
corpus (the French operator delivery's known defects, Entur's one-fault fixtures found with Entur's codes).

A case is ``fixtures/netex/<code>/{bad,good}/case.json``: the base delivery ``fixtures/netex/_base`` (three
files of a small French delivery, valid against NeTEx v1.2.2 and the French profile) with ``replace`` edits
(``file``, ``old``, ``new``) and ``files`` added (name → text), then ``args``, ``exit`` and the exact
``notices`` (run by tests/test_fixtures.py). Cases with ``"standards": "shared"`` need the CEN schema from
../shared/data (corpus tests); the others run with ``--netex-schema off``. The schema is compiled once per
process (``schema.compiled``), so the session pays it once per schema version and mode.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from citylint import standards
from citylint.detect import detect_kind
from citylint.validators.base import InputError
from citylint.validators.netex import NetexValidator, entur_codes
from citylint.validators.netex.delivery import default_profile
from citylint.validators.netex.schema import choose_version
from tests.conftest import (
    FIXTURES,
    assert_every_rule_has_cases,
    corpus,
    read_case,
    run_cli,
    totals,
)

NETEX_FIXTURES = FIXTURES / "netex"
BASE = NETEX_FIXTURES / "_base"
PABMAR = "data/netex/data/fr_transport-site_fixture"
ENTUR = "data/netex/data/nordic_entur_validator_testdata/src/test/resources"


def build_case(case: Path, spec: dict[str, Any], target: Path) -> Path:
    shutil.copytree(BASE, target)
    for edit in spec.get("replace", []):
        path = target / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{case}: {edit['old']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["old"], edit["new"], edit.get("count", -1)), encoding="utf-8")
    for name, text in spec.get("files", {}).items():
        (target / name).write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def shared_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CEN schemas read in place from ../shared/data (the manifest's mirror layout)."""
    corpus("data/netex/xsd/NeTEx-v1.2.2/xsd/NeTEx_publication.xsd")
    monkeypatch.setenv(standards.ENV_DIR, str(corpus("data")))


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    assert_every_rule_has_cases(NETEX_FIXTURES, NetexValidator.rules)


def test_every_entur_mapping_names_a_netex_rule() -> None:
    codes = {r.rule.code for r in NetexValidator.rules}
    assert set(entur_codes()) <= codes
    assert entur_codes()["netex_duplicate_id_across_files"] == "NETEX_ID_1"


def test_a_finding_locates_file_line_and_element_path(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    case = NETEX_FIXTURES / "netex_missing_version" / "bad"
    delivery = build_case(case, read_case(case), tmp_path / "d")
    _, report, _ = check_json(delivery, "--netex-schema", "off")
    sample = report["notices"][0]["sampleNotices"][0]
    assert sample["citylint"]["location"]["file"] == "ligne.xml"
    assert sample["citylint"]["location"]["row"] == 33  # the Direction's line in ligne.xml
    assert sample["citylint"]["location"]["path"].endswith("GeneralFrame/members/Direction")


def test_a_zip_delivery_gives_the_folder_s_findings(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    case = NETEX_FIXTURES / "netex_unresolved_reference" / "bad"
    folder = build_case(case, read_case(case), tmp_path / "d")
    archive = tmp_path / "delivery.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(folder.iterdir()):
            out.write(path, f"netex/{path.name}")
    _, from_folder, _ = check_json(folder, "--netex-schema", "off")
    _, from_zip, _ = check_json(archive, "--netex-schema", "off")
    assert totals(from_zip) == totals(from_folder) == {"netex_unresolved_reference": 1}


def test_streaming_mode_gives_the_tree_mode_s_findings(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    """Files above tree_limit_mb are streamed (objects cleared once checked): same findings and lines."""
    case = NETEX_FIXTURES / "netex_base_passing_times_not_chronological" / "bad"
    delivery = build_case(case, read_case(case), tmp_path / "d")
    profile = tmp_path / "stream.yaml"
    profile.write_text(
        "name: stream\ntitle: t\nextends: [netex-fr]\nvalidators:\n  netex:\n    tree_limit_mb: 0\n"
    )
    _, tree, _ = check_json(delivery, "--netex-schema", "off")
    _, stream, _ = check_json(delivery, "--netex-schema", "off", "--profile", str(profile))
    assert totals(stream) == totals(tree) == {"netex_base_passing_times_not_chronological": 1}
    lines = [
        [s["citylint"]["location"]["row"] for s in r["notices"][0]["sampleNotices"]] for r in (tree, stream)
    ]
    assert lines[0] == lines[1]


def test_detection_by_content(tmp_path: Path) -> None:
    delivery = build_case(BASE, {}, tmp_path / "d")
    assert detect_kind(delivery) == "netex"
    assert detect_kind(delivery / "ligne.xml") == "netex"
    assert default_profile(delivery) == "netex-fr"
    nordic = tmp_path / "nordic.xml"
    nordic.write_text(
        '<?xml version="1.0"?>\n<PublicationDelivery xmlns="http://www.netex.org.uk/netex" '
        'version="1.15:NO-NeTEx-networktimetable:1.5"><dataObjects/></PublicationDelivery>'
    )
    assert detect_kind(nordic) == "netex"
    assert default_profile(nordic) == "netex-nordic"
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.xml").write_text('<?xml version="1.0"?><notes/>')
    with pytest.raises(InputError):
        detect_kind(other)


@pytest.mark.parametrize(
    ("declared", "version"),
    [
        ("1.10:FR-NETEX-2.2", "1.2.2"),
        ("1.09:FR-NETEX_LIGNE-2.1-1.0", "1.2.2"),
        ("1.0", "1.2.2"),
        ("ntx:1.1", "1.2.2"),
        ("1.15:NO-NeTEx-networktimetable:1.5", "1.2.2"),
        ("1.3", "1.3.1"),
        ("1.31", "1.3.1"),
        ("2.0", "1.3.1"),
        (None, "1.2.2"),
        ("abc", "1.2.2"),
    ],
)
def test_schema_version_from_the_delivery_version(declared: str | None, version: str) -> None:
    assert choose_version(declared)[0] == version


def test_a_missing_schema_is_exit_2_with_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check_json
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(standards.ENV_DIR, str(tmp_path / "empty-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    # a schema an earlier test compiled in this process would be used as it is: start from none
    monkeypatch.setattr("citylint.validators.netex.schema._COMPILED", {})
    code, report, _ = check_json(build_case(BASE, {}, tmp_path / "d"))
    assert code == 2
    assert "citylint standards install netex-xsd-v1.2.2" in report["systemErrors"][0]["message"]


# -- the shared corpus ---------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_french_operator_delivery_known_defects(shared_schemas: None, check_json) -> None:  # type: ignore[no-untyped-def]
    """PABMAR (Penn ar Bed): the feryPort typo against v1.2.2 (chosen from 1.10), the dataSourceRef without
    its DataSource, no unresolved reference across its 26 files, and transport.data.gouv.fr's categories."""
    code, report, err = check_json(corpus(PABMAR) / "netex.zip", "--profile", "fr-nap")
    assert code == 1, err
    found = totals(report)
    assert found["netex_xsd_error"] == 7
    xsd = next(n for n in report["notices"] if n["code"] == "netex_xsd_error")
    assert all("feryPort" in s["message"] for s in xsd["sampleNotices"])
    assert {s["citylint"]["location"]["file"] for s in xsd["sampleNotices"]} == {"Arrets.xml"}
    assert found["netex_attribute_reference_unresolved"] == 49  # dataSourceRef="PABMAR" on each GeneralFrame
    assert "netex_unresolved_reference" not in found
    assert report["summary"]["netex"]["xsdVersions"] == ["1.2.2"]
    verdict = next(v for v in report["verdicts"] if v["scheme"] == "transport.data.gouv.fr/netex")
    assert verdict["passed"] is False and "netex_xsd_error" in verdict["reasons"]
    assert xsd["sampleNotices"][0]["panCategory"] == "xsd-schema"


@pytest.mark.corpus
def test_french_delivery_against_v1_3_1_reports_order_zero(shared_schemas: None, check_json) -> None:  # type: ignore[no-untyped-def]
    """Forced to v1.3.1, the same delivery fails on order="0" (positiveInteger since 1.3): one finding per
    defect, not libxml2's four messages."""
    calendar = corpus(PABMAR) / "netex" / "Calendriers.xml"
    code, report, _ = check_json(calendar, "--netex-version", "1.3.1", "--profile", "netex")
    assert code == 1
    xsd = next(n for n in report["notices"] if n["code"] == "netex_xsd_error")
    messages = {s["message"] for s in xsd["sampleNotices"]}
    assert any("'order': '0' is not a valid value" in m for m in messages)
    assert not any("No precomputed value" in m for m in messages)
    assert xsd["totalNotices"] == calendar.read_text(encoding="utf-8").count('order="0"')


ENTUR_FAULTS = {
    "rb_flb-aggregated-netex-duplicate-id.zip": "NETEX_ID_1",
    "rb_flb-aggregated-netex-invalid-reference.zip": "NETEX_ID_5",
    "rb_flb-aggregated-netex-daytype-not-assigned.zip": "SERVICE_CALENDAR_1",
    "rb_flb-aggregated-netex-missing-departure-and-arrival-times.zip": "SERVICE_JOURNEY_4",
    "rb_flb-aggregated-netex-missing-departure-time.zip": "SERVICE_JOURNEY_5",
    "rb_flb-aggregated-netex-missing-last-arrival-time.zip": "SERVICE_JOURNEY_6",
    "rb_flb-aggregated-netex-non-numeric-version.zip": "VERSION_NON_NUMERIC",
    "rb_bra-flexible-lines-invalid-missing-departure-and-arrival-times.zip": "SERVICE_JOURNEY_4",
    "rb_bra-flexible-lines-missing-departure-time.zip": "SERVICE_JOURNEY_5",
    "rb_bra-flexible-lines-missing-last-arrival-time.zip": "SERVICE_JOURNEY_6",
    "rb_bra-flexible-lines-missing-notice-ref.zip": "NOTICE_7",
    "rb_bra-flexible-lines-missing-noticed-object-ref.zip": "NOTICE_6",
}
VALID_ORIGINALS = {
    "rb_flb": "rb_flb-aggregated-netex.zip",
    "rb_bra": "rb_bra-flexible-lines-valid-passing-times.zip",
}


def _entur_codes_found(report: dict[str, Any]) -> set[str]:
    return {s.get("enturCode") for n in report["notices"] for s in n["sampleNotices"]} - {None}


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "expected"), sorted(ENTUR_FAULTS.items()))
def test_entur_one_fault_fixtures_are_found_with_entur_s_code(name: str, expected: str, check_json) -> None:  # type: ignore[no-untyped-def]
    """Each of Entur's fixtures with one injected fault yields Entur's code, which the valid original does
    not."""
    folder = corpus(ENTUR)
    _, faulty, _ = check_json(folder / name, "--netex-schema", "off", "--profile", "netex-nordic")
    _, valid, _ = check_json(
        folder / VALID_ORIGINALS[name[:6]], "--netex-schema", "off", "--profile", "netex-nordic"
    )
    assert expected in _entur_codes_found(faulty)
    assert expected not in _entur_codes_found(valid)


@pytest.mark.corpus
def test_the_schema_tree_installs_into_the_cache_with_its_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ~420 schema documents keep their relative paths in the cache (they include each other by them)."""
    monkeypatch.setenv(standards.ENV_DIR, str(tmp_path / "cache"))
    code, _, err = run_cli("standards", "install", "netex-xsd-v1.2.2", "--from", str(corpus("data")))
    assert code == 0, err
    entry = standards.file("netex-xsd-v1.2.2", "NeTEx_publication.xsd")
    assert entry == tmp_path / "cache" / "netex-xsd-v1.2.2" / "1.2.2" / "NeTEx_publication.xsd"
    nested = [f.name for f in standards.artefact("netex-xsd-v1.2.2").files if f.name.count("/") >= 2]
    assert nested and (entry.parent / nested[0]).is_file()
    assert standards.status("netex-xsd-v1.2.2") == "installed"


def test_manifest_file_names_may_be_relative_paths_but_never_leave_the_artefact() -> None:
    names = [f.name for f in standards.artefact("netex-xsd-v1.3.1").files]
    assert "NeTEx_publication.xsd" in names and any("/" in n for n in names)
    assert not any(part in ("", ".", "..") for n in names for part in n.split("/"))


@pytest.mark.corpus
def test_streamed_schema_messages_point_at_the_first_element_they_cite(
    tmp_path: Path,
    check_json,  # type: ignore[no-untyped-def]
    shared_schemas: None,
) -> None:
    """A file above tree_limit_mb is validated while streamed: libxml2 gives no line, so the message is
    located at the first element of the name it cites, and says so."""
    case = NETEX_FIXTURES / "netex_xsd_error" / "bad"
    delivery = build_case(case, read_case(case), tmp_path / "d")
    profile = tmp_path / "stream.yaml"
    profile.write_text(
        "name: stream\ntitle: t\nextends: [netex-fr]\nvalidators:\n  netex:\n    tree_limit_mb: 0\n"
    )
    code, report, _ = check_json(delivery, "--profile", str(profile), "--lang", "en")
    assert code == 1 and totals(report) == {"netex_xsd_error": 1}
    sample = report["notices"][0]["sampleNotices"][0]
    first = next(
        n
        for n, line in enumerate((delivery / "arrets.xml").read_text().splitlines(), 1)
        if "<StopPlaceType>" in line
    )
    assert sample["citylint"]["location"]["row"] == first
    assert "streamed" in sample["repeated"] and "feryPort" in sample["message"]
