"""Reading an uploaded table: Excel (.xlsx), CSV/TSV in any encoding old Chinese systems write, and the HTML
tables some of them save under an ``.xls`` name.

The format is found from the content, not the file name. CSV text is decoded as UTF-8 (with or without BOM),
UTF-16 (with BOM), or GB18030 (a superset of GBK and GB2312); a file whose lines mix UTF-8 and GBK — old
systems that appended exports of different versions — is decoded line by line.

``.xlsx`` sheets are streamed with expat straight from the zip (openpyxl's reader is about five times
slower, which matters at 100,000 rows): shared strings, inline strings, numbers, booleans and dates (cell
styles with a date format, including the Chinese built-in formats 27–36 and 50–58) come out as Python
values. Rows come out one at a time, so a 200,000-row file never sits in memory as one list.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from xml.parsers import expat

from yimei.core.errors import BusinessError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
# Uncompressed size of the sheet and its strings; a 20 MB .xlsx of real data stays far below this.
MAX_XLSX_XML_BYTES = 600 * 1024 * 1024

Cell = str | int | float | bool | date | datetime | None


class FileProblem(BusinessError):
    """The file cannot be read as a table (format, encoding, size, structure)."""

    code = "import_file"


@dataclass
class Table:
    format: str  # xlsx | csv | html
    encoding: str  # how a text file was decoded; "" for .xlsx
    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]  # (row number as Excel shows it, cells under the headers)
    estimated_rows: int | None = None  # rows after the header, as far as can be told before reading them


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_blank(cells: list[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header_text(value: Cell, index: int) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\ufeff", "").strip()
    return text or f"（空列 {column_letter(index)}）"


def open_table(data: bytes, *, row_limit: int | None = None) -> Table:
    """Read ``data`` as a table: the first non-empty row is the header; rows after it are the data."""
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(f"文件大小 {len(data) / 1024 / 1024:.1f} MB，超过 20 MB 上限，请拆分后分批导入。",
                          code="file_too_large")
    if not data.strip():
        raise FileProblem("文件是空的。", code="empty_file")
    if data[:4] == b"PK\x03\x04":
        rows, fmt, encoding = _xlsx_rows(data), "xlsx", ""
        estimate = _xlsx_dimension(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem("不支持旧版 Excel 97-2003（.xls）文件，或文件已加密。请在 Excel 中“另存为”"
                          ".xlsx 或 CSV（UTF-8）后上传。", code="unsupported_format")
    else:
        text, encoding = decode_text(data)
        head = text.lstrip()[:2000].lower()
        if head.startswith("<") and "<table" in text[:200_000].lower():
            rows, fmt = _html_rows(text), "html"
            estimate = text.lower().count("<tr")
        else:
            rows, fmt = _csv_rows(text), "csv"
            estimate = text.count("\n") + (0 if text.endswith("\n") else 1)
    for number, cells in rows:
        if _is_blank(cells):
            continue
        width = len(cells)
        while width and _is_blank(cells[width - 1:width]):
            width -= 1
        headers = [_header_text(v, i) for i, v in enumerate(cells[:width])]
        rows_left = max(estimate - number, 0) if estimate else None
        return Table(fmt, encoding, headers, _limited(rows, row_limit or MAX_ROWS), rows_left)
    raise FileProblem("文件中没有表头行（第一行应为列名，如“姓名”“手机号”）。", code="empty_file")


def _limited(rows: Iterator[tuple[int, list[Cell]]], limit: int) -> Iterator[tuple[int, list[Cell]]]:
    count = 0
    for number, cells in rows:
        if _is_blank(cells):
            continue
        count += 1
        if count > limit:
            raise FileProblem(f"文件超过 {limit:,} 行数据的上限，请拆分成多个文件分批导入。", code="too_many_rows")
        yield number, cells


# --- text files -----------------------------------------------------------------------------------

ENCODING_LABELS = {"utf-8-sig": "UTF-8（带 BOM）", "utf-8": "UTF-8", "utf-16": "UTF-16", "gb18030": "GBK/GB18030",
                   "mixed": "UTF-8 与 GBK 混合"}


_CHINESE_TEXT = re.compile(r"^[\x00-\x7f\u00b7\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]*$")


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _reads_as_chinese(text: str) -> bool:
    return bool(_CHINESE_TEXT.match(text))


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file; returns the text and the encoding's label."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ENCODING_LABELS["utf-16"]
        except UnicodeDecodeError:
            raise FileProblem("文件以 UTF-16 标记开头，但内容无法按 UTF-16 解码。", code="bad_encoding") from None
    label = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data, label = data[3:], "utf-8-sig"
    try:
        text = data.decode("utf-8")
        # A whole file that is valid UTF-8 and holds Chinese as UTF-8 is UTF-8 (accents and emoji included);
        # GBK text is almost never valid UTF-8 throughout, except for a few short runs (see below).
        if _reads_as_chinese(text) or _CJK.search(text):
            return text, ENCODING_LABELS[label]
    except UnicodeDecodeError:
        pass
    # GBK/GB18030 (old Chinese systems, Excel's "CSV" on Chinese Windows), or lines of both. 0x0A is never
    # part of a multi-byte character in either encoding, so splitting on it is safe. Short GBK byte runs can
    # also be valid UTF-8 (女 = C5 AE reads as "Ů"), so a line is taken as UTF-8 when that reads as Chinese
    # text, as GBK when that does, and otherwise as whichever decodes.
    decoded: list[str] = []
    kinds = set()
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            decoded.append(line.decode("ascii"))
            continue
        utf8 = _try_decode(line, "utf-8")
        if utf8 is not None and _reads_as_chinese(utf8):
            decoded.append(utf8)
            kinds.add("utf-8")
            continue
        gbk = _try_decode(line, "gb18030")
        if gbk is not None and (utf8 is None or _reads_as_chinese(gbk)):
            decoded.append(gbk)
            kinds.add("gb18030")
        elif utf8 is not None:
            decoded.append(utf8)
            kinds.add("utf-8")
        else:
            raise FileProblem(f"第 {number} 行无法识别文字编码。请在 Excel 或记事本中“另存为” UTF-8 或 GBK 编码的 "
                              "CSV 后重新上传。", code="bad_encoding")
    if kinds == {"utf-8", "gb18030"}:
        label = "mixed"
    elif kinds == {"gb18030"}:
        label = "gb18030"
    return "\n".join(decoded), ENCODING_LABELS[label]


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


_FORMULA_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)


def _unwrap(value: str) -> str:
    # ="013800138000": the Excel trick old systems use to keep long numbers as text.
    if value.startswith('="'):
        match = _FORMULA_TEXT.match(value)
        if match:
            return match.group(1).replace('""', '"')
    return value


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str) -> Iterator[tuple[int, list[Cell]]]:
    text = text.replace("\x00", "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [_unwrap(v) for v in row[:MAX_COLUMNS]]
    except csv.Error as error:
        raise FileProblem(f"CSV 格式有误（第 {reader.line_num} 行附近）：引号不成对或分隔符混乱。请用 Excel 打开后"
                          "另存为 CSV 再上传。", code="bad_csv") from error


class _TableParser(HTMLParser):
    """Rows of the first HTML table: what "导出 Excel" of many old systems really writes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._tables = 0
        self._done = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self._done:
            return
        if tag == "table":
            self._tables += 1
        elif tag == "tr" and self._tables == 1:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._done:
            return
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row[:MAX_COLUMNS])
            self._row = None
        elif tag == "table":
            self._tables -= 1
            if self._tables == 0:
                self._done = True

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _html_rows(text: str) -> Iterator[tuple[int, list[Cell]]]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    for number, row in enumerate(parser.rows, start=1):
        yield number, list(row)


