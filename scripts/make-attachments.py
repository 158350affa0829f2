#!/usr/bin/env python3
"""Generate the portal's downloadable attachments (PDF, ODT, DOCX) from text sources.

Why this exists: the templates, forms and course materials on the portal must be real
documents that a municipality can download, print or edit in its own office suite.
Binary files are hard to review and impossible to diff, so every attachment is kept as
a small Markdown text in ``scripts/attachments/`` and this script turns it into the
file format its name ends with:

    scripts/attachments/maler/timeplan/timeplan.odt.md  ->  content/maler/timeplan/timeplan.odt

The source format is a deliberately small Markdown subset:

* first line ``# Document title``; ``## Heading`` and ``### Subheading``
* paragraphs (lines are joined; a line with a ``____`` blank or a leading ``[ ]``
  keeps its own line), ``**bold**`` inside text
* ``- bullet`` and ``1. numbered`` lists (indent two spaces for a second level)
* pipe tables ``| a | b |`` with a ``|---|---|`` line under the header row; unequal
  dash counts (``|---|----------|``) set relative column widths, as in pandoc
* ``[ ]`` for a checkbox, ``______`` (three or more underscores) for a blank to write
  on; a line with nothing but underscores becomes a full-width writing line

Only the Python standard library is used. The output is deterministic: the same
source always gives the same bytes (no dates or random ids are written), so the
generated files can be committed and the site build stays reproducible.

Usage:
    python3 scripts/make-attachments.py            # every source
    python3 scripts/make-attachments.py FILE.md..  # only these sources
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "scripts" / "attachments"
CONTENT_DIR = ROOT / "content"
FORMATS = ("pdf", "odt", "docx")
LANGUAGE = "nb-NO"

BOX = "\u2610"  # ballot box: an empty checkbox
BOX_CHECKED = "\u2612"  # ballot box with x
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class SourceError(Exception):
    """A source file that cannot be read or understood."""


# --------------------------------------------------------------------------------------
# Document model and parser
# --------------------------------------------------------------------------------------


@dataclass
class Block:
    """One block of the document: heading, paragraph, list item, table or writing line."""

    kind: str  # "heading", "paragraph", "item", "table", "line"
    level: int = 0  # heading level (2, 3) or list nesting (0, 1)
    lines: list[str] = field(default_factory=list)  # text lines (hard breaks between)
    marker: str = ""  # list marker: "•", "1." ...; "" for a checkbox item
    rows: list[list[str]] = field(default_factory=list)  # table cells
    header: bool = False  # table has a header row
    hint: list[int] = field(default_factory=list)  # dashes per column in the |---| line


@dataclass
class Document:
    title: str
    blocks: list[Block]


TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
NUMBERED = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(.*)$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BLANK_ONLY = re.compile(r"^_{3,}$")
RULE = re.compile(r"^(-{3,}|\*{3,})$")


def clean_inline(text: str) -> str:
    """Reduce inline Markdown to plain text, keeping **bold** and checkboxes."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images: alt text
    text = re.sub(r"\[([^\]]+)\]\(([^)]*)\)", r"\1", text)  # links: link text
    text = re.sub(r"\[[xX]\]", BOX_CHECKED, text)
    text = re.sub(r"\[ \]", BOX, text)
    text = text.replace("`", "")
    text = re.sub(r"(?<![*\w])\*(?!\*)([^*]+?)\*(?!\*)", r"\1", text)  # *italic*
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes: \* -> *, \\ -> \
    return re.sub(r"\s+", " ", text).strip()


def keeps_own_line(text: str) -> bool:
    """A form line (a blank to write on, a leading checkbox) is not joined to others."""
    return "___" in text or text.startswith((BOX, BOX_CHECKED))


def split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [clean_inline(cell) for cell in re.split(r"(?<!\\)\|", line)]


