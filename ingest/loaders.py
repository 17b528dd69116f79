"""Read a file into a ``SourceDoc``: PDF with pypdf (pages kept), plain text, Markdown.

Every way a file can be unusable becomes an ``IngestError`` subclass with a clear message for
that file only; nothing here touches the index.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from clausier.errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    FileTooLarge,
    UnsupportedFile,
)
from clausier.schema import DocumentInfo, Page, SourceDoc

from .manifest import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

# A line starting with exactly one space then a non-space: where the PDF extractor that produced
# our .txt seeds began a new page.
_PAGE_START = re.compile(r"^ (?=\S)")
_MIN_LETTERS = 20


def load_file(path: Path, info: DocumentInfo, *, max_bytes: int) -> SourceDoc:
    """Load one file; raises an ``IngestError`` subclass when the file cannot be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFile(str(path), f"type de fichier non pris en charge ({suffix or 'sans extension'}) ; formats acceptés : PDF, TXT, MD")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorruptFile(str(path), f"fichier illisible ({exc.strerror})") from exc
    if size > max_bytes:
        raise FileTooLarge(str(path), f"fichier trop volumineux ({size / 1e6:.1f} Mo > {max_bytes / 1e6:.0f} Mo)")
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocument(str(path), "fichier vide")
    pages = _pdf_pages(path, data) if suffix == ".pdf" else _text_pages(path, data, info.page_breaks)
    if sum(ch.isalpha() for page in pages for ch in page.text) < _MIN_LETTERS:
        raise EmptyDocument(str(path), "aucun texte exploitable (document vide ou numérisé sans texte)")
    return SourceDoc(
        info=info,
        path=str(path),
        pages=tuple(pages),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def _text_pages(path: Path, data: bytes, page_breaks: str) -> list[Page]:
    if b"\x00" in data[:8192]:
        raise CorruptFile(str(path), "contenu binaire, pas du texte")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Legacy Windows files: cp1252 decodes any byte sequence but gives junk on binaries.
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > len(text) / 100:
            raise CorruptFile(str(path), "encodage illisible (ni UTF-8 ni Windows-1252)") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _control_ratio(text) > 0.01:
        raise CorruptFile(str(path), "contenu binaire, pas du texte")
    if page_breaks != "leading-space":
        return [Page(number=None, text=text)]
    return _split_leading_space_pages(text)


def _split_leading_space_pages(text: str) -> list[Page]:
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        if _PAGE_START.match(line) and any(l.strip() for l in pages[-1]):
            pages.append([])
        pages[-1].append(line)
    return [Page(number=i + 1, text="\n".join(lines)) for i, lines in enumerate(pages)]


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    return controls / len(text)


def _pdf_pages(path: Path, data: bytes) -> list[Page]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

    if not data.startswith(b"%PDF"):
        raise CorruptFile(str(path), "ce n'est pas un PDF valide (en-tête %PDF absent)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An empty user password is common for "protected" PDFs that still open.
            try:
                if not reader.decrypt(""):
                    raise EncryptedFile(str(path), "PDF chiffré : mot de passe requis")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise EncryptedFile(str(path), "PDF chiffré : mot de passe requis") from exc
        return [Page(number=i + 1, text=_page_text(page)) for i, page in enumerate(reader.pages)]
    except (EncryptedFile, FileNotDecryptedError) as exc:
        if isinstance(exc, EncryptedFile):
            raise
        raise EncryptedFile(str(path), "PDF chiffré : mot de passe requis") from exc
    except LimitReachedError as exc:  # a decompression bomb, a page tree hundreds of levels deep
        log.debug("pdf_limit_reached path=%s error=%r", path, exc)
        raise CorruptFile(str(path), "PDF refusé : il dépasse les limites de lecture (contenu qui se décompresse "
                                     "démesurément ou arborescence de pages trop profonde)") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError,
            IndexError, AssertionError, ZeroDivisionError, OverflowError) as exc:
        log.debug("pdf_read_failed path=%s error=%r", path, exc)
        raise CorruptFile(str(path), f"PDF corrompu ou illisible ({type(exc).__name__})") from exc


def _page_text(page) -> str:
    """Page text, through the font tables when a font lacks its Unicode map."""
    try:
        from ingest.repair.fontmap import extract_page_text
    except ImportError:  # the font route is optional: plain extraction still works
        return page.extract_text() or ""
    return extract_page_text(page) or ""