# --- .xlsx ----------------------------------------------------------------------------------------

# Built-in number formats that are dates or times, including those of Chinese Excel (27–36, 50–58).
_DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _local(name: str) -> str:
    """Element name without its namespace (expat reports ``uri local`` with a namespace separator)."""
    return name.rpartition(" ")[2]


def _is_date_format(code: str) -> bool:
    code = _QUOTED.sub("", code).lower()
    return code != "general" and any(ch in code for ch in "ymdhs")


def _parse_xml(data: bytes, start, end=None, chars=None) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if chars:
        parser.CharacterDataHandler = chars
    parser.Parse(data, True)


class _Workbook:
    """What is needed to read the first data sheet: its path, shared strings, date styles, date system."""

    def __init__(self, archive: zipfile.ZipFile, *, contents: bool = True):
        self.archive = archive
        names = set(archive.namelist())
        sheets: list[tuple[str, str]] = []
        self.date1904 = False

        def workbook_start(name: str, attrs: dict) -> None:
            local = _local(name)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                sheets.append((attrs.get("name", ""), rid))
            elif local == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                self.date1904 = True

        if "xl/workbook.xml" not in names:
            raise FileProblem("文件不是有效的 Excel 工作簿（.xlsx）。", code="unsupported_format")
        _parse_xml(archive.read("xl/workbook.xml"), workbook_start)
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in names:
            def rels_start(name: str, attrs: dict) -> None:
                if _local(name) == "Relationship":
                    targets[attrs.get("Id", "")] = attrs.get("Target", "")

            _parse_xml(archive.read("xl/_rels/workbook.xml.rels"), rels_start)
        self.sheet_path = ""
        # The first sheet that is not the template's own notes or sample sheet.
        for _title, rid in sorted(sheets, key=lambda s: s[0] in ("说明", "示例")):
            target = targets.get(rid, "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if path in names:
                self.sheet_path = path
                break
        if not self.sheet_path:
            candidates = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
            if not candidates:
                raise FileProblem("Excel 文件中没有工作表。", code="empty_file")
            self.sheet_path = candidates[0]
        size = archive.getinfo(self.sheet_path).file_size
        if "xl/sharedStrings.xml" in names:
            size += archive.getinfo("xl/sharedStrings.xml").file_size
        if size > MAX_XLSX_XML_BYTES:
            raise FileProblem("Excel 文件内容过大，请拆分后分批导入。", code="file_too_large")
        if contents:
            self.shared = self._shared_strings() if "xl/sharedStrings.xml" in names else []
            self.date_styles = self._date_styles() if "xl/styles.xml" in names else set()

    def _shared_strings(self) -> list[str]:
        strings: list[str] = []
        parts: list[str] = []
        state = {"text": False, "phonetic": 0}

        def start(name: str, attrs: dict) -> None:
            local = _local(name)
            if local == "si":
                parts.clear()
            elif local == "rPh":
                state["phonetic"] += 1
            elif local == "t" and not state["phonetic"]:
                state["text"] = True

        def end(name: str) -> None:
            local = _local(name)
            if local == "t":
                state["text"] = False
            elif local == "rPh":
                state["phonetic"] -= 1
            elif local == "si":
                strings.append("".join(parts))

        def chars(data: str) -> None:
            if state["text"]:
                parts.append(data)

        _parse_xml(self.archive.read("xl/sharedStrings.xml"), start, end, chars)
        return strings

    def _date_styles(self) -> set[int]:
        custom: dict[int, str] = {}
        formats: list[int] = []
        state = {"xfs": False}

        def start(name: str, attrs: dict) -> None:
            local = _local(name)
            if local == "numFmt":
                with contextlib.suppress(ValueError):
                    custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
            elif local == "cellXfs":
                state["xfs"] = True
            elif local == "xf" and state["xfs"]:
                try:
                    formats.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    formats.append(0)

        def end(name: str) -> None:
            if _local(name) == "cellXfs":
                state["xfs"] = False

        _parse_xml(self.archive.read("xl/styles.xml"), start, end)
        return {index for index, fmt in enumerate(formats)
                if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt]))}


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        code = ord(ch)
        if 65 <= code <= 90:
            index = index * 26 + code - 64
        elif 97 <= code <= 122:
            index = index * 26 + code - 96
        else:
            break
    return index - 1


