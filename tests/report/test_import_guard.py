"""Imports cannot hurt the server: zip bombs, far-away rows, a time and memory limit, the import command.

The two bombs of the hostile-input report are generated here (the big one streaming, never held
in memory): a 6 KB XLSX whose only row is numbered 2,000,000,000, and a ~1.5 MB XLSX whose shared
strings unpack to ~1.5 GB. Before the guard the first kept a CPU busy for good and the second
would take the whole server's memory.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from overdue_core.case import Debt
from overdue_core.i18n import t
from overdue_core.report import MAX_IMPORT_BYTES, debts_csv, read_debts, template_csv, template_xlsx
from overdue_core.report.debt_import import MAX_HEADER_LINE, MAX_SHEET_LINES, check_archive
from overdue_core.report.limits import read_debts_limited
from overdue_core.user_text import escape_formula, unescape_formula
from tests.helpers.cli import run_cli

FAR_ROW = 2_000_000_000
SHARED_STRINGS_BYTES = 1_500_000_000
ONE_GB = 1024**3


def _parts(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def _sheet_with_rows(rows_xml: str, dimension: str) -> bytes:
    """The template with its first sheet's rows replaced (the rest of the workbook kept)."""
    files = _parts(template_xlsx("en"))
    sheet = files["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"<dimension[^>]*/>", f'<dimension ref="{dimension}"/>', sheet)
    sheet = re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{rows_xml}</sheetData>", sheet, flags=re.S)
    files["xl/worksheets/sheet1.xml"] = sheet.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _inline_row(number: int, *values: str) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def far_row_bomb() -> bytes:
    return _sheet_with_rows(_inline_row(FAR_ROW, "x"), f"A{FAR_ROW}:A{FAR_ROW}")


def write_shared_strings_bomb(path: Path, unpacked: int = SHARED_STRINGS_BYTES) -> None:
    """A workbook whose sharedStrings.xml is one string of ``unpacked`` bytes, written in 1 MB chunks."""
    files = _parts(template_xlsx("en"))
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml"'
        b' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    files["xl/_rels/workbook.xml.rels"] = files["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS"'
        b' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
        b' Target="sharedStrings.xml"/></Relationships>',
    )
    chunk = b"A" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                b' count="1" uniqueCount="1"><si><t>'
            )
            left = unpacked
            while left > 0:
                out.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            out.write(b"</t></si></sst>")


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    far = folder / "far-row.xlsx"
    far.write_bytes(far_row_bomb())
    big = folder / "shared-strings.xlsx"
    write_shared_strings_bomb(big)
    return {"far_row": far, "shared_strings": big}


def test_the_bombs_are_what_the_report_describes(bombs):
    assert bombs["far_row"].stat().st_size < 8 * 1024
    size = bombs["shared_strings"].stat().st_size
    assert 1_000_000 < size < MAX_IMPORT_BYTES  # small enough to pass the upload limit
    with zipfile.ZipFile(bombs["shared_strings"]) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > SHARED_STRINGS_BYTES