def parse(text: str, name: str) -> Document:
    """Parse the Markdown subset into a Document; raise SourceError on a bad source."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or not lines[0].startswith("# "):
        raise SourceError(f"{name}: the first line must be the title, '# Document title'")
    title = clean_inline(lines[0][2:])
    if not title:
        raise SourceError(f"{name}: the title on line 1 is empty")

    blocks: list[Block] = []
    current: Block | None = None  # open paragraph, item or table

    def close() -> None:
        nonlocal current
        if current is not None and current.kind == "table" and not current.rows:
            current = None  # a separator line alone is not a table
        if current is not None:
            if current.kind == "table":
                width = max(len(row) for row in current.rows)
                current.rows = [row + [""] * (width - len(row)) for row in current.rows]
            blocks.append(current)
        current = None

    for raw in lines[1:]:
        stripped = raw.strip()
        if not stripped or RULE.match(stripped):
            close()
            continue
        heading = HEADING.match(stripped)
        if heading:
            close()
            level = min(max(len(heading.group(1)), 2), 3)
            blocks.append(Block("heading", level, [clean_inline(heading.group(2))]))
            continue
        if stripped.startswith("|"):
            if current is None or current.kind != "table":
                close()
                current = Block("table")
            if TABLE_SEPARATOR.match(stripped):
                if len(current.rows) == 1:
                    current.header = True
                    current.hint = [cell.count("-") for cell in split_row(stripped)]
                continue
            current.rows.append(split_row(stripped))
            continue
        if BLANK_ONLY.match(stripped):
            close()
            blocks.append(Block("line"))
            continue
        bullet = BULLET.match(raw)
        numbered = NUMBERED.match(raw)
        if bullet or numbered:
            close()
            if bullet:
                indent, body, marker = bullet.group(1), bullet.group(2), "\u2022"
            else:
                indent, body = numbered.group(1), numbered.group(3)
                marker = numbered.group(2) + "."
            body = clean_inline(body)
            if body.startswith((BOX, BOX_CHECKED)):
                marker = ""
            level = 1 if len(indent.expandtabs(4)) >= 2 else 0
            current = Block("item", level, [body], marker)
            continue
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ")
        body = clean_inline(stripped)
        if current is not None and current.kind == "table":
            close()
        if current is None:
            current = Block("paragraph", 0, [body])
        elif keeps_own_line(body) or keeps_own_line(current.lines[-1]):
            current.lines.append(body)
        else:
            current.lines[-1] += " " + body
    close()
    return Document(title, blocks)


def split_bold(text: str) -> list[tuple[str, bool]]:
    """Split text into (text, bold) runs on **markers**."""
    parts = re.split(r"\*\*(.+?)\*\*", text)
    runs = [(part, index % 2 == 1) for index, part in enumerate(parts)]
    return [(part.replace("**", ""), bold) for part, bold in runs if part]


# --------------------------------------------------------------------------------------
# Font metrics (Helvetica AFM widths, 1/1000 em), used by the PDF layout and for table
# column widths in every format
# --------------------------------------------------------------------------------------

_ASCII_REGULAR = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
_ASCII_BOLD = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]
# (regular, bold) for the non-ASCII characters of Windows-1252 that Norwegian text uses
_EXTRA_WIDTHS = {
    "æ": (889, 889), "ø": (611, 611), "å": (556, 556),
    "Æ": (1000, 1000), "Ø": (778, 778), "Å": (667, 722),
    "ä": (556, 556), "ö": (556, 611), "ü": (556, 611), "Ä": (667, 722),
    "Ö": (778, 778), "Ü": (722, 722), "é": (556, 556), "è": (556, 556),
    "É": (667, 667), "á": (556, 556), "ó": (556, 611), "ñ": (556, 611),
    "ç": (500, 556), "–": (556, 556), "—": (1000, 1000), "«": (556, 556),
    "»": (556, 556), "•": (350, 350), "“": (333, 500), "”": (333, 500),
    "‘": (222, 278), "’": (222, 278), "°": (400, 400), "§": (556, 556),
    "\xa0": (278, 278), "…": (1000, 1000), "€": (556, 556), "×": (584, 584),
    "±": (584, 584), "½": (834, 834),
}
_DEFAULT_WIDTH = 556

# Characters outside Windows-1252 that sources may contain, and what PDF shows instead
_PDF_SUBSTITUTES = {
    "\u2192": "->", "\u2190": "<-", "\u2264": "<=", "\u2265": ">=", "\u2212": "-",
    "\u2010": "-", "\u2011": "-", "\u2009": " ", "\u202f": " ", "\u200b": "",
    "\u00ad": "", "\u2713": "x", "\u2714": "x",
}


def char_width(char: str, bold: bool) -> int:
    code = ord(char)
    if 32 <= code <= 126:
        return (_ASCII_BOLD if bold else _ASCII_REGULAR)[code - 32]
    widths = _EXTRA_WIDTHS.get(char)
    if widths:
        return widths[1 if bold else 0]
    return _DEFAULT_WIDTH


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(char_width(char, bold) for char in text) * size / 1000.0


def table_widths(block: Block, total: float, size: float) -> list[float]:
    """Column widths for a table block.

    Unequal dash counts in the separator line (|---|----------|) set relative widths,
    as in pandoc; otherwise the widths follow how much text each column holds.
    """
    hint = block.hint
    if len(hint) != len(block.rows[0]) or len(set(hint)) == 1:
        return column_widths(block.rows, total, size)
    widths = [total * dashes / sum(hint) for dashes in hint]
    # widen a column whose longest word would not fit, taking the room from the others
    needed = [max(text_width(word, size, True) for row in block.rows
                  for word in (row[index].replace("**", "").split() or [""])) + 2 * TABLE_PAD
              for index in range(len(hint))]
    short = [index for index, width in enumerate(widths) if width < needed[index]]
    if short and sum(needed) < total:
        extra = sum(needed[index] - widths[index] for index in short)
        spare = sum(widths[i] - needed[i] for i in range(len(widths)) if i not in short)
        for index in range(len(widths)):
            if index in short:
                widths[index] = needed[index]
            elif spare > 0:
                widths[index] -= extra * (widths[index] - needed[index]) / spare
    return widths


def column_widths(rows: list[list[str]], total: float, size: float) -> list[float]:
    """Share `total` between the table's columns by how much text each holds."""
    count = len(rows[0])
    natural = [0.0] * count
    minimum = [0.0] * count
    for row in rows:
        for index, cell in enumerate(row):
            plain = cell.replace("**", "")
            natural[index] = max(natural[index], text_width(plain, size))
            if "___" in plain:  # a blank to write on wants room
                natural[index] = max(natural[index], total * 0.35)
            words = plain.split() or [""]
            longest = max(text_width(word, size) for word in words)
            minimum[index] = max(minimum[index], min(longest, total / count))
    for index in range(count):
        if all(not row[index] for row in rows[1:]):  # a column left empty to write in
            natural[index] = max(natural[index], total * 0.3)
            minimum[index] = max(minimum[index], total * 0.12)
    padding = 2 * size
    natural = [max(width, 2 * size) + padding for width in natural]
    minimum = [max(width, 2 * size) + padding for width in minimum]
    if sum(natural) <= total:
        extra = total - sum(natural)
        return [width + extra * width / sum(natural) for width in natural]
    if sum(minimum) >= total:
        return [total * width / sum(minimum) for width in minimum]
    spare = total - sum(minimum)
    flexible = [n - m for n, m in zip(natural, minimum)]
    share = sum(flexible) or 1.0
    return [m + spare * f / share for m, f in zip(minimum, flexible)]


