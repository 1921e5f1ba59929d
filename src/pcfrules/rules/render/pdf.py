"""PDF through WeasyPrint and the Noto CJK fonts: the standard text, and the study report.

The same engine as the study report, so both read alike; the print styles of the HTML
(``@page``: A4, GB margins, running header with the number, page numbers in Roman for the
front matter and Arabic from clause 1, the 目次's page numbers) are what WeasyPrint lays out.
"""

from __future__ import annotations

from pcfrules.errors import Location, RenderError


def write(html: str) -> bytes:
    """The page as PDF bytes; needs Pango and CJK fonts (Debian: see scripts/system-deps.sh)."""
    try:
        import weasyprint  # heavy, and needs system libraries: imported only for PDFs
    except OSError as exc:
        raise RenderError(
            zh=f"无法生成 PDF：缺少系统库（{exc}）。请安装 Pango 与 Noto CJK 字体",
            en=f"cannot write PDF: system libraries missing ({exc}); install Pango "
            "and the Noto CJK fonts (scripts/system-deps.sh)",
            location=Location(path="--format"),
        ) from exc
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
