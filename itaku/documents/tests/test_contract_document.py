"""The contract document (K-end) as PDF and Word: the seed's text, in the seed's order, with the
contract's values filled in, the font embedded and the journal head in the footer."""

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess

import docx
import pytest
from django.core.management import CommandError, call_command

from itaku.accounts.choices import Role
from itaku.contracts.models import Contract, ContractTemplate
from itaku.contracts.services import MemberSpec, contract_create
from itaku.documents.models import GeneratedDocument
from itaku.documents.renderers import registry
from itaku.documents.renderers.pdf import NO_LINE_END, NO_LINE_START, OfficialPDF
from itaku.documents.services import document_generate
from itaku.journal.chain import head_hash
from itaku.journal.models import Event

SEED_TITLE = "ひきこもり支援Web広告業務"
CONTRACTOR = "株式会社サンプル広告（サンプル）"
PRICE = "金3,300,000円（うち消費税及び地方消費税額300,000円）"
EXEMPTION = "第109条の2第7号の規定により、乙が納付すべき契約保証金を免除するものとする。"
PREMISES = "所在地：山梨県甲府市見本町一丁目2番3号（サンプル）。"

# What the document must say, in this order (the seed's order).
IN_ORDER = [
    f"{SEED_TITLE}委託契約書",
    f"山梨県（以下「甲」という。）と{CONTRACTOR}（以下「乙」という。）は、",
    "（契約内容）", "第1条",
    PRICE,
    EXEMPTION,
    "（契約に定めのない事項）", "第20条",
    "この契約の成立を証するため、契約書を2通作成し",
    "令和5年6月1日",
    "甲　山梨県甲府市丸の内一丁目6番1号", "山梨県知事 長崎 幸太郎",
    "乙　山梨県甲府市見本町一丁目2番3号（サンプル）", CONTRACTOR, "代表取締役 見本 太郎",
    "別記1", "個人情報取扱特記事項", PREMISES,
    "個人情報保護に係る責任体制報告書", "山梨県知事 殿", "個人情報保護責任者", "作業従事者",
    "別記2", "情報セキュリティに関する特記事項",
    "外部委託先調査シート 兼 情報セキュリティ対策実施状況報告書", "1 委託内容", "委託業務のセキュリティ責任者",
    "2 情報セキュリティ対策の実施状況", "情報管理に関する公的な認証・認定を取得していますか。",
    "3 本委託業務に係る安全性及び信頼性を確保するための具体的な措置",
]


def flat(text: str) -> str:
    """Text without any whitespace, so that line breaks and indents do not matter."""
    return "".join(text.split())


def assert_in_order(text: str, expected: list[str]):
    text, position = flat(text), 0
    for phrase in expected:
        found = text.find(flat(phrase), position)
        assert found >= 0, f"missing or out of order: {phrase}"
        position = found + len(flat(phrase))


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def docx_text(content: bytes) -> tuple[str, str, docx.document.Document]:
    """The body (paragraphs and table cells, in document order) and the footer of a Word file."""
    document = docx.Document(io.BytesIO(content))
    parts = []
    for element in document.element.body.iterchildren():
        parts += [t.text or "" for t in element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")]
        parts.append("\n")
    footer = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    return "".join(parts), footer, document


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED_TITLE)


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.mark.clause("K-end")
def test_contract_renderers_are_registered():
    assert ("contract", "pdf") in registry.kinds() and ("contract", "docx") in registry.kinds()
    assert registry.clause_of("contract") == "K-end"


@pytest.mark.clause("K-end")
def test_pdf_is_a4_with_the_mincho_font_embedded(seed, tmp_path):
    document = document_generate(actor=None, contract=seed, kind="contract", fmt="pdf")
    content = document.content
    assert content.startswith(b"%PDF-")
    assert document.filename == f"contract-{seed.pk}.pdf" and document.mimetype == "application/pdf"
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert b"/MediaBox [0 0 595.28 841.89]" in content  # A4 portrait
    # CFF outlines (the .otf), or TrueType outlines once `itaku buildfonts` has converted it
    assert (b"/FontFile3" in content or b"/FontFile2" in content) and b"NotoSerifJP" in content
    if shutil.which("pdffonts"):
        path = tmp_path / "c.pdf"
        path.write_bytes(content)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line for line in fonts.splitlines()[2:] if line.strip()]
        assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), fonts


@needs_poppler
@pytest.mark.clause("K-end")
@pytest.mark.clause("K-3")
@pytest.mark.clause("K-4")
@pytest.mark.clause("P-5")
def test_pdf_says_the_seed_text_in_order_with_the_contract_values(seed, tmp_path):
    head = head_hash()
    document = document_generate(actor=None, contract=seed, kind="contract", fmt="pdf")
    assert document.journal_head == head
    text = pdf_text(document.content, tmp_path)
    assert_in_order(text, IN_ORDER)
    assert "令和6年3月31日" in flat(text)  # K-2: the end of the term, in 和暦
    pages = text.count("ジャーナル先頭ハッシュ")
    assert pages >= 10 and text.count(head) == pages  # the footer of every page
    assert f"{pages} / {pages}" in text and f"1 / {pages}" in text
    assert "{{" not in text and "〇〇〇" not in text  # every field filled


