"""Classic mojibake (UTF-8 read as Latin-1/cp1252: ``donnÃ©es``) through ftfy, conservatively.

Only encoding fixes: no Unicode normalisation (NFKC would split ``Ǉ`` into ``LJ``), no quote
uncurling, no ligature or width folding, no HTML unescaping, so clean text is left byte-identical.
"""

from __future__ import annotations

from functools import lru_cache

import ftfy


@lru_cache(maxsize=2)
def _config(restore_byte_a0: bool = True) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=restore_byte_a0,
        replace_lossy_sequences=False,
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def fix_mojibake(line: str) -> str:
    """One line with classic mojibake undone; any other line unchanged.

    A fix never merges or splits tokens: ftfy reads « Ã » + a space as a lost no-break-space
    byte (« à »), which on decoded or clean text joins two words; then only the fixes that keep
    the token count are applied, or none.
    """
    if line.isascii():
        return line
    tokens = len(line.split())
    for config in (_config(True), _config(False)):
        fixed = ftfy.fix_text(line, config)
        if len(fixed.split()) == tokens:
            return fixed
    return line
