"""JUnit XML for GitLab, Jenkins and other CI test views: one test suite per input, one test case per rule
that ran on it. A rule with findings fails (count and samples in the text); a system error (something could
not be checked) is an error; a rule whose findings a baseline all suppresses passes, and says so in its
output."""

from __future__ import annotations

from collections.abc import Sequence

from junitparser import Error, Failure, JUnitXml, TestCase, TestSuite

from citylint.escape import visible, xml_text
from citylint.i18n import SOURCE_LANG
from citylint.model import Report, Rule, Severity
from citylint.reports import DEFAULT_FAIL_ON
from citylint.reports.common import known_rules, where

SAMPLES_IN_TEXT = 10


def _xml(text: str) -> str:
    """Data-derived text for the XML: control characters visible (one line each: a CI log shows it raw),
    then nothing XML 1.0 forbids (lone surrogates, U+FFFE)."""
    return xml_text(visible(text))


def _suite(report: Report, rules: dict[str, Rule], threshold: int | None) -> TestSuite:
    suite = TestSuite(_xml(report.input))
    suite.add_property("kind", report.kind)
    suite.add_property("profile", report.profile)
    suite.add_property("validationDate", report.validation_date)
    for code in sorted(set(report.checked) | set(report.notices)):
        notice = report.notices.get(code)
        rule = notice.rule if notice is not None else rules.get(code)
        case = TestCase(code, classname=f"citylint.{rule.family if rule else report.kind}")
        below = notice is not None and (threshold is None or notice.severity.rank < threshold)
        if notice is not None and notice.active and below:
            # Below --fail-on: the run does not fail on it, so neither does its test case; its count is kept.
            case.system_out = _xml(
                f"{notice.active:,} {notice.severity.value} finding(s), below --fail-on: "
                f"{notice.rule.summary}"
            )
        elif notice is not None and notice.active:
            lines = [
                _xml(f"{f.message} [{where(f)}]" if where(f) else f.message)
                for f in notice.samples[:SAMPLES_IN_TEXT]
            ]
            more = notice.active - len(lines)
            if more > 0:
                lines.append(f"... and {more:,} more")
            suppressed = (
                f" ({notice.suppressed:,} more suppressed by the baseline)" if notice.suppressed else ""
            )
            failure = Failure(
                f"{notice.active:,} {notice.severity.value} finding(s): {notice.rule.summary}{suppressed}",
                notice.severity.value,
            )
            failure.text = "\n".join(lines)
            case.result = [failure]
        elif notice is not None and notice.suppressed:
            case.system_out = f"{notice.suppressed:,} finding(s) suppressed by the baseline"
        suite.add_testcase(case)
    for error in report.system_errors:
        case = TestCase(error.code, classname="citylint.system")
        result = Error(_xml(error.message), error.code)
        result.text = _xml(error.message)
        case.result = [result]
        suite.add_testcase(case)
    suite.update_statistics()  # type: ignore[no-untyped-call]
    return suite


def render(
    reports: Sequence[Report],
    *,
    color: bool = False,
    lang: str = SOURCE_LANG,
    fail_on: str = DEFAULT_FAIL_ON,
) -> str:
    """``fail_on`` as the command's --fail-on: findings below it are passing test cases that say how many
    there are, so that the CI test view agrees with the exit code ("never": no finding fails)."""
    xml = JUnitXml("citylint")
    rules = known_rules()
    threshold = None if fail_on == "never" else Severity.parse(fail_on).rank
    for report in reports:
        xml.add_testsuite(_suite(report, rules, threshold))
    xml.update_statistics()  # type: ignore[no-untyped-call]
    raw = xml.tostring()  # type: ignore[no-untyped-call]
    text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    return text if text.endswith("\n") else text + "\n"