@needs_poppler
@pytest.mark.clause("K-end")
def test_pdf_metadata_title(seed, tmp_path):
    content = document_generate(actor=None, contract=seed, kind="contract", fmt="pdf").content
    path = tmp_path / "c.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert f"Title:           {SEED_TITLE}委託契約書" in info
    assert "Page size:       595.28 x 841.89 pts (A4)" in info


@pytest.mark.clause("K-end")
@pytest.mark.clause("K-3")
@pytest.mark.clause("K-4")
@pytest.mark.clause("P-5")
def test_docx_says_the_same_with_a_mincho_font_and_the_hash_in_the_footer(seed):
    head = head_hash()
    document = document_generate(actor=None, contract=seed, kind="contract", fmt="docx")
    assert document.filename == f"contract-{seed.pk}.docx"
    assert document.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    body, footer, word = docx_text(document.content)
    assert_in_order(body, IN_ORDER)
    assert "令和6年3月31日" in body
    assert f"ジャーナル先頭ハッシュ: {head}" in footer
    assert word.core_properties.title == f"{SEED_TITLE}委託契約書"
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "ＭＳ 明朝"
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # The forms are Word tables: F-P (2 officer rows + 5 workers), F-S section 1 (8) and 2 (header + 24).
    assert [len(t.rows) for t in word.tables] == [7, 8, 25]


@pytest.mark.clause("K-end")
def test_render_command_writes_the_file_and_journals_the_generation(seed, tmp_path):
    output = tmp_path / "contract.pdf"
    out = io.StringIO()
    call_command("render", "contract", "--contract", str(seed.pk), "--format", "pdf", "--output", str(output),
                 stdout=out)
    content = output.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    assert content.startswith(b"%PDF-")
    assert str(output) in out.getvalue() and digest in out.getvalue()
    stored = GeneratedDocument.objects.get(contract=seed, kind="contract", fmt="pdf")
    assert stored.sha256 == digest and stored.created_by is None
    event = Event.objects.filter(action="documents.document.generated").order_by("-seq").first()
    assert event.contract == seed and event.clause_id == "K-end" and event.actor is None
    assert event.data["sha256"] == digest and event.data["format"] == "pdf"


@pytest.mark.clause("K-end")
def test_render_command_refuses_an_unknown_contract(db, tmp_path):
    with pytest.raises(CommandError, match="contract 999999 does not exist"):
        call_command("render", "contract", "--contract", "999999", "--output", str(tmp_path / "x.pdf"))
    assert not Event.objects.filter(action="documents.document.generated").exists()


@pytest.mark.clause("K-4")
def test_a_contract_with_a_deposit_states_its_amount_instead_of_the_exemption(demo, tmp_path):
    contract = contract_create(
        actor=demo["officer"], template=ContractTemplate.objects.get(), title="保証金あり業務",
        contractor=demo["rep"].organisation, signed_on=dt.date(2024, 4, 1), ends_on=dt.date(2025, 3, 31),
        amount=1_100_000, deposit_exempt=False, deposit_amount=110_000,
        members=[MemberSpec(demo["rep"], Role.REPRESENTATIVE)],
    )
    deposit = "第4条　乙は、契約保証金として金110,000円を甲に納付するものとする。"
    body, _, _ = docx_text(document_generate(actor=None, contract=contract, kind="contract", fmt="docx").content)
    assert deposit in body and "契約保証金を免除" not in body
    if shutil.which("pdftotext"):
        pdf = pdf_text(document_generate(actor=None, contract=contract, kind="contract", fmt="pdf").content, tmp_path)
        assert flat(deposit) in flat(pdf) and "契約保証金を免除" not in flat(pdf)


@pytest.mark.clause("K-end")
def test_japanese_lines_break_between_characters_but_not_against_kinsoku():
    pdf = OfficialPDF(title="t", journal_head="0" * 64)
    pdf.set_font("mincho", size=10.5)
    text = ("甲は業務の対価として、金3,300,000円（うち消費税及び地方消費税額300,000円）を乙に支払うものとする。"
            "「仕様書」（以下「仕様書」という。）のとおり、乙に業務を委託し、乙はこれを受託するものとする。") * 3
    for width in (40, 57, 73, 100):
        lines = pdf.wrap(text, width)
        assert "".join(lines) == text  # nothing lost, nothing added
        assert len(lines) > 1
        for line in lines:
            assert pdf.get_string_width(line) <= width + 0.01
        for previous, line in zip(lines, lines[1:], strict=False):
            assert line[0] not in NO_LINE_START and previous[-1] not in NO_LINE_END
            assert not (previous[-1].isdigit() and line[0] in "0123456789,")  # 3,300,000 never split


