"""The one error of the file formats, and reading bytes as text."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input, with a message that names the row and field (people CSV) or the key
    (PROGRAM.toml). ``file`` names the file when the reader knows it."""

    def __init__(self, message: str, *, file: str | None = None) -> None:
        super().__init__(f"{file}: {message}" if file else message)
        self.file = file


def decode(data: bytes, *, unit: str = "row") -> str:
    """UTF-8 text (a byte-order mark is dropped); an error names the row (line) of the
    first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{unit} {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None