# --------------------------------------------------------------------------------------
# PDF writer
# --------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 62.0, 64.0, 72.0
CONTENT_W = PAGE_W - 2 * MARGIN_X
BODY_SIZE, TABLE_SIZE, FOOTER_SIZE = 10.5, 9.5, 8.0
TABLE_PAD = 4.0
TITLE_SIZE, HEADING_SIZES = 17.0, {2: 13.0, 3: 11.5}
LEADING = 1.38  # line height as a multiple of the font size
HEADING_COLOUR = "0.08 0.22 0.40 rg"
BLACK = "0 0 0 rg"
GREY_TEXT = "0.35 0.35 0.35 rg"


def fmt(value: float) -> str:
    """A number for the content stream: short and always the same for the same value."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def pdf_string(text: str) -> str:
    """A PDF literal string in WinAnsiEncoding (Windows-1252), escaped."""
    for char, substitute in _PDF_SUBSTITUTES.items():
        text = text.replace(char, substitute)
    out = []
    for byte in text.encode("cp1252", errors="replace"):
        if byte in (0x28, 0x29, 0x5C):
            out.append("\\" + chr(byte))
        elif 32 <= byte <= 126:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def pdf_text_string(text: str) -> str:
    """A PDF text string for metadata: UTF-16BE with byte order mark, as hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@dataclass
class Token:
    """A unit of line breaking: a word, a checkbox or a blank to write on."""

    kind: str  # "word", "box", "blank"
    text: str
    bold: bool
    width: float


def tokenize(text: str, size: float, bold: bool = False) -> list[Token]:
    tokens = []
    for run, run_bold in split_bold(text):
        for word in run.split():
            tokens.extend(_word_tokens(word, bold or run_bold, size))
    return tokens


def _word_tokens(word: str, bold: bool, size: float) -> list[Token]:
    """Split a word into text, checkbox and blank pieces (e.g. 'Dato:____')."""
    tokens = []
    for piece in re.split(f"(_{{3,}}|[{BOX}{BOX_CHECKED}])", word):
        if not piece:
            continue
        if piece in (BOX, BOX_CHECKED):
            tokens.append(Token("box", piece, bold, size * 0.85))
        elif piece.startswith("___"):
            tokens.append(Token("blank", piece, bold, len(piece) * size * 0.5))
        else:
            tokens.append(Token("word", piece, bold, text_width(piece, size, bold)))
    return tokens


def wrap(tokens: list[Token], width: float, size: float) -> list[list[Token]]:
    """Greedy line breaking; over-long words are hyphenated, over-long blanks shortened."""
    space = text_width(" ", size)
    lines: list[list[Token]] = [[]]
    used = 0.0
    for long_token in tokens:
        for token in _fit(long_token, width, size):
            extra = token.width + (space if lines[-1] else 0.0)
            if lines[-1] and used + extra > width:
                lines.append([])
                used, extra = 0.0, token.width
            lines[-1].append(token)
            used += extra
    return lines


def _fit(token: Token, width: float, size: float) -> list[Token]:
    """The token as pieces no wider than `width`."""
    if token.width <= width:
        return [token]
    if token.kind != "word":
        return [Token(token.kind, token.text, token.bold, width)]
    pieces, text = [], token.text
    while text:
        cut = len(text)
        while cut > 1 and text_width(text[:cut] + "-", size, token.bold) > width:
            cut -= 1
        piece = text[:cut] + ("-" if cut < len(text) else "")
        pieces.append(Token("word", piece, token.bold, text_width(piece, size, token.bold)))
        text = text[cut:]
    return pieces


