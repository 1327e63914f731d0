"""English and French: every rule translated, catalogues current, reports in the language asked for."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from citylint.i18n import (
    catalog,
    default_lang,
    format_number,
    resolve_lang,
    rule_domain,
    rule_message_template,
    rule_title,
    translate_plural,
)
from citylint.i18n_catalogs import LOCALE_DIR, extract, read_catalog
from citylint.model import Rule, Severity
from citylint.registry import load_registry
from tests.conftest import ROOT, VALIDATION_DATE, run_cli

EXAMPLE = ROOT / "examples" / "gb-newport-2023-06-13.zip"
RULES = sorted(load_registry(plugins=False).rules.values(), key=lambda r: r.code)
# A rule the example feed triggers, with its title in both languages (read from the catalogue, not restated
# here).
SHOWN = load_registry(plugins=False).rules["mixed_case_recommended_field"]
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(![rsa])?\}")


def _fields(template: str) -> list[tuple[str, str, str | None]]:
    """The replacement fields of a str.format template: name, format spec, conversion."""
    parsed = string.Formatter().parse(template)
    return sorted((name, spec or "", conversion) for _, name, spec, conversion in parsed if name is not None)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_a_french_title_and_message(rule: Rule) -> None:
    french = catalog("fr", rule_domain(rule))
    assert french is not None, (
        f"no {rule_domain(rule)}.po in French: run `citylint i18n extract`, translate it"
    )
    for role, english in (("title", rule.summary), ("message", rule.message)):
        entry = french.get(english, context=rule.code)
        assert entry is not None, f"{rule.code}: its {role} is not in {rule_domain(rule)}.po"
        assert isinstance(entry.string, str) and entry.string.strip(), f"{rule.code}: {role} untranslated"
        assert not entry.fuzzy, (
            f"{rule.code}: the French {role} is fuzzy (the English text changed): review it"
        )
        assert _fields(entry.string) == _fields(english), f"{rule.code}: the {role} placeholders differ"


def test_catalogues_are_current_and_complete() -> None:
    code, _, err = run_cli("i18n", "extract", "--check")
    assert code == 0, err


def _titles(po: Catalog) -> dict[str, str]:
    return {m.context: m.string for m in po if m.id and "title" in m.auto_comments and m.context}


def test_extract_adds_new_rules_empty_and_marks_changed_texts_fuzzy(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    before = read_catalog(locale / "fr/LC_MESSAGES/rules-gtfs.po", "fr", "rules-gtfs")
    assert before is not None
    changed = dataclasses.replace(RULES[0], doc="A wholly reworded title.\n\n## Why it matters\nIt does.")
    new = Rule(
        code="brand_new_rule",
        severity=Severity.WARNING,
        family="gtfs",
        doc="Something new is wrong.",
        message="row {csvRowNumber}: new problem",
    )
    rules = [changed, new] + [r for r in RULES[1:] if r.code != RULES[-1].code]  # and the last rule removed

    outcome = extract(rules, locale_dir=locale)

    po_path = locale / "fr/LC_MESSAGES/rules-gtfs.po"
    assert po_path in outcome.written
    after = read_catalog(po_path, "fr", "rules-gtfs")
    assert after is not None
    for text in (new.summary, new.message):
        entry = after.get(text, context=new.code)
        assert entry is not None and entry.string == "" and not entry.fuzzy
    reworded = after.get(changed.summary, context=changed.code)
    assert reworded is not None and reworded.fuzzy
    assert reworded.string == _titles(before)[changed.code]  # the old translation, to review
    assert reworded.previous_id == [RULES[0].summary]
    assert after.get(RULES[-1].summary, context=RULES[-1].code) is None  # a removed rule leaves
    kept = RULES[1]
    assert _titles(after)[kept.code] == _titles(before)[kept.code]
    assert outcome.untranslated[po_path] == 3  # two new entries, one fuzzy
    assert extract(rules, locale_dir=locale, write=False).written == []  # a second run has nothing to change
    again = read_catalog(po_path, "fr", "rules-gtfs")
    assert again is not None
    assert again.get(changed.summary, context=changed.code).previous_id == [RULES[0].summary]


def test_extract_cli_creates_catalogues_and_check_names_what_is_missing(tmp_path: Path) -> None:
    code, _, err = run_cli("i18n", "extract", "--locale-dir", str(tmp_path))
    assert code == 0, err
    created = read_catalog(tmp_path / "fr/LC_MESSAGES/rules-gtfs.po", "fr", "rules-gtfs")
    assert created is not None
    assert len([m for m in created if m.id]) == 2 * len([r for r in RULES if r.family == "gtfs"])
    assert all(m.string == "" for m in created if m.id)
    ui = read_catalog(tmp_path / "fr/LC_MESSAGES/ui.po", "fr", "ui")
    assert ui is not None and ui.get("could not validate") is not None  # found in the sources
    code, _, err = run_cli("i18n", "extract", "--check", "--locale-dir", str(tmp_path))
    assert code == 1
    assert "untranslated or fuzzy" in err and "rules-gtfs.po" in err


def test_language_from_the_environment() -> None:
    assert default_lang({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert default_lang({"LANGUAGE": "de:fr", "LANG": "en_GB.UTF-8"}) == "fr"
    assert default_lang({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}) == "fr"
    assert default_lang({"LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"
    assert default_lang({}) == "en"
    assert resolve_lang("fr", {"LANG": "en_US.UTF-8"}) == "fr"
    assert resolve_lang(None, {"LANG": "fr_CA.UTF-8"}) == "fr"
    with pytest.raises(ValueError):
        resolve_lang("xx")


def test_french_plurals_and_numbers() -> None:
    assert translate_plural("{count} error", "{count} errors", 0, "fr") == "{count} erreur"
    assert translate_plural("{count} error", "{count} errors", 1, "fr") == "{count} erreur"
    assert translate_plural("{count} error", "{count} errors", 2, "fr") == "{count} erreurs"
    assert translate_plural("{count} error", "{count} errors", 0, "en") == "{count} errors"
    assert format_number(1234, "en") == "1,234"
    assert format_number(1234, "fr").replace("\u202f", " ") == "1 234"


def _check(*extra: str) -> tuple[int, str, str]:
    return run_cli("check", str(EXAMPLE), "--date", VALIDATION_DATE, "--quiet", *extra)


def test_check_lang_fr_gives_french_text() -> None:
    code, out, _ = _check("--lang", "fr")
    assert code == 1
    french_title = rule_title(SHOWN, "fr")
    assert french_title != SHOWN.summary
    assert french_title in out and SHOWN.summary not in out
    assert "verdict : NON CONFORME" in out and "verdict:" not in out
    assert re.search(r"\d+ erreurs?, \d+ avertissements?, ", out)
    assert "ERREUR" in out and "p. ex." in out and "e.g." not in out
    assert not PLACEHOLDER.search(out), "a placeholder was left unrendered"
    assert "stop_name = 'OBAN - STATION SQUARE' devrait mêler majuscules et minuscules" in out


def test_french_from_the_environment_and_lang_en_overrides_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    _, out, _ = _check()
    assert rule_title(SHOWN, "fr") in out and SHOWN.summary not in out
    _, out, _ = _check("--lang", "en")
    assert SHOWN.summary in out and rule_title(SHOWN, "fr") not in out
    assert "verdict: NOT CONFORMANT" in out and "e.g. " in out


def test_english_by_default() -> None:
    _, out, _ = _check()
    assert SHOWN.summary in out and "verdict: NOT CONFORMANT" in out
    assert not PLACEHOLDER.search(out)


def test_json_keeps_mobilitydata_fields_english_and_adds_french(check_json):  # type: ignore[no-untyped-def]
    _, english, _ = check_json(EXAMPLE)
    _, french, _ = check_json(EXAMPLE, "--lang", "fr")
    assert english["summary"]["lang"] == "en" and french["summary"]["lang"] == "fr"
    by_code = {n["code"]: n for n in french["notices"]}
    assert [n["code"] for n in english["notices"]] == list(by_code)
    for notice in english["notices"]:
        translated = by_code[notice["code"]]
        assert (
            translated["summary"] == notice["summary"] == notice["title"]
        )  # MobilityData-side text: English
        assert translated["title"] != notice["title"]
        for en_sample, fr_sample in zip(notice["sampleNotices"], translated["sampleNotices"], strict=True):
            assert fr_sample["citylint"]["message"] == en_sample["citylint"]["message"]
            assert "localizedMessage" not in en_sample["citylint"]
            localized = fr_sample["citylint"]["localizedMessage"]
            assert localized != en_sample["citylint"]["message"] and not PLACEHOLDER.search(localized)
    sample = by_code[SHOWN.code]["sampleNotices"][0]
    fields = {k: v for k, v in sample.items() if k != "citylint"}
    assert sample["citylint"]["localizedMessage"] == rule_message_template(SHOWN, "fr").format(**fields)
    assert sample["citylint"]["localizedMessage"].endswith("devrait mêler majuscules et minuscules")


def test_could_not_validate_in_french(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    code, out, _ = run_cli("check", str(notes), "--lang", "fr", "--quiet")
    assert code == 2
    assert "validation impossible : " in out and "could not validate" not in out
    assert "profil -" in out


def test_rules_lang_fr_translates_title_lines() -> None:
    code, out, _ = run_cli("rules", "--lang", "fr", "--family", "gtfs")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert lines[SHOWN.code].endswith(rule_title(SHOWN, "fr"))
    code, out, _ = run_cli("rules", "--format", "json", "--lang", "fr")
    assert {r["code"]: r["summary"] for r in json.loads(out)}[
        SHOWN.code
    ] == SHOWN.summary  # docs stay English
