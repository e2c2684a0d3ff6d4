"""A big mbox is split in a worker process: the same records, the same errors, nothing left running."""

from __future__ import annotations

import os

import pytest
from netzwerker.errors import FormatError
from netzwerker.importers import ImportContext
from netzwerker_mail import scan_worker
from netzwerker_mail.plugin import MboxImporter

MESSAGE = (
    "From anna@example.com Mon Jan  6 10:00:00 2020\n"
    "From: Anna Alt <anna@example.com>\n"
    "To: me@example.org, =?utf-8?q?J=C3=BCrgen?= <j@firma.de>\n"
    "Subject: Treffen {n}\n"
    "Date: Mon, 6 Jan 2020 10:{m:02d}:00 +0100\n"
    "Message-ID: <m{n}@example.com>\n"
    "\n"
    "Body line\nFrom here on, a body line that looks like a separator\n\n"
)


def records(path, monkeypatch, threshold):
    monkeypatch.setattr(scan_worker, "PARALLEL_MIN_BYTES", threshold)
    context = ImportContext()
    found = list(MboxImporter().read(str(path), context))
    return [(type(r).__name__, r.model_dump(), r.line) for r in found], context.skipped


def test_worker_gives_the_same_records_as_in_process(tmp_path, monkeypatch):
    path = tmp_path / "big.mbox"
    path.write_text("".join(MESSAGE.format(n=n, m=n % 60) for n in range(1200)))
    in_process = records(path, monkeypatch, threshold=1 << 40)
    in_worker = records(path, monkeypatch, threshold=0)
    assert in_worker == in_process
    assert len(in_process[0]) == 1200


def test_worker_streams_an_mbox_inside_a_zip_itself(tmp_path, monkeypatch):
    import zipfile

    path = tmp_path / "takeout.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Takeout/Mail/All mail.mbox", "".join(MESSAGE.format(n=n, m=n % 60) for n in range(700)))
        archive.writestr("Takeout/Mail/Sent.mbox", MESSAGE.format(n=9999, m=1))
    in_process = records(path, monkeypatch, threshold=1 << 40)
    in_worker = records(path, monkeypatch, threshold=0)
    assert in_worker == in_process
    assert len(in_process[0]) > 700
    assert {r[2] for r in in_process[0] if r[0] == "InteractionRecord"} >= {1}  # lines within the entry


def test_worker_reports_a_corrupt_zip_entry(tmp_path, monkeypatch):
    import zipfile

    path = tmp_path / "takeout.zip"
    body = "".join(MESSAGE.format(n=n, m=n % 60) for n in range(700))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Mail/All mail.mbox", body)
    data = bytearray(path.read_bytes())
    data[200:260] = bytes(60)  # damage the compressed stream, keep the directory
    path.write_bytes(bytes(data))
    monkeypatch.setattr(scan_worker, "PARALLEL_MIN_BYTES", 0)
    with pytest.raises(FormatError, match=r"All mail\.mbox.*corrupt"):
        list(MboxImporter().read(str(path), ImportContext()))


def test_batches_are_bounded_in_bytes_too(tmp_path, monkeypatch):
    path = tmp_path / "big.mbox"
    long_to = ", ".join(f"p{n}@example.com" for n in range(300))
    path.write_text("".join(MESSAGE.format(n=n, m=n % 60).replace("To: ", f"To: {long_to}, ") for n in range(200)))
    sent = []
    original = scan_worker._send
    monkeypatch.setattr(scan_worker, "_send", lambda fd, item: (sent.append(item), original(fd, item))[1])
    monkeypatch.setattr(scan_worker, "BATCH_BYTES", 64 << 10)
    out = os.open(tmp_path / "frames", os.O_WRONLY | os.O_CREAT)
    scan_worker.scan_to(out, str(path), str(path))
    os.close(out)
    batches = [item for item in sent if isinstance(item, list)]
    assert sum(len(b) for b in batches) == 200
    assert len(batches) > 1 and max(len(b) for b in batches) < 20  # ~6 KB of headers each: ~10 per 64 KB


def test_worker_reports_a_file_that_is_not_an_mbox(tmp_path, monkeypatch):
    path = tmp_path / "garbage.mbox"
    path.write_bytes(b"From nowhere\n\x00\x01 not headers at all\n" * 100)
    monkeypatch.setattr(scan_worker, "PARALLEL_MIN_BYTES", 0)
    with pytest.raises(FormatError, match="not an mbox file"):
        list(MboxImporter().read(str(path), ImportContext()))


def test_worker_ends_when_the_reader_stops_early(tmp_path, monkeypatch):
    path = tmp_path / "big.mbox"
    path.write_text("".join(MESSAGE.format(n=n, m=n % 60) for n in range(3000)))
    monkeypatch.setattr(scan_worker, "PARALLEL_MIN_BYTES", 0)
    started = []
    import subprocess

    original = subprocess.Popen

    def spy(*args, **kwargs):
        process = original(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", spy)
    messages = scan_worker.parsed_messages(str(path), str(path))
    next(messages)
    messages.close()
    assert len(started) == 1 and started[0].poll() is not None


def test_a_damaged_or_cut_stream_from_the_worker_is_an_error_not_records(tmp_path):
    import os
    import pickle
    import struct
    import zlib

    def stream(data: bytes) -> int:
        read_end, write_end = os.pipe()
        os.write(write_end, data)
        os.close(write_end)
        return read_end

    payload = pickle.dumps([("line", "facts")])
    good = struct.pack("<QI", len(payload), zlib.crc32(payload)) + payload
    fd = stream(good)
    assert scan_worker._receive(fd, "x.mbox") == [("line", "facts")]
    os.close(fd)

    flipped = bytearray(good)
    flipped[-3] ^= 0xFF
    huge = struct.pack("<QI", 1 << 40, 0)  # a damaged length must not be allocated
    cases = ((bytes(flipped), "damaged"), (good[:-5], "damaged"), (good[:7], "stopped before"), (huge, "damaged"))
    for damaged, message in cases:
        fd = stream(damaged)
        with pytest.raises(FormatError, match=message):
            scan_worker._receive(fd, "x.mbox")
        os.close(fd)


def test_without_posix_pipes_a_big_file_is_read_in_process(tmp_path, monkeypatch):
    import subprocess

    path = tmp_path / "big.mbox"
    path.write_text("".join(MESSAGE.format(n=n, m=n % 60) for n in range(50)))
    monkeypatch.setattr(scan_worker, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(scan_worker.os, "name", "nt")

    def no_process(*args, **kwargs):
        raise AssertionError("no worker process without POSIX pipes")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert len(list(scan_worker.parsed_messages(str(path), str(path)))) == 50
