"""Checks of a file's container before anything in it is parsed: zip bombs, encrypted packages, XML entity
definitions, too many cells (ods, xlsb), a password-protected xlsx inside an OLE2 file."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from etl import config
from etl.other_extents import ods_extents, xlsb_extent, xlsb_sheet_name
from etl.read_refusals import bomb, cells_within, corrupt, mb, password, reject
from etl.sheet_notes import CHUNK

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_ENTRIES = 10_000
MAX_RATIO = 100  # uncompressed / compressed, for entries larger than BOMB_ENTRY_BYTES
BOMB_ENTRY_BYTES = 10 * 2**20
PROLOG_BYTES = 64 * 1024  # an XML part must reach its root element within this many bytes


def active_content(names) -> list[str]:
    """What an xlsx, xlsm or ods (the names of its parts) holds besides its cells that Excel or LibreOffice could run
    or follow when the original is opened — macros, links to other files (DDE among them) — in Russian, one line
    each. The product reads the cells' saved values only and never runs any of it; the analyst who opens the
    original is told."""
    names = [n.lower() for n in names]
    out = []
    if any(n.endswith("vbaproject.bin") or n.startswith(("basic/", "scripts/")) for n in names):
        out.append("В файле есть макросы: система их не запускает и читает только значения ячеек; оригинал файла "
                   "(из истории загрузок) открывайте осторожно и не разрешайте макросы")
    if any(n.startswith("xl/externallinks/") for n in names):
        out.append("В файле есть связи с другими файлами или программами (внешние ссылки, DDE): загружены значения, "
                   "сохранённые в файле; при открытии оригинала не обновляйте связи")
    return out


def check_zip(path: Path, name: str) -> tuple[str, dict[str, str] | None, dict[str, list], list[str]]:
    """Every check of a zip container before it is read (bombs, encryption, DTDs, far cells of ods and xlsb):
    its format, its xlsx sheet parts (name -> worksheet part), the merged ranges of its ods tables and what it holds
    besides cells (`active_content`)."""
    try:
        z = zipfile.ZipFile(path)
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise corrupt(name) from None
    with z:
        if len(infos) > MAX_ZIP_ENTRIES:
            raise bomb(name, f"в архиве {len(infos)} частей")
        total = sum(i.file_size for i in infos)
        if total > config.max_unpacked_mb() * 2**20:
            raise bomb(name, f"после распаковки {mb(total / 2**20)} МБ при допустимых "
                              f"{mb(config.max_unpacked_mb())} МБ")
        for i in infos:
            if i.file_size > BOMB_ENTRY_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise bomb(name, f"часть «{i.filename}» сжата в {i.file_size // max(i.compress_size, 1)} раз")
            if i.flag_bits & 0x1:
                raise password(name)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" in names:
            fmt = "xlsx"
        elif "xl/workbook.bin" in names:
            fmt = "xlsb"
        elif "content.xml" in names:
            fmt = "ods"
        else:
            raise corrupt(name)
        for i in infos:
            if i.filename.lower().endswith((".xml", ".rels", ".vml")) and i.file_size:
                _check_xml_prolog(z, i, name)
        parts = _xlsx_sheet_parts(z, names) if fmt == "xlsx" else None
        merges: dict[str, list] = {}
        if fmt == "ods":
            cells_within(name, list(ods_extents(z, merges)))
        elif fmt == "xlsb":
            bins = sorted((n for n in names if n.startswith("xl/worksheets/") and n.endswith(".bin")),
                          key=lambda n: (len(n), n))
            cells_within(name, [(xlsb_sheet_name(path, k), *xlsb_extent(z, part)) for k, part in enumerate(bins, 1)])
    return fmt, parts, merges, active_content(names)



def _check_xml_prolog(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Refuse DTDs (entity bombs, external entities): the root element must come before any <!DOCTYPE/<!ENTITY."""
    try:
        with z.open(info) as f:
            head = f.read(PROLOG_BYTES)
    except Exception:  # noqa: BLE001 - a broken deflate stream, a bad CRC…
        raise corrupt(name) from None
    low = head.lower()
    if b"<!doctype" in low or b"<!entity" in low:
        raise reject(name, "xml_dtd", "Файл содержит подозрительные XML-определения (DOCTYPE/ENTITY): "
                                       "такие файлы не загружаются из соображений безопасности",
                      "Откройте файл в Excel, сохраните заново как .xlsx и загрузите")
    # the root element must start within the prolog window (no megabytes of comments before it)
    if not re.search(rb"<[A-Za-z_]", head) and len(head) == PROLOG_BYTES:
        raise reject(name, "xml_dtd", "Файл содержит подозрительную XML-часть без данных в начале",
                      "Откройте файл в Excel, сохраните заново как .xlsx и загрузите")


def _xlsx_sheet_parts(z: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name → its worksheet part (xl/worksheets/sheet1.xml). DTDs were refused before, so ET is safe."""
    import posixpath
    import xml.etree.ElementTree as ET

    out: dict[str, str] = {}
    try:
        if z.getinfo("xl/workbook.xml").file_size > 20 * 2**20:
            return out
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = {}
        if "xl/_rels/workbook.xml.rels" in names and z.getinfo("xl/_rels/workbook.xml.rels").file_size < 20 * 2**20:
            for el in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")):
                target = el.get("Target") or ""
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                rels[el.get("Id")] = target
        for el in wb.iter():
            if el.tag.rsplit("}", 1)[-1] != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            if el.get("name") is not None and rid in rels:
                out[el.get("name")] = rels[rid]
    except Exception:  # noqa: BLE001 - calamine will judge the workbook itself
        return {}
    return out


_ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"


def ole_is_encrypted(path: Path) -> bool:
    """An OLE2 compound file holding an «EncryptedPackage» stream is a password-protected xlsx.

    Directory entries are 128 bytes and start at sector boundaries (sector 0 begins at byte 512), so a real
    entry's name sits at an offset that is a multiple of 128.
    """
    with open(path, "rb") as f:
        pos = 0
        prev = b""
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                return False
            buf = prev + chunk
            base = pos - len(prev)
            i = buf.find(_ENCRYPTED_NAME)
            while i >= 0:
                if (base + i) % 128 == 0:
                    return True
                i = buf.find(_ENCRYPTED_NAME, i + 1)
            prev = buf[-len(_ENCRYPTED_NAME):]
            pos += len(chunk)
