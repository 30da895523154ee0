"""Bytes to text: which encoding a news file uses, and decoding it in bounded memory.

Order of evidence: a byte-order mark; UTF-16 without a mark (its text is mostly
plausible characters in one byte order); strict UTF-8; Windows-1256 when the
result reads as Arabic; charset-normalizer only when all of these fail. Binary
data (NUL bytes, control characters, known file signatures) is rejected.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from rag.errors import InputError

SAMPLE_BYTES = 64 * 1024
CHUNK_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
# Well-formed UTF-8 multi-byte sequences (RFC 3629).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# Control characters that never occur in text files (tab, newlines and form feed do).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_PLAUSIBLE = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u024f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]"
)
_MAX_CONTROL_SHARE = 0.01
_MIN_PLAUSIBLE_UTF16 = 0.9
_MIN_ARABIC_SHARE_CP1256 = 0.85


def detect_encoding(sample: bytes, name: str, *, complete: bool = False) -> str:
    """Return the codec name for a file from its first bytes; raise InputError for binary data.

    `complete` says the sample is the whole file, so a multi-byte character cut at
    its end is an error rather than the sample boundary.
    """
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    for signature, kind in _SIGNATURES:
        if sample.startswith(signature):
            raise InputError(f"{name} is {kind}, not a text file.")
    utf16 = _utf16_byte_order(sample)
    if utf16:
        return utf16
    if b"\x00" in sample:
        raise InputError(f"{name} contains binary data (NUL bytes), not text.")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError as error:
        if _mostly_utf8(sample):
            raise InputError(
                f"{name} is not valid UTF-8 (byte 0x{sample[error.start]:02X} at offset {error.start}); "
                "re-save it as UTF-8."
            ) from None
    if _reads_as_arabic(sample.decode("cp1256", errors="replace")):
        return "cp1256"
    return _charset_normalizer_guess(sample, name)


def decode_bytes(data: bytes, name: str) -> str:
    """Return the text of a whole file's bytes, newlines as `\\n`; raise InputError if it is not text."""
    encoding = detect_encoding(data[:SAMPLE_BYTES], name, complete=len(data) <= SAMPLE_BYTES)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"{name} is not valid {encoding} (offset {error.start}); re-save it as UTF-8.") from None
    text = text.removeprefix("\ufeff")
    _reject_control_characters(text[:SAMPLE_BYTES], name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def open_regular(path: Path, name: str) -> BinaryIO:
    """Return a regular file opened for reading; raise InputError for anything else, without blocking.

    Opened without waiting and checked on the open descriptor, so a pipe named like a
    text file never hangs the run and a link to a device is refused, not read forever.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{name} does not exist (was it moved or deleted?).") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a folder, not a file.") from None
    except OSError as error:
        raise InputError(f"{name} cannot be read ({error.strerror or error}).") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "a device or socket"
        raise InputError(f"{name} is {kind}, not a regular file; only regular files are read.")
    return os.fdopen(descriptor, "rb")


def iter_text(path: Path, name: str | None = None) -> Iterator[str]:
    """Yield a file's text in decoded pieces of about 64 KB, newlines as `\\n`.

    Memory stays bounded whatever the file size. A `.gz` file is decompressed as it is read.
    Raises InputError when the file is missing, unreadable or not text, including when bad
    bytes appear later on (or a compressed file is damaged or cut short).
    """
    name = name or str(path)
    raw = open_regular(path, name)
    handle: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if path.suffix.lower() == ".gz" else raw  # type: ignore[assignment]
    with raw, handle:
        try:
            sample = handle.read(SAMPLE_BYTES)
            complete = len(sample) < SAMPLE_BYTES
            encoding = detect_encoding(sample, name, complete=complete)
            decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
            offset = 0
            carry = ""  # a `\r` at a piece's end may be the first half of `\r\n`
            first = True
            data = sample
            while True:
                last = len(data) < CHUNK_BYTES if data is not sample else complete
                try:
                    text = decoder.decode(data, final=last)
                except UnicodeDecodeError as error:
                    raise InputError(
                        f"{name} is not valid {encoding} (offset {offset + max(error.start, 0)}); re-save it as UTF-8."
                    ) from None
                offset += len(data)
                if first:
                    text = text.removeprefix("\ufeff")
                    _reject_control_characters(text, name)
                    first = False
                elif "\x00" in text:
                    raise InputError(f"{name} contains binary data (NUL bytes) near offset {offset}.")
                text = carry + text
                carry = ""
                if text.endswith("\r") and not last:
                    text, carry = text[:-1], "\r"
                if text:
                    yield text.replace("\r\n", "\n").replace("\r", "\n")
                if last:
                    break
                data = handle.read(CHUNK_BYTES)
            if carry:
                yield "\n"
        except OSError as error:  # gzip's BadGzipFile too
            raise InputError(f"{name} could not be read to the end ({error.strerror or error}).") from None
        except EOFError:
            raise InputError(f"{name} is cut short: the compressed file ends before its end marker.") from None


def _utf16_byte_order(sample: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when the sample reads as UTF-16 text without a BOM, else None."""
    if len(sample) < 4:
        return None
    # Text in UTF-16 has NULs (ASCII) or 0x06 (Arabic) in every other byte; UTF-8 and cp1256 never do.
    high_even, high_odd = sample[0::2], sample[1::2]
    if not any(byte in (0, 6) for byte in high_even[:256] + high_odd[:256]):
        return None
    even = len(sample) - len(sample) % 2
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample[:even].decode(encoding, errors="replace")
        share = len(_PLAUSIBLE.findall(text)) / max(len(text), 1)
        if share >= _MIN_PLAUSIBLE_UTF16 and (best is None or share > best[0]):
            best = (share, encoding)
    return best[1] if best else None


def _mostly_utf8(sample: bytes) -> bool:
    """Return whether most non-ASCII bytes form valid UTF-8 sequences (so the file is broken UTF-8)."""
    high = len(_HIGH_BYTE.findall(sample))
    if high == 0:
        return False
    covered = sum(len(match) for match in _UTF8_SEQUENCE.findall(sample))
    return covered >= high / 2


def _reads_as_arabic(text: str) -> bool:
    """Return whether decoded text is Arabic: most non-ASCII characters Arabic, no control characters."""
    non_ascii = len(_NON_ASCII.findall(text))
    if non_ascii == 0 or len(_CONTROL.findall(text)) > len(text) * _MAX_CONTROL_SHARE:
        return False
    return len(_ARABIC.findall(text)) / non_ascii >= _MIN_ARABIC_SHARE_CP1256


def _charset_normalizer_guess(sample: bytes, name: str) -> str:
    """Return charset-normalizer's encoding for a sample, or raise InputError when it has none."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None or best.chaos > 0.2:
        raise InputError(f"{name} is not readable text (unknown encoding or binary data).")
    encoding = codecs.lookup(best.encoding).name
    _reject_control_characters(sample.decode(encoding, errors="replace"), name)
    return encoding


def _reject_control_characters(text: str, name: str) -> None:
    """Raise InputError when decoded text has more control characters than text files do."""
    count = len(_CONTROL.findall(text))
    # One stray control character is a typo; more than 1% of the text is binary data.
    if count > 1 and count > len(text) * _MAX_CONTROL_SHARE:
        raise InputError(f"{name} contains binary data (control characters), not text.")
