"""No local file reached behind the user's back (issue 19), proved by what the process did rather than by what
it printed: every run of the hostile suite is audited (``harness.py``, ``audit/sitecustomize.py``: Python's
audit hooks on ``open``, ``os.listdir``, ``os.scandir``, ``socket.connect`` and ``socket.getaddrinfo``, in
citylint's process and its Dask workers). Here the cases that name files outside the allowed roots (a
profile's shapes and backgrounds, a DCAT sidecar, a harvested catalogue's entries; the JSON-LD ``@context``
cases are test_round_two.py's) check that no such file is even opened, ``/etc/shadow`` and ``/dev/zero``
included: every path opened or listed, as given and with its links resolved, lies in an allowed root (the
inputs' folders, the profile's folder, the standards cache, citylint's package, the Python installation, the
run's own folder).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.harness import FORBIDDEN, ROOT, assert_handled, assert_opened_only_inside, run_citylint
from tests.hostile.test_round_two import DATA, DCAT, SHAPES, _secret_file, _within_bounds, run_command

pytestmark = pytest.mark.hostile


def _layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An input folder, a profile folder and a secret elsewhere, side by side (no allowed root holds
    another)."""
    data, profiles = tmp_path / "data", tmp_path / "profiles"
    data.mkdir()
    profiles.mkdir()
    return data, profiles, _secret_file(tmp_path / "elsewhere")


@pytest.mark.parametrize("key", ["shapes", "background"])
@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink", "device", "shadow"])
def test_a_profile_never_opens_a_file_outside_its_folder(key: str, how: str, tmp_path: Path) -> None:
    data, profiles, secret = _layout(tmp_path)
    (profiles / "link.ttl").symlink_to(secret)
    (profiles / "ok.ttl").write_text(SHAPES)
    entry = {
        "absolute": str(secret),
        "dotdot": "../elsewhere/secret.ttl",
        "symlink": "link.ttl",
        "device": "/dev/zero",
        "shadow": "/etc/shadow",
    }[how]
    shapes = "[ok.ttl]" if key == "background" else f"[{json.dumps(entry)}]"
    extra = f"    background: [{json.dumps(entry)}]\n" if key == "background" else ""
    profile = profiles / "profile.yaml"
    profile.write_text(
        f"name: x\ntitle: x\nextends: [shacl]\nvalidators:\n  shacl:\n    shapes: {shapes}\n{extra}"
    )
    (data / "data.ttl").write_text(DATA)
    outcome = run_citylint(tmp_path / "run", str(data / "data.ttl"), "--profile", str(profile))
    assert_handled(outcome, exit_codes={2})
    assert_opened_only_inside(outcome, data, profiles, tmp_path / "run", forbidden=(str(secret),))


def test_a_dcat_sidecar_linked_out_of_the_data_folder_is_never_opened(tmp_path: Path) -> None:
    data, _, secret = _layout(tmp_path)
    feed = data / "feed"
    feed.mkdir()
    for source in (ROOT / "fixtures" / "gtfs" / "_base").iterdir():
        (feed / source.name).write_bytes(source.read_bytes())
    (data / "feed.dcat.ttl").symlink_to(secret)
    (data / "dcat.ttl").symlink_to("/etc/shadow")
    outcome = run_citylint(tmp_path / "run", str(feed))
    assert_handled(outcome, exit_codes={0, 1})
    assert_opened_only_inside(outcome, data, tmp_path / "run", forbidden=(str(secret),))


@pytest.mark.parametrize("opt_in", [False, True])
def test_a_harvested_catalogue_never_opens_shadow_or_a_device(opt_in: bool, tmp_path: Path) -> None:
    """Without --allow-file-urls nothing outside the catalogue's folder is opened, /etc/shadow (named by a
    relative path) and the secret (a ``file:`` URL) included. With it the user consents to the regular files
    the catalogue names outside its folder (docs/security.md), so those two may be opened; a device
    (/dev/zero) never is, and nothing else outside the roots."""
    secret = _secret_file(tmp_path / "elsewhere")
    catalog = tmp_path / "cat" / "catalog.ttl"
    catalog.parent.mkdir()
    catalog.write_text(DCAT.format(secret=secret.as_uri()))
    run = tmp_path / "run"
    outcome = run_command(
        run,
        "check-many",
        str(catalog),
        "-d",
        str(run / "out"),
        "-q",
        "--workers",
        "1",
        *(["--allow-file-urls"] if opt_in else []),
    )
    _within_bounds(outcome)
    assert outcome.exit_code == 2
    if opt_in:
        consented = [secret, Path("/etc/shadow")]
        assert_opened_only_inside(outcome, catalog.parent, run, *consented, forbidden=FORBIDDEN[1:])
    else:
        assert_opened_only_inside(outcome, catalog.parent, run, forbidden=(str(secret),))


def test_the_audit_hook_sees_what_is_opened(tmp_path: Path) -> None:
    """The proof above is only as good as the hook: a run that reads an input outside every allowed root of
    the check is reported by it."""
    data, profiles, _ = _layout(tmp_path)
    (data / "data.ttl").write_text(DATA)
    shapes = profiles / "shapes.ttl"
    shapes.write_text(SHAPES)
    outcome = run_citylint(tmp_path / "run", str(data / "data.ttl"), "--shapes", str(shapes))
    assert_handled(outcome, exit_codes={0, 1})
    assert str(shapes) in outcome.opened() and str(data / "data.ttl") in outcome.opened()
    with pytest.raises(AssertionError):
        assert_opened_only_inside(outcome, data, tmp_path / "run")  # the shapes' folder left out
