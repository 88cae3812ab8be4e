"""The knowledge base loads, and invalid files are rejected with the file, the entry and the field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.loader import DATA_DIR, KnowledgeBaseError, load_knowledge_base
from knowledge.model import RETENTION_EVENTS

SLUGS = {"imusic", "javi", "123multiservice", "bestphone", "finderskeepers"}


def test_bundled_knowledge_base_has_the_five_organisations() -> None:
    kb = load_knowledge_base()
    assert SLUGS <= set(kb.slugs)
    for org in kb.organisations.values():
        assert org.country in ("DK", "SE")
        assert org.topics, org.slug
        for topic in org.topics:
            assert all(topic.aliases[lang] for lang in ("da", "sv", "en"))
            if topic.retention.stated:
                assert topic.retention.start in RETENTION_EVENTS


def test_known_facts_are_in_the_knowledge_base() -> None:
    kb = load_knowledge_base()
    ip = kb.organisations["imusic"].topic("ip-visitors")
    assert ip is not None and ip.retention.duration == "P60D" and ip.retention.start == "collection"
    assert "QuickPay" in {r.name for r in kb.organisations["imusic"].recipients}
    assert kb.organisations["javi"].country == "SE"
    assert all(not t.retention.stated for t in kb.organisations["bestphone"].topics)


def _copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    """Replace one occurrence of `old` in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "entry", "field"),
    [
        ('duration = "P60D"', 'duration = "60 days"', "topic 'ip-visitors'", "retention.duration"),
        ('from = "collection"', 'from = "whenever"', "topic 'ip-visitors'", "retention.from"),
        ('recipients = ["quickpay"]', 'recipients = ["quickpey"]', "topic 'payment-details'", "recipients"),
        ('legal_basis = ["gdpr-6-1-a"]', 'legal_basis = ["gdpr-6-1-z"]', "topic 'newsletter'", "legal_basis"),
        ('country = "DK"', 'country = "NO"', "organisation", "country"),
        ('id = "invoices"\n', 'id = "invoices"\ncolour = "red"\n', "topic 'invoices'", "colour"),
        ('aliases = { da = ["betalingsgateway"', 'aliases = { no = ["x"], da = ["betalingsgateway"', "recipient 'quickpay'",
         "aliases.no"),
        ('da = ["betalingsgateway", "betalingsudbyder", "betalingsløsning", "kortindløser", "betalingsfirma"]', 'da = "betalingsgateway"',
         "recipient 'quickpay'", "aliases.da"),
    ],
)
def test_invalid_entries_name_file_entry_and_field(tmp_path: Path, old: str, new: str, entry: str, field: str) -> None:
    data = _copy(tmp_path)
    _edit(data / "imusic.toml", old, new)
    with pytest.raises(KnowledgeBaseError) as err:
        load_knowledge_base(data)
    assert err.value.file == "imusic.toml"
    assert err.value.entry == entry
    assert err.value.field == field
    assert "imusic.toml" in str(err.value) and field in str(err.value)


def test_recipient_aliases_are_optional_and_loaded() -> None:
    kb = load_knowledge_base()
    javi = {r.id: r for r in kb.organisations["javi"].recipients}
    assert "kreditupplysningsföretag" in javi["credit-reference-agencies"].aliases["sv"]
    assert {r.id: r for r in kb.organisations["finderskeepers"].recipients}["mailchimp"].aliases == {}


def test_missing_language_is_named(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data / "imusic.toml", 'title = { da = "Kundenummer", sv = "Kundnummer", en = "Customer number" }',
          'title = { da = "Kundenummer", en = "Customer number" }')
    with pytest.raises(KnowledgeBaseError, match=r"topic 'customer-number': field 'title': has no text for sv"):
        load_knowledge_base(data)


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    (data / "javi.toml").write_text("schema = 1\n[organisation\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"^javi\.toml: \(file\): field '\(syntax\)'"):
        load_knowledge_base(data)


def test_not_stated_retention_cannot_carry_a_period(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data / "imusic.toml", 'stated = false\ntext = { da = "Politikken angiver ingen opbevaringsperiode for kundenummeret.',
          'stated = false\nduration = "P1Y"\ntext = { da = "Politikken angiver ingen opbevaringsperiode for kundenummeret.')
    with pytest.raises(KnowledgeBaseError, match="retention.stated"):
        load_knowledge_base(data)