def _number(text: str) -> str:
    """A numeric cell as text: 13800138000 stays 13800138000 (not 1.38e10); 3.50 becomes 3.5."""
    text = text.strip()
    try:
        return str(int(text))
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return text
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def excel_serial_to_datetime(serial: float, *, date1904: bool = False) -> date | datetime:
    epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    moment = epoch + timedelta(days=serial)
    if float(serial).is_integer():
        return moment.date()
    return moment.replace(microsecond=0) if moment.microsecond < 500_000 else \
        (moment + timedelta(seconds=1)).replace(microsecond=0)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >]")


def _xlsx_dimension(data: bytes) -> int | None:
    """The last row number the sheet declares (``<dimension ref="A1:N100001"/>``), without reading it all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = _Workbook(archive, contents=False)
        size = archive.getinfo(book.sheet_path).file_size
        with archive.open(book.sheet_path) as stream:
            head = stream.read(256 * 1024)
    except (zipfile.BadZipFile, expat.ExpatError, KeyError, EOFError, FileProblem):
        return None
    match = _DIMENSION.search(head[:4096])
    if match:
        return int(match.group(1))
    # No dimension (some writers leave it out): extrapolate from the rows in the first part of the sheet.
    rows = len(_ROW_TAG.findall(head))
    return round(rows * size / len(head)) if head and rows else None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Cell]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = _Workbook(archive)
    except (zipfile.BadZipFile, expat.ExpatError, KeyError, EOFError) as error:
        raise FileProblem("无法读取该 Excel 文件：文件已损坏或已加密。请用 Excel 打开后另存为 .xlsx 再上传。",
                          code="unsupported_format") from error
    shared, date_styles, date1904 = book.shared, book.date_styles, book.date1904
    ready: list[tuple[int, list[Cell]]] = []
    row: list[Cell] = []
    buffer: list[str] = []
    # The cell being read: its type, style and column; whether text is being collected; the row number.
    cell_type: str | None = None
    cell_style = 0
    cell_col = 0
    collecting = False
    phonetic = 0
    row_number = 0

    # Element names come without namespace processing (fast); a prefixed name ("x:c") is reduced to "c".
    def start(name: str, attrs: dict) -> None:
        nonlocal cell_type, cell_style, cell_col, collecting, phonetic, row_number, row
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            ref = attrs.get("r")
            cell_col = _column_index(ref) if ref else len(row)
            cell_type = attrs.get("t")
            style = attrs.get("s")
            cell_style = int(style) if style and style.isdigit() else 0
            buffer.clear()
        elif name == "v" or name == "t":
            if not phonetic:
                collecting = True
        elif name == "row":
            row = []
            number = attrs.get("r")
            row_number = int(number) if number and number.isdigit() else row_number + 1
        elif name == "rPh":
            phonetic += 1

    def end(name: str) -> None:
        nonlocal collecting, phonetic
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "v" or name == "t":
            collecting = False
        elif name == "c":
            col = cell_col
            if col >= MAX_COLUMNS or col < 0:
                return
            text = "".join(buffer)
            kind = cell_type
            value: Cell
            if kind == "inlineStr" or kind == "str" or kind == "e" or kind == "d":
                value = text  # errors (#N/A) are rejected by the column's check
            elif kind == "s":
                try:
                    value = shared[int(text)]
                except (ValueError, IndexError):
                    value = None
            elif kind == "b":
                value = text.strip() in ("1", "true")
            elif not text:
                value = None
            elif cell_style in date_styles:
                try:
                    value = excel_serial_to_datetime(float(text), date1904=date1904)
                except (ValueError, OverflowError):
                    value = text
            else:
                value = _number(text)
            if col == len(row):
                row.append(value)
            else:
                if col > len(row):
                    row.extend([None] * (col - len(row) + 1))
                row[col] = value
        elif name == "row":
            ready.append((row_number, row))
        elif name == "rPh":
            phonetic -= 1

    def chars(text: str) -> None:
        if collecting:
            buffer.append(text)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        with archive.open(book.sheet_path) as stream:
            while True:
                chunk = stream.read(256 * 1024)
                parser.Parse(chunk, not chunk)
                if ready:
                    yield from ready
                    ready.clear()
                if not chunk:
                    break
    except (zipfile.BadZipFile, expat.ExpatError, EOFError) as error:
        raise FileProblem("Excel 文件内容已损坏，无法读取。请用 Excel 打开后另存为 .xlsx 再上传。",
                          code="unsupported_format") from error