#: Runs a command and prints its exit code, wall time and the largest memory of any process it started.
_MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=300)
print(done.returncode, time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
"""


@pytest.mark.parametrize(
    ("bomb", "message"),
    [("far_row", "No column names in the first 20 lines"), ("shared_strings", "unpacks to more than 50 MB")],
)
def test_the_import_command_refuses_each_bomb_quickly_and_small(bombs, bomb, message):
    cmd = [
        sys.executable,
        "-c",
        _MEASURE,
        sys.executable,
        "-m",
        "overdue_core",
        "import",
        str(bombs[bomb]),
        "--lang",
        "en",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    code, seconds, peak = done.stdout.splitlines()[0].split()
    print(f"{bomb}: exit {code}, {float(seconds):.1f} s, peak {int(peak) / 2**20:.0f} MB")
    assert int(code) == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert int(peak) < ONE_GB
    # A bound against spinning for good (the far-row file used to), not a speed figure: the
    # command starts Python twice, which takes seconds on a loaded machine.
    assert float(seconds) < 120


def test_reading_stops_at_the_limits_in_process(bombs):
    result = read_debts(bombs["far_row"].read_bytes(), "far.xlsx", "en")
    assert [p.code for p in result.problems] == ["no_header_near_top"]
    assert check_archive(bombs["shared_strings"].read_bytes()) == "unpacks_too_big"


def test_a_part_compressed_like_a_bomb_is_refused_even_when_small():
    files = _parts(template_xlsx("en"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("xl/media/filler.bin", b"\0" * (5 * 1024 * 1024))  # 5 MB in ~5 KB
    result = read_debts(out.getvalue(), "x.xlsx", "en")
    assert [p.code for p in result.problems] == ["packed_too_tight"]
    assert "compressed in an unusual way" in result.problems[0].message


def test_header_is_looked_for_near_the_top_only():
    header = ("platform", "balance", "repayment")
    late = _sheet_with_rows(
        _inline_row(MAX_HEADER_LINE + 5, *header) + _inline_row(MAX_HEADER_LINE + 6, "花呗", "100", "bullet"), "A1:C30"
    )
    assert [p.code for p in read_debts(late, "x.xlsx", "en").problems] == ["no_header_near_top"]
    early = _sheet_with_rows(_inline_row(3, *header) + _inline_row(4, "花呗", "100", "bullet"), "A1:C4")
    assert [d.platform for d in read_debts(early, "x.xlsx", "en").debts] == ["花呗"]
    csv_late = ("\n" * (MAX_HEADER_LINE + 3) + "platform,balance,repayment\n花呗,100,bullet\n").encode()
    assert [p.code for p in read_debts(csv_late, "x.csv", "en").problems] == ["no_header_near_top"]


def test_rows_after_the_last_line_read_are_not_read():
    header = ("platform", "balance", "repayment")
    rows = (
        _inline_row(1, *header)
        + _inline_row(2, "花呗", "100", "bullet")
        + _inline_row(MAX_SHEET_LINES + 1, "白条", "5", "bullet")
    )
    result = read_debts(_sheet_with_rows(rows, f"A1:C{MAX_SHEET_LINES + 1}"), "x.xlsx", "en")
    assert [d.platform for d in result.debts] == ["花呗"]


def test_limited_import_gives_the_same_result_as_reading_directly():
    raw = "id,platform,repayment,balance,days_overdue\na,花呗,bullet,100.10,\nb,,bullet,5,\nc,白条,bullet,x,\n".encode()
    direct = read_debts(raw, "d.csv", "zh-CN")
    limited = read_debts_limited(raw, "d.csv", "zh-CN")
    assert limited.rows == direct.rows and limited.problems == direct.problems
    assert limited.debts[0].balance == Decimal("100.10")


def test_the_child_is_stopped_at_its_time_limit():
    result = read_debts_limited(template_xlsx("en"), "t.xlsx", "en", seconds=0.05)
    assert [p.code for p in result.problems] == ["too_slow"]
    assert "was stopped" in result.problems[0].message


def test_the_child_is_stopped_at_its_memory_limit():
    result = read_debts_limited(template_xlsx("en"), "t.xlsx", "en", memory_mb=24)
    assert [p.code for p in result.problems] == ["too_much_memory"]
    assert "24 MB" in result.problems[0].message


def _run_import(path: Path, *args: str) -> subprocess.CompletedProcess:
    """The import command in this process (the file is still read in its limited child); the bomb
    tests above run it in a new interpreter, whose memory they measure."""
    return run_cli("import", str(path), *args)


def test_import_command_lists_debts_and_row_problems(tmp_path):
    path = tmp_path / "debts.csv"
    path.write_bytes("id,platform,repayment,balance\na,花呗,bullet,100\nb,白条,bullet,-5\n".encode())
    done = _run_import(path, "--format", "json", "--lang", "en")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [(d["line"], d["debt"]["platform"], d["debt"]["balance"]) for d in data["debts"]] == [(2, "花呗", "100.00")]
    assert [(p["path"], p["code"]) for p in data["problems"]] == [("Row 3 › balance", "negative_amount")]
    text = _run_import(path, "--lang", "en")
    assert text.returncode == 0 and "Line 2: 花呗" in text.stdout and "Row 3 › balance" in text.stdout


@pytest.mark.parametrize("name", ["missing.csv", "template.xlsx"])
def test_import_command_exit_codes(tmp_path, name):
    path = tmp_path / name
    if name == "template.xlsx":
        path.write_bytes(template_xlsx("zh-CN"))
    done = _run_import(path)
    assert "Traceback" not in done.stderr
    if name == "missing.csv":
        assert done.returncode == 2 and "missing.csv" in done.stderr
    else:
        assert done.returncode == 0 and "读到 1 笔欠款" in done.stdout


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠"])
def test_full_width_formula_starts_are_neutralised_in_csv(start):
    typed = f'{start}HYPERLINK("http://127.0.0.2/")'
    assert escape_formula(typed) == "'" + typed
    assert unescape_formula(escape_formula(typed)) == typed
    debt = Debt(id="a", platform=typed, balance="1", repayment="bullet", notes=f"{start}1+1")
    header, row = list(csv.reader(io.StringIO(debts_csv([debt], "en").decode("utf-8-sig"))))
    cells = dict(zip(header, row, strict=True))
    assert cells["Platform"] == "'" + typed and cells["Notes"] == f"'{start}1+1"
    assert read_debts(debts_csv([debt], "en"), "d.csv", "en").debts == [debt]
    assert template_csv("en")  # the template is unchanged by the wider set


@pytest.mark.parametrize("source", ["/dev/zero", "folder"])
def test_import_command_reads_only_regular_files(tmp_path, source):
    """/dev/zero reports size 0 and never ends (it used to be read until memory ran out); a folder
    is not a table either: both are refused at once with exit 2 and no traceback."""
    path = Path(source) if source.startswith("/") else tmp_path
    if not path.exists():
        pytest.skip(f"{path} does not exist here")
    done = _run_import(path, "--lang", "en")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(path) in done.stderr or path.name in done.stderr


# --- at most a few import children at once ------------------------------------------------------
def test_at_most_a_few_imports_read_at_once_and_the_rest_are_told_to_try_again(monkeypatch):
    """More imports at once than places: the extra ones start no child and get a translated "busy"."""
    from overdue_core.report import limits

    places = getattr(limits, "MAX_CHILDREN", 2)
    extra = 2
    lock = threading.Lock()
    running = peak = finished = 0
    release = threading.Event()
    extra_done = threading.Event()
    empty = json.dumps({"debts": [], "problems": [], "ignored_columns": []}).encode()

    def child(cmd, **_kwargs):  # stands in for the child: it holds its place until released
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        release.wait(timeout=60)
        with lock:
            running -= 1
        return subprocess.CompletedProcess(cmd, 0, stdout=empty, stderr=b"")

    monkeypatch.setattr(limits.subprocess, "run", child)
    monkeypatch.setattr(limits, "BUSY_WAIT_SECONDS", 0, raising=False)
    results: list = []

    def one() -> None:
        nonlocal finished
        result = read_debts_limited(b"platform\nx\n", "d.csv", "zh-CN")
        with lock:
            results.append(result)
            finished += 1
            if finished == extra:
                extra_done.set()

    threads = [threading.Thread(target=one) for _ in range(places + extra)]
    for thread in threads:
        thread.start()
    told = extra_done.wait(timeout=30)  # bounded: without a limit, every import would hold a child
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    assert told, "the imports over the limit came back at once"
    assert peak <= places, f"{peak} children at once"
    busy = [r for r in results if [p.code for p in r.problems] == ["busy"]]
    assert len(busy) == extra
    assert {p.message for r in busy for p in r.problems} == {t("import_guard.busy", "zh-CN")}
    assert len(results) == places + extra
