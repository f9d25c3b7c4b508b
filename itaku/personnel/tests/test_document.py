"""Form F-P, filled from a version of the responsibility report: the seed's layout, A4, Mincho embedded; more
than five workers continue on a second page; XLSX; and ``itaku render F-P``."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from itaku.accounts.models import User
from itaku.accounts.services import user_save
from itaku.personnel.models import ReportVersion
from itaku.personnel.renderers import render_pdf, render_xlsx
from itaku.personnel.services import entry_save, report_draft
from itaku.rates.tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db
HEAD = "0" * 64


def accepted(contract):
    return ReportVersion.objects.get(report__contract=contract, number=1)


@pytest.mark.clause("P-3")
def test_pdf_in_the_seeds_layout_a4_with_mincho_embedded(demo, seed):
    content = render_pdf(accepted(seed), HEAD)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    assert b"/FontFile3" in content and b"NotoSerifJP" in content
    text = pdf_text(content)
    for words in ("個人情報保護に係る責任体制報告書", "令和5年6月1日", "山梨県知事 殿",
                  "（所属名：福祉保健部 健康増進課）", "山梨県甲府市見本町一丁目2番3号（サンプル）",
                  "株式会社サンプル広告（サンプル）", "代表取締役 見本 太郎", "個人情報保護責任者", "管理部 部長",
                  "保護 花子（サンプル）", "055-000-0000", "作業 一美（サンプル）", "作業 二朗（サンプル）", "(注) 1",
                  "お預かりした個人情報は", HEAD):
        assert words in text.replace("\n", ""), words


@pytest.mark.clause("P-3")
def test_more_than_five_workers_continue_on_a_second_page(demo, seed):
    draft = report_draft(actor=demo["rep"], contract=seed)
    for i in range(6):
        user = user_save(actor=None, user=User(username=f"extra{i}", organisation=seed.contractor,
                                               display_name=f"追加 作業者{i}", job_title="制作部"))
        entry_save(actor=demo["rep"], version=draft, user=user, role="worker", affiliation="制作部",
                   name=f"追加 作業者{i}")
    content = render_pdf(draft, HEAD)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    text = pdf_text(content)
    for i in range(6):
        assert f"追加 作業者{i}" in text
    page2 = pdf_text(content).split("作業従事者（続き）", 1)[1]
    assert "追加 作業者3" in page2 and "追加 作業者5" in page2
    sheet = load_workbook(io.BytesIO(render_xlsx(draft, HEAD))).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert all(f"追加 作業者{i}" in values for i in range(6)) and "保護 花子（サンプル）" in values


@pytest.mark.clause("P-3")
def test_the_render_command_prints_the_current_version(demo, seed, tmp_path):
    for fmt in ("pdf", "xlsx"):
        path = tmp_path / f"fp.{fmt}"
        call_command("render", "F-P", "--contract", str(seed.pk), "--format", fmt, "--output", str(path),
                     stdout=io.StringIO())
        assert path.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    call_command("render", "F-P", "--contract", str(seed.pk), "--source", str(accepted(seed).pk),
                 "--output", str(tmp_path / "v1.pdf"), stdout=io.StringIO())
