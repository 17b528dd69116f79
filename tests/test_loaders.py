"""Loading files: pages kept from PDFs, one clear error per unusable file."""

from __future__ import annotations

import os

import pytest

from clausier.errors import CorruptFile, EmptyDocument, EncryptedFile, FileTooLarge, UnsupportedFile
from clausier.schema import DocumentInfo
from ingest.loaders import load_file
from tests.pdfs import encrypt_pdf, truncated_pdf, write_pdf

INFO = DocumentInfo(doc_id="doc", title="Doc", organisation="Org", doc_type="politique", level=0)
MAX = 10 * 1024 * 1024
POLICY_PAGES = [
    ["Article 1 - Objet", "La présente politique décrit le traitement des données personnelles."],
    ["Article 2 - Conservation", "Les données sont conservées pendant trois ans après le dernier contact."],
    ["Article 3 - Droits", "Vous pouvez demander l'accès à vos données à tout moment."],
]


def test_pdf_pages_are_kept(tmp_path):
    doc = load_file(write_pdf(tmp_path / "policy.pdf", POLICY_PAGES), INFO, max_bytes=MAX)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "trois ans" in doc.pages[1].text
    assert "trois ans" not in doc.pages[0].text


def test_text_with_leading_space_page_breaks(tmp_path):
    path = tmp_path / "extracted.txt"
    path.write_text(" Titre du document\nligne deux\n Deuxième page\nsuite\n", encoding="utf-8")
    doc = load_file(path, DocumentInfo(**{**INFO.__dict__, "page_breaks": "leading-space"}), max_bytes=MAX)
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.pages[1].text.startswith(" Deuxième page")


def test_plain_text_has_no_page_numbers(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text("# Politique\n\n Ligne avec espace initial qui n'est pas une page.\n" * 3, encoding="utf-8")
    doc = load_file(path, INFO, max_bytes=MAX)
    assert [p.number for p in doc.pages] == [None]


def test_encrypted_pdf_is_refused(tmp_path):
    source = write_pdf(tmp_path / "clear.pdf", POLICY_PAGES)
    with pytest.raises(EncryptedFile, match="chiffré"):
        load_file(encrypt_pdf(source, tmp_path / "locked.pdf"), INFO, max_bytes=MAX)


def test_corrupt_pdf_is_refused(tmp_path):
    source = write_pdf(tmp_path / "clear.pdf", POLICY_PAGES)
    with pytest.raises((CorruptFile, EmptyDocument)):
        load_file(truncated_pdf(source, tmp_path / "broken.pdf"), INFO, max_bytes=MAX)


def test_fake_pdf_is_refused(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"this is not a pdf at all")
    with pytest.raises(CorruptFile, match="PDF"):
        load_file(path, INFO, max_bytes=MAX)


def test_pdf_without_text_is_empty(tmp_path):
    with pytest.raises(EmptyDocument):
        load_file(write_pdf(tmp_path / "blank.pdf", [[], []]), INFO, max_bytes=MAX)


@pytest.mark.parametrize("content", [b"", b"   \n\n  "])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyDocument, match="vide"):
        load_file(path, INFO, max_bytes=MAX)


def test_binary_junk_is_refused(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(CorruptFile):
        load_file(path, INFO, max_bytes=MAX)


def test_unsupported_type_is_refused(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFile, match="non pris en charge"):
        load_file(path, INFO, max_bytes=MAX)


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(2048)
    with pytest.raises(FileTooLarge, match="volumineux"):
        load_file(path, INFO, max_bytes=1024)