class PdfLayout:
    """Lays out a Document on A4 pages and collects each page's drawing operators."""

    def __init__(self, title: str):
        self.title = title
        self.pages: list[list[str]] = []
        self.y = 0.0
        self.new_page()

    # page handling ------------------------------------------------------------------

    def new_page(self) -> None:
        self.pages.append([])
        self.y = PAGE_H - MARGIN_TOP

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` points still fit above the bottom margin."""
        if self.y - height < MARGIN_BOTTOM and self.y < PAGE_H - MARGIN_TOP:
            self.new_page()

    def emit(self, op: str) -> None:
        self.pages[-1].append(op)

    # drawing primitives -------------------------------------------------------------

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
        font = "F2" if bold else "F1"
        self.emit(f"BT /{font} {fmt(size)} Tf {fmt(x)} {fmt(y)} Td {pdf_string(text)} Tj ET")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.6) -> None:
        self.emit(f"{fmt(width)} w {fmt(x1)} {fmt(y1)} m {fmt(x2)} {fmt(y2)} l S")

    def box(self, x: float, y: float, side: float, checked: bool = False) -> None:
        self.emit(f"0.7 w {fmt(x)} {fmt(y)} {fmt(side)} {fmt(side)} re S")
        if checked:
            self.line(x, y, x + side, y + side, 0.7)
            self.line(x, y + side, x + side, y, 0.7)

    def draw_tokens(self, line: list[Token], x: float, y: float, size: float,
                    right: float, stretch_last_blank: bool) -> None:
        """Draw one wrapped line; its baseline is y."""
        space = text_width(" ", size)
        run: list[str] = []
        run_x, run_bold = x, False

        def flush() -> None:
            if run:
                self.text(run_x, y, " ".join(run), size, run_bold)
                run.clear()

        for index, token in enumerate(line):
            if index:
                x += space
            if token.kind == "word":
                if run and token.bold != run_bold:
                    flush()
                if not run:
                    run_x, run_bold = x, token.bold
                run.append(token.text)
            else:
                flush()
                if token.kind == "box":
                    side = size * 0.72
                    self.box(x + 0.5, y - size * 0.05, side, token.text == BOX_CHECKED)
                else:
                    end = x + token.width
                    if stretch_last_blank and index == len(line) - 1:
                        end = max(end, right)
                    self.line(x, y - 1.5, end, y - 1.5, 0.5)
            x += token.width
        flush()

    # blocks -------------------------------------------------------------------------

    def paragraph(self, lines: list[str], x: float, width: float, size: float,
                  bold: bool = False, colour: str = BLACK, after: float = 0.0,
                  marker: tuple[float, str] | None = None) -> None:
        """Wrapped text lines; `marker` is a list label (x, text) beside the first line."""
        leading = size * LEADING
        self.emit(colour)
        for source_line in lines:
            wrapped = wrap(tokenize(source_line, size, bold), width, size)
            has_blank = any(t.kind == "blank" for t in wrapped[-1])
            leading_here = leading * 1.5 if has_blank else leading  # room to write by hand
            if len(wrapped) <= 3:
                self.ensure(leading_here * len(wrapped))  # do not split short paragraphs
            for number, tokens in enumerate(wrapped):
                self.ensure(leading_here)
                self.y -= leading_here
                if marker is not None:
                    self.text(marker[0], self.y, marker[1], size)
                    marker = None
                last = number == len(wrapped) - 1
                self.draw_tokens(tokens, x, self.y, size, x + width, last)
        if colour != BLACK:
            self.emit(BLACK)
        self.y -= after

    def title_block(self, title: str) -> None:
        self.paragraph([title], MARGIN_X, CONTENT_W, TITLE_SIZE, True, HEADING_COLOUR)
        self.y -= 6
        self.emit("0.08 0.22 0.40 RG")
        self.line(MARGIN_X, self.y, PAGE_W - MARGIN_X, self.y, 1.0)
        self.emit("0 0 0 RG")
        self.y -= 8

    def heading(self, block: Block) -> None:
        size = HEADING_SIZES[block.level]
        self.y -= size * 0.9
        self.ensure(size * LEADING + 3 * BODY_SIZE * LEADING)  # keep with next
        self.paragraph(block.lines, MARGIN_X, CONTENT_W, size, True, HEADING_COLOUR, 2)

    def item(self, block: Block) -> None:
        indent = MARGIN_X + 4 + block.level * 16
        text_x, marker = indent, None
        if block.marker:
            text_x = indent + max(14, text_width(block.marker, BODY_SIZE) + 5)
            marker = (indent, block.marker)
        self.paragraph(block.lines, text_x, PAGE_W - MARGIN_X - text_x, BODY_SIZE,
                       after=2, marker=marker)

    def writing_line(self) -> None:
        self.ensure(BODY_SIZE * 2.4)
        self.y -= BODY_SIZE * 2.4
        self.line(MARGIN_X, self.y, PAGE_W - MARGIN_X, self.y, 0.5)
        self.y -= 2

    def table(self, block: Block) -> None:
        size = TABLE_SIZE
        widths = table_widths(block, CONTENT_W, size)
        self.y -= 4
        header = block.rows[0] if block.header else None
        for index, row in enumerate(block.rows):
            is_header = header is not None and index == 0
            cells, height = self._table_cells(row, widths, size, is_header)
            if self.y - height < MARGIN_BOTTOM and self.y < PAGE_H - MARGIN_TOP:
                self.new_page()
                if header is not None and not is_header:
                    self._table_row(header, widths, size, True)
            self._table_row(row, widths, size, is_header)
        self.y -= 8

    @staticmethod
    def _table_cells(row, widths, size, bold):
        """Each cell's wrapped lines, and the row height (room to write in empty rows)."""
        pad, leading = TABLE_PAD, size * LEADING
        cells = [wrap(tokenize(cell, size, bold), width - 2 * pad, size)
                 for cell, width in zip(row, widths)]
        height = max(len(lines) for lines in cells) * leading + 2 * pad
        return cells, max(height, leading * 1.6 + pad)

    def _table_row(self, row, widths, size, is_header) -> None:
        pad, leading = TABLE_PAD, size * LEADING
        cells, height = self._table_cells(row, widths, size, is_header)
        top, x = self.y, MARGIN_X
        if is_header:
            self.emit(f"0.9 g {fmt(MARGIN_X)} {fmt(top - height)} {fmt(sum(widths))} "
                      f"{fmt(height)} re f 0 g")
        self.emit("0.45 G")
        for width in widths:
            self.emit(f"0.5 w {fmt(x)} {fmt(top - height)} {fmt(width)} {fmt(height)} re S")
            x += width
        self.emit("0 G")
        x = MARGIN_X
        for lines, width in zip(cells, widths):
            baseline = top - pad - size
            for tokens in lines:
                self.draw_tokens(tokens, x + pad, baseline, size, x + width - pad, False)
                baseline -= leading
            x += width
        self.y = top - height

    def footer(self) -> None:
        total = len(self.pages)
        for number, ops in enumerate(self.pages, start=1):
            label = f"Side {number} av {total}"
            label_w = text_width(label, FOOTER_SIZE)
            title = self.title
            room = CONTENT_W - label_w - 20
            while len(title) > 4 and text_width(title, FOOTER_SIZE) > room:
                title = title[:-4].rstrip() + "\u2026"
            y = MARGIN_BOTTOM - 30
            ops.append(GREY_TEXT)
            ops.append("0.7 G")
            ops.append(f"0.4 w {fmt(MARGIN_X)} {fmt(y + 11)} m {fmt(PAGE_W - MARGIN_X)} "
                       f"{fmt(y + 11)} l S")
            ops.append(f"BT /F1 {fmt(FOOTER_SIZE)} Tf {fmt(MARGIN_X)} {fmt(y)} Td "
                       f"{pdf_string(title)} Tj ET")
            ops.append(f"BT /F1 {fmt(FOOTER_SIZE)} Tf {fmt(PAGE_W - MARGIN_X - label_w)} "
                       f"{fmt(y)} Td {pdf_string(label)} Tj ET")


def layout_pdf(doc: Document) -> list[list[str]]:
    layout = PdfLayout(doc.title)
    layout.title_block(doc.title)
    previous = ""
    for block in doc.blocks:
        if previous == "item" and block.kind != "item":
            layout.y -= 5  # space after a list
        previous = block.kind
        if block.kind == "heading":
            layout.heading(block)
        elif block.kind == "paragraph":
            layout.paragraph(block.lines, MARGIN_X, CONTENT_W, BODY_SIZE, after=6)
        elif block.kind == "item":
            layout.item(block)
        elif block.kind == "line":
            layout.writing_line()
        elif block.kind == "table":
            layout.table(block)
    layout.footer()
    return layout.pages


def write_pdf(doc: Document) -> bytes:
    """Serialise the laid-out pages as a PDF 1.4 file with a correct xref table."""
    pages = layout_pdf(doc)
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>"
    first_page = 6
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R /Lang ({LANGUAGE}) "
        "/ViewerPreferences << /DisplayDocTitle true >> >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>",
        font.format("Helvetica"),
        font.format("Helvetica-Bold"),
        f"<< /Title {pdf_text_string(doc.title)} /Producer (kursportal make-attachments.py) >>",
    ]
    for index, ops in enumerate(pages):
        stream = ("\n".join(ops) + "\n").encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {fmt(PAGE_W)} {fmt(PAGE_H)}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            f"/Contents {first_page + 2 * index + 1} 0 R >>"
        )
        objects.append(stream)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii")
        if isinstance(body, bytes):
            out += f"<< /Length {len(body)} >>\nstream\n".encode("ascii")
            out += body + b"endstream"
        else:
            out += body.encode("ascii")
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode("ascii")
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("ascii")
    return bytes(out)


# --------------------------------------------------------------------------------------
# Zip packaging shared by ODT and DOCX
# --------------------------------------------------------------------------------------


def write_zip(entries: list[tuple[str, str]], stored_first: bool = False) -> bytes:
    """A zip with fixed dates and attributes, so the bytes never change for the same input."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, text) in enumerate(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            stored = stored_first and index == 0
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def xml(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


# --------------------------------------------------------------------------------------
# ODT writer (OpenDocument Text 1.2)
# --------------------------------------------------------------------------------------

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
ODT_TEXT_WIDTH_CM = 17.0

ODT_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ODF_NS} office:version="1.2">
<office:font-face-decls>
<style:font-face style:name="Liberation Sans" svg:font-family="&apos;Liberation Sans&apos;" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>
<style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="nb" fo:country="NO"/>
</style:default-style>
<style:default-style style:family="table-cell">
<style:table-cell-properties fo:padding="0.1cm"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.25cm" fo:line-height="125%"/>
</style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="chapter">
<style:paragraph-properties fo:margin-bottom="0.4cm" fo:padding-bottom="0.1cm" fo:border-bottom="1pt solid #143866"/>
<style:text-properties fo:font-size="18pt" fo:font-weight="bold" fo:color="#143866"/>
</style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text">
<style:paragraph-properties fo:margin-top="0.45cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/>
<style:text-properties fo:font-weight="bold" fo:color="#143866"/>
</style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1" style:class="text">
<style:text-properties fo:font-size="13.5pt"/>
</style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text">
<style:text-properties fo:font-size="12pt"/>
</style:style>
<style:style style:name="List_20_Contents" style:display-name="List Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="list">
<style:paragraph-properties fo:margin-bottom="0.1cm"/>
</style:style>
<style:style style:name="Checklist_0" style:display-name="Checklist" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:margin-left="0.2cm" fo:margin-bottom="0.15cm"/>
</style:style>
<style:style style:name="Checklist_1" style:display-name="Checklist 2" style:family="paragraph" style:parent-style-name="Checklist_0">
<style:paragraph-properties fo:margin-left="0.9cm"/>
</style:style>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
<style:paragraph-properties fo:margin-bottom="0cm"/>
<style:text-properties fo:font-size="10pt"/>
</style:style>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
<style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Writing_20_line" style:display-name="Writing line" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:margin-top="0.6cm" fo:margin-bottom="0.1cm" fo:border-bottom="0.5pt solid #000000" fo:padding="0cm" style:join-border="false"/>
</style:style>
<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text">
<style:text-properties fo:font-weight="bold"/>
</style:style>
<text:list-style style:name="Bullets">
<text:list-level-style-bullet text:level="1" text:bullet-char="•">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.8cm" fo:text-indent="-0.5cm" fo:margin-left="0.8cm"/>
</style:list-level-properties>
</text:list-level-style-bullet>
<text:list-level-style-bullet text:level="2" text:bullet-char="–">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.5cm" fo:text-indent="-0.5cm" fo:margin-left="1.5cm"/>
</style:list-level-properties>
</text:list-level-style-bullet>
</text:list-style>
<text:list-style style:name="Numbers">
<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.8cm" fo:text-indent="-0.6cm" fo:margin-left="0.8cm"/>
</style:list-level-properties>
</text:list-level-style-number>
<text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="a">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.5cm" fo:text-indent="-0.6cm" fo:margin-left="1.5cm"/>
</style:list-level-properties>
</text:list-level-style-number>
</text:list-style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1">
<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
</style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1"/>
</office:master-styles>
</office:document-styles>
"""

ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def odt_inline(text: str) -> str:
    out = []
    for run, bold in split_bold(text):
        if bold:
            out.append(f'<text:span text:style-name="Strong_20_Emphasis">{xml(run)}</text:span>')
        else:
            out.append(xml(run))
    return "".join(out)


def odt_lines(lines: list[str]) -> str:
    return "<text:line-break/>".join(odt_inline(line) for line in lines)


def odt_list(items: list[Block]) -> str:
    """Nested text:list elements for a run of list items."""
    style = "Numbers" if item_type(items[0]) == "number" else "Bullets"
    out = [f'<text:list text:style-name="{style}">']
    index = 0
    while index < len(items):
        item = items[index]
        out.append(f'<text:list-item><text:p text:style-name="List_20_Contents">'
                   f"{odt_lines(item.lines)}</text:p>")
        children = []
        index += 1
        while index < len(items) and items[index].level > item.level:
            children.append(items[index])
            index += 1
        if children:
            out.append(odt_list(children))
        out.append("</text:list-item>")
    out.append("</text:list>")
    return "".join(out)


def odt_table(block: Block, number: int, auto_styles: list[str]) -> str:
    name = f"Tabell{number}"
    widths = table_widths(block, CONTENT_W, TABLE_SIZE)
    total = sum(widths)
    auto_styles.append(
        f'<style:style style:name="{name}" style:family="table">'
        f'<style:table-properties style:width="{ODT_TEXT_WIDTH_CM}cm" table:align="margins" '
        'fo:margin-bottom="0.3cm"/>'
        "</style:style>"
    )
    columns = []
    for index, width in enumerate(widths):
        cm = ODT_TEXT_WIDTH_CM * width / total
        auto_styles.append(
            f'<style:style style:name="{name}.C{index + 1}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{cm:.3f}cm" '
            f'style:rel-column-width="{round(width * 100)}*"/></style:style>'
        )
        columns.append(f'<table:table-column table:style-name="{name}.C{index + 1}"/>')
    out = [f'<table:table table:name="{name}" table:style-name="{name}">', *columns]
    for row_index, row in enumerate(block.rows):
        is_header = block.header and row_index == 0
        cell_style = "CelleHode" if is_header else "Celle"
        para_style = "Table_20_Heading" if is_header else "Table_20_Contents"
        if is_header:
            out.append("<table:table-header-rows>")
        out.append('<table:table-row table:style-name="Rad">')
        for cell in row:
            out.append(f'<table:table-cell table:style-name="{cell_style}" '
                       f'office:value-type="string"><text:p text:style-name="{para_style}">'
                       f"{odt_inline(cell)}</text:p></table:table-cell>")
        out.append("</table:table-row>")
        if is_header:
            out.append("</table:table-header-rows>")
    out.append("</table:table>")
    return "".join(out)


def write_odt(doc: Document) -> bytes:
    auto_styles = [
        '<style:style style:name="Celle" style:family="table-cell">'
        '<style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #737373"/>'
        "</style:style>",
        '<style:style style:name="CelleHode" style:family="table-cell">'
        '<style:table-cell-properties fo:background-color="#e6e6e6" fo:padding="0.1cm" '
        'fo:border="0.5pt solid #737373"/></style:style>',
        '<style:style style:name="Rad" style:family="table-row">'
        '<style:table-row-properties style:min-row-height="0.75cm"/></style:style>',
    ]
    body = [f'<text:p text:style-name="Title">{xml(doc.title)}</text:p>']
    tables = 0
    index = 0
    blocks = doc.blocks
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "heading":
            level = block.level - 1  # "##" is the first level under the title
            body.append(f'<text:h text:style-name="Heading_20_{level}" '
                        f'text:outline-level="{level}">{odt_lines(block.lines)}</text:h>')
        elif block.kind == "paragraph":
            body.append(f'<text:p text:style-name="Text_20_body">{odt_lines(block.lines)}</text:p>')
        elif block.kind == "line":
            body.append('<text:p text:style-name="Writing_20_line"/>')
        elif block.kind == "table":
            tables += 1
            body.append(odt_table(block, tables, auto_styles))
        elif block.kind == "item":
            items = _list_run(blocks, index)
            if item_type(items[0]) == "check":
                body.extend(f'<text:p text:style-name="Checklist_{min(i.level, 1)}">'
                            f"{odt_lines(i.lines)}</text:p>" for i in items)
            else:
                body.append(odt_list(items))
            index += len(items)
            continue
        index += 1
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODF_NS} '
        f'office:version="1.2">\n<office:automatic-styles>\n' + "\n".join(auto_styles)
        + "\n</office:automatic-styles>\n<office:body>\n<office:text>\n"
        + "\n".join(body) + "\n</office:text>\n</office:body>\n</office:document-content>\n"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ODF_NS} '
        f'office:version="1.2"><office:meta><dc:title>{xml(doc.title)}</dc:title>'
        f"<dc:language>{LANGUAGE}</dc:language>"
        "<meta:generator>kursportal make-attachments.py</meta:generator>"
        "</office:meta></office:document-meta>\n"
    )
    return write_zip([
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", content),
        ("styles.xml", ODT_STYLES),
        ("meta.xml", meta),
        ("META-INF/manifest.xml", ODT_MANIFEST),
    ], stored_first=True)


def item_type(block: Block) -> str:
    if not block.marker:
        return "check"
    return "number" if block.marker[:1].isdigit() else "bullet"


def _list_run(blocks: list[Block], start: int) -> list[Block]:
    """The consecutive list items from `start` that form one list (same kind of marker)."""
    first = blocks[start]
    run = [first]
    for block in blocks[start + 1:]:
        if block.kind != "item":
            break
        if block.level == 0 and item_type(block) != item_type(first):
            break
        run.append(block)
    return run


# --------------------------------------------------------------------------------------
# DOCX writer (Office Open XML WordprocessingML)
# --------------------------------------------------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_TEXT_WIDTH = 9638  # twentieths of a point: A4 less 2 cm margins
DOCX_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
"""
DOCX_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>
"""
DOCX_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"""


def _docx_heading_style(style_id: str, name: str, size: int, outline: int | None) -> str:
    outline_xml = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/>{outline_xml}</w:pPr>'
        f'<w:rPr><w:b/><w:bCs/><w:color w:val="143866"/><w:sz w:val="{size}"/>'
        f'<w:szCs w:val="{size}"/></w:rPr></w:style>'
    )


DOCX_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W_NS}>'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
    f'<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="{LANGUAGE}"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="120" w:line="276" w:lineRule="auto"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" w:color="143866"/></w:pBdr>'
    '<w:spacing w:after="240"/></w:pPr>'
    '<w:rPr><w:b/><w:bCs/><w:color w:val="143866"/><w:sz w:val="36"/><w:szCs w:val="36"/>'
    "</w:rPr></w:style>"
    + _docx_heading_style("Heading1", "heading 1", 27, 0)
    + _docx_heading_style("Heading2", "heading 2", 24, 1)
    + '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>'
    '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/>'
    '<w:ind w:left="567" w:hanging="283"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/>'
    '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
    "</w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
    'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    "</w:tblPr></w:style>"
    "</w:styles>\n"
)


def docx_runs(text: str) -> str:
    out = []
    for run, bold in split_bold(text):
        props = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
        out.append(f'<w:r>{props}<w:t xml:space="preserve">{xml(run)}</w:t></w:r>')
    return "".join(out)


def docx_paragraph(lines: list[str], style: str = "", extra_ppr: str = "",
                   prefix: str = "") -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += extra_ppr
    runs = "<w:r><w:br/></w:r>".join(docx_runs(line) for line in lines)
    if prefix:
        runs = f"<w:r><w:t>{xml(prefix)}</w:t><w:tab/></w:r>" + runs
    ppr_xml = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr_xml}{runs}</w:p>"


def docx_table(block: Block) -> str:
    widths = table_widths(block, CONTENT_W, TABLE_SIZE)
    total = sum(widths)
    twips = [round(DOCX_TEXT_WIDTH * width / total) for width in widths]
    twips[-1] = DOCX_TEXT_WIDTH - sum(twips[:-1])
    border = 'w:val="single" w:sz="4" w:space="0" w:color="737373"'
    out = [
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{DOCX_TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>'
        f"<w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>"
        f"<w:insideH {border}/><w:insideV {border}/></w:tblBorders>"
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
        '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>"
    ]
    for row_index, row in enumerate(block.rows):
        is_header = block.header and row_index == 0
        height = 510 if any(not cell or "___" in cell for cell in row) else 397
        trpr = f'<w:trPr><w:cantSplit/><w:trHeight w:val="{height}"/>'
        trpr += "<w:tblHeader/></w:trPr>" if is_header else "</w:trPr>"
        out.append(f"<w:tr>{trpr}")
        for cell, width in zip(row, twips):
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="E6E6E6"/>' if is_header else ""
            text = f"**{cell}**" if is_header and cell else cell
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                       f"{docx_paragraph([text], 'TableText')}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    out.append('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')
    return "".join(out)


def write_docx(doc: Document) -> bytes:
    body = [docx_paragraph([doc.title], "Title")]
    numbers = [0, 0]
    for block in doc.blocks:
        if block.kind != "item":
            numbers = [0, 0]
        if block.kind == "heading":
            level = block.level - 1  # "##" is the first level under the title
            body.append(docx_paragraph(block.lines, f"Heading{level}"))
        elif block.kind == "paragraph":
            body.append(docx_paragraph(block.lines))
        elif block.kind == "line":
            # a tab to the right margin with an underline leader: unlike a paragraph
            # border, consecutive writing lines are not merged into one
            body.append(f'<w:p><w:pPr><w:tabs><w:tab w:val="right" w:leader="underscore" '
                        f'w:pos="{DOCX_TEXT_WIDTH}"/></w:tabs><w:spacing w:before="240" '
                        'w:after="60"/></w:pPr><w:r><w:tab/></w:r></w:p>')
        elif block.kind == "table":
            body.append(docx_table(block))
        elif block.kind == "item":
            prefix = ""
            if block.marker.endswith("."):
                numbers[block.level] += 1
                if block.level == 0:
                    numbers[1] = 0
                prefix = f"{numbers[block.level]}."
            elif block.marker:
                prefix = block.marker
            left = 567 + 425 * block.level
            ind = f'<w:ind w:left="{left}" w:hanging="283"/>'
            if not block.marker:
                ind = f'<w:ind w:left="{left - 283}"/>'
            body.append(docx_paragraph(block.lines, "ListParagraph", ind, prefix))
    body.append(
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
        'w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
    )
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W_NS}>'
                f"<w:body>{''.join(body)}</w:body></w:document>\n")
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml(doc.title)}</dc:title><dc:language>{LANGUAGE}</dc:language>"
        "</cp:coreProperties>\n"
    )
    return write_zip([
        ("[Content_Types].xml", DOCX_CONTENT_TYPES),
        ("_rels/.rels", DOCX_RELS),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCX_DOCUMENT_RELS),
        ("word/styles.xml", DOCX_STYLES),
        ("docProps/core.xml", core),
    ])


# --------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------

WRITERS = {"pdf": write_pdf, "odt": write_odt, "docx": write_docx}


def target_for(source: Path) -> Path:
    """scripts/attachments/a/b/name.pdf.md -> content/a/b/name.pdf"""
    relative = source.resolve().relative_to(SOURCE_DIR)
    return CONTENT_DIR / relative.with_suffix("")


def build(source: Path) -> Path:
    name = _display(source)
    fmt_name = source.with_suffix("").suffix.lstrip(".").lower()
    if fmt_name not in WRITERS:
        raise SourceError(f"{name}: the name must end in one of "
                          f"{', '.join('.' + f + '.md' for f in FORMATS)}")
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"{name}: not valid UTF-8 text ({error.reason} at byte {error.start})")
    except OSError as error:
        raise SourceError(f"{name}: cannot read the file ({error.strerror})")
    document = parse(text, name)
    target = target_for(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(WRITERS[fmt_name](document))
    return target


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str]) -> int:
    if any(arg in ("-h", "--help") for arg in argv):
        print(__doc__.strip())
        return 0
    if argv:
        sources = [Path(arg) for arg in argv]
        outside = [s for s in sources if SOURCE_DIR not in s.resolve().parents]
        if outside:
            print(f"error: {_display(outside[0])} is not under {_display(SOURCE_DIR)}/",
                  file=sys.stderr)
            return 2
    else:
        if not SOURCE_DIR.is_dir():
            print(f"error: no source folder {_display(SOURCE_DIR)}/", file=sys.stderr)
            return 2
        sources = sorted(SOURCE_DIR.rglob("*.md"))
    failures = 0
    for source in sources:
        try:
            target = build(source)
        except SourceError as error:
            print(f"error: {error}", file=sys.stderr)
            failures += 1
            continue
        print(f"wrote {_display(target)}")
    if failures:
        print(f"{failures} of {len(sources)} source(s) failed; the others were written",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
