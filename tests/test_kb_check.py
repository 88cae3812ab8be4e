"""`kb check` against the customer's five policies: every reference resolves, every retention sentence is covered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.loader import load_knowledge_base
from knowledge.model import SourceRef
from knowledge.policycheck import PolicyText, check_knowledge_base, check_organisation, looks_like_retention

REPO = Path(__file__).resolve().parents[1]
POLICIES = Path(os.environ.get("GDPR_BOT_POLICIES_DIR", REPO.parent / "shared" / "policies"))
needs_policies = pytest.mark.skipif(not POLICIES.is_dir(), reason=f"policy texts not at {POLICIES}")


@needs_policies
def test_every_reference_resolves_and_every_retention_sentence_is_covered() -> None:
    reports = check_knowledge_base(load_knowledge_base(), POLICIES)
    assert {r.org for r in reports} == {"imusic", "javi", "123multiservice", "bestphone", "finderskeepers"}
    for r in reports:
        assert r.problems == [], r.org
        assert [s.text for s in r.uncovered] == [], r.org
        assert r.references > 10


@needs_policies
def test_check_finds_an_uncovered_retention_sentence_and_a_bad_reference() -> None:
    org = load_knowledge_base().organisations["imusic"]
    topic = org.topic("ip-visitors")
    assert topic is not None
    # Drop the retention quote of one topic and point another reference at a section that does not exist.
    broken_topic = type(topic)(**{**{f: getattr(topic, f) for f in topic.__slots__},
                                  "retention": type(topic.retention)(**{**{f: getattr(topic.retention, f)
                                                                           for f in topic.retention.__slots__},
                                                                        "quotes": ()})})
    controller = type(org.controller)(**{**{f: getattr(org.controller, f) for f in org.controller.__slots__},
                                          "source": SourceRef(org.policy, "No such heading", None)})
    broken = type(org)(**{**{f: getattr(org, f) for f in org.__slots__},
                          "topics": tuple(broken_topic if t.id == topic.id else t for t in org.topics),
                          "controller": controller})
    report = check_organisation(broken, PolicyText.read(POLICIES / org.policy))
    assert any("No such heading" in p for p in report.problems)
    assert any("60 dage" in s.text for s in report.uncovered)


def test_retention_detector() -> None:
    assert looks_like_retention("Loggen slettes efter 60 dage.")
    assert looks_like_retention("Uppgifterna sparas i 24 månader.")
    assert looks_like_retention("Tills att du avslutar ditt konto.")
    assert not looks_like_retention("Du har ret til at se hvilke oplysninger, vi har.")


@needs_policies
def test_cli_check_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check", "--policies", str(POLICIES)]) == 0
    out = capsys.readouterr().out
    assert "imusic: ok" in out and "0 uncovered" in out


def test_cli_check_without_policy_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check", "--policies", str(tmp_path / "nope")]) == 2
    assert "no policy folder" in capsys.readouterr().err
