"""Invoices of any length (SPEC 16): rows never split nor run into the payment slip, the table
header repeats, every page says "Side k av n" and names the document, and the slip sits at the
foot of the last page only. Read back as text per page, as word boxes and as images."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from .conftest import Run

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")), reason="poppler-utils missing"
)

LONG_TEXT = "Konsulenttimer uke {i}: analyse, workshop med ledergruppen og skriftlig oppsummering"


def line_spec(i: int) -> str:
    text = LONG_TEXT.format(i=i) if i % 7 == 3 else f"Linje {i} rådgivning"
    return f"text={text};qty={i % 5 + 1};price={i * 37},50"


def unit_price(i: int) -> str:
    """The line's unit price as printed, unique per line: 37,50 74,50 ... 1 480,50."""
    kroner = i * 37
    return (f"{kroner:,}".replace(",", " ")) + ",50"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def page_texts(pdf: Path, pages: int) -> list[str]:
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(k), "-l", str(k), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for k in range(1, pages + 1)
    ]


def word_boxes(pdf: Path) -> list[list[Word]]:
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, flags=re.S):
        pages.append(
            [
                Word(text, float(a), float(b), float(c), float(d))
                for a, b, c, d, text in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                    r"(.*?)</word>",
                    page,
                )
            ]
        )
    return pages


def overlapping(words: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words whose boxes cross (beyond half a point, which glyph boxes may touch)."""
    found = []
    ordered = sorted(words, key=lambda w: w.y0)
    for k, a in enumerate(ordered):
        for b in ordered[k + 1 :]:
            if b.y0 >= a.y1 - 0.5:
                break
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5:
                found.append((a, b))
    return found


def slip_rule_rows(png: Path) -> list[int]:
    """Rows of the image holding the slip's dark-blue rule across most of the text width."""
    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    rows = []
    for y in range(height // 2, height):
        blue = sum(
            1
            for x in range(0, width, 2)
            if (lambda p: p[0] < 200 and p[2] - p[0] > 20)(pixels[x, y])
        )
        if blue * 2 > width * 0.7:
            rows.append(y)
    return rows


def ink_between(png: Path, top: int, bottom: int) -> int:
    image = Image.open(png).convert("L")
    width, _ = image.size
    pixels = image.load()
    assert pixels is not None
    return sum(1 for y in range(top, bottom) for x in range(width) if pixels[x, y] < 200)


@pytest.mark.parametrize(("lines", "fewest", "most"), [(3, 1, 1), (40, 2, 3), (200, 6, 9)])
def test_long_invoices_page_cleanly(
    customer: int, run: Run, tmp_path: Path, lines: int, fewest: int, most: int
) -> None:
    specs = [arg for i in range(1, lines + 1) for arg in ("--line", line_spec(i))]
    run("invoice", "create", "--customer", str(customer), *specs, "--no-send")
    pdf = tmp_path / "long.pdf"
    run("invoice", "pdf", "1", "-o", str(pdf))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)$", info.stdout, flags=re.M)
    assert found
    pages = int(found[1])
    assert fewest <= pages <= most
    texts = page_texts(pdf, pages)

    for k, text in enumerate(texts, start=1):
        assert f"Side {k} av {pages}" in text, (k, text)
        assert "Faktura 1" in text, (k, text)  # the document's number on every page
        assert "Beskrivelse" in text and "Beløp" in text, (k, text)  # the header repeats
        assert ("Betales til konto" in text) == (k == pages), k  # the slip: last page only
    assert "Å betale NOK" in texts[-1]

    # Every row whole on one page: its description and its unit price side by side.
    for i in range(1, lines + 1):
        label = f"uke {i}:" if i % 7 == 3 else f"Linje {i} rådgivning"
        on = [k for k, text in enumerate(texts) if label in text]
        assert len(on) == 1, (i, on)
        row = next(ln for ln in texts[on[0]].splitlines() if label in ln)
        assert unit_price(i) in row, (i, row)

    boxes = word_boxes(pdf)
    assert len(boxes) == pages
    for k, words in enumerate(boxes, start=1):
        assert not overlapping(words), (k, overlapping(words)[:3])
    # Nothing of the table inside the payment band: every row ends above the slip's labels.
    last = boxes[-1]
    band_top = min(w.y0 for w in last if w.text == "Betales")
    rows = [w for w in last if w.text in ("rådgivning", "25") or w.text.startswith("uke")]
    assert rows and max(w.y1 for w in rows) < band_top - 10

    # As images: the slip's rule is drawn on the last page only, with clear paper above it.
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    for png in images[:-1]:
        assert not slip_rule_rows(png), png
    rule = slip_rule_rows(images[-1])
    assert rule, "no payment slip drawn on the last page"
    assert ink_between(images[-1], rule[0] - 6, rule[0] - 1) == 0