@pytest.mark.clause("K-18")
@pytest.mark.clause("K-19")
@pytest.mark.clause("K-20")
def test_the_articles_that_are_only_recorded_stand_in_the_document(seed):
    """K-18 (costs), K-19 (court) and K-20 (財務規則 and consultation) are carried by the document."""
    document = document_generate(actor=None, contract=seed, kind="contract", fmt="docx")
    body = flat(docx_text(document.content)[0])
    assert "第18条" in body and "この契約の締結に要する費用は、乙の負担とする。" in body
    assert "甲の事務所の所在地を管轄する裁判所を第一審の裁判所とすることに合意する。" in body
    assert "財務規則の定めによるものとし、なお疑義があるときは、甲と乙とが協議して定めるものとする。" in body


@pytest.mark.clause("K-end")
def test_document_store_journals_nothing_and_document_generate_one_event(seed):
    from itaku.documents.services import document_store

    before, head = Event.objects.count(), head_hash()
    stored = document_store(actor=None, contract=seed, kind="contract", fmt="pdf")
    assert Event.objects.count() == before and head_hash() == head
    assert stored.journal_head == head and stored.sha256 == hashlib.sha256(stored.content).hexdigest()
    assert GeneratedDocument.objects.filter(pk=stored.pk).exists()
    generated = document_generate(actor=None, contract=seed, kind="contract", fmt="pdf")
    assert Event.objects.count() == before + 1
    event = Event.objects.latest("seq")
    assert event.action == "documents.document.generated" and event.object_id == str(generated.pk)
    assert event.data["sha256"] == generated.sha256 and event.data["journal_head"] == head


def _embedded_face(content: bytes):
    """The font program embedded in the PDF ``content`` (its only font), parsed."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    fonts = PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"]
    (font,) = [f.get_object() for f in fonts.values()]
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    data = descriptor["/FontFile2"].get_object().get_data()
    return data, TTFont(io.BytesIO(data))


def test_the_truetype_face_parsed_once_gives_each_document_its_own_subset(seed, tmp_path, monkeypatch):
    """The TrueType face is parsed once per process; each document subsets a copy of it, so what one
    document used does not reach the next, and the parsed face is not changed by subsetting."""
    from itaku.documents.renderers import truetype

    target = tmp_path / "fonts" / "mincho.ttf"
    some = set(range(0x20, 0x7F)) | {ord(c) for c in "契約書業務委託甲乙第条"}
    truetype.build(target, unicodes=some, log=lambda m: None)
    monkeypatch.setattr(truetype, "converted_path", lambda: target)
    monkeypatch.setattr(truetype, "_parsed", {})

    def small():
        pdf = OfficialPDF(title="甲乙", journal_head="0" * 64)
        pdf.add_page()
        pdf.cell(text="甲乙")
        return bytes(pdf.output())

    first = small()
    assert len(truetype._parsed) == 1
    _name, _mime, contract = registry.get(("contract", "pdf"))(seed, journal_head="0" * 64)
    again = small()
    assert len(truetype._parsed) == 1  # parsed once for the three documents
    (first_font, first_face), (again_font, _face) = _embedded_face(first), _embedded_face(again)
    _data, contract_face = _embedded_face(contract)
    assert again_font == first_font  # the contract's glyphs did not reach the next document
    def drawn(face):
        return {g for g in face.getGlyphOrder() if face["glyf"][g].numberOfContours}

    assert 2 <= len(drawn(first_face)) < len(drawn(contract_face))
    assert first_face["cmap"].getBestCmap().keys() >= {ord("甲"), ord("乙")}


def test_the_mincho_converted_to_truetype_is_embedded_and_subset(seed, tmp_path, monkeypatch):
    """`itaku buildfonts` converts the Mincho's CFF outlines to TrueType once; the PDFs then embed a
    subset of it (fast to subset), still embedded and subset. Here a small conversion (a few glyphs)."""
    from itaku.documents.renderers import truetype

    target = tmp_path / "fonts" / "mincho.ttf"
    assert truetype.mincho() == truetype.MINCHO or truetype.mincho().exists()
    some = set(range(0x20, 0x7F)) | {ord(c) for c in "契約書業務委託甲乙第条"}
    truetype.build(target, unicodes=some, log=lambda m: None)
    monkeypatch.setattr(truetype, "converted_path", lambda: target)
    assert truetype.mincho() == target
    _name, _mime, content = registry.get(("contract", "pdf"))(seed, journal_head="0" * 64)
    assert b"/FontFile2" in content and b"/FontFile3" not in content and b"NotoSerifJP" in content
    if shutil.which("pdffonts"):
        path = tmp_path / "c.pdf"
        path.write_bytes(content)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line for line in fonts.splitlines()[2:] if line.strip()]
        assert rows and all("TrueType" in row and re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), fonts
