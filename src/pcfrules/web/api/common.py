"""What the REST API's modules share: the prefix, error responses, pagination links, files."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from pcfrules.web.api.models import Problem

PREFIX = "/api/v1"
MAX_ID = 2**31 - 1  # the largest id a path may name (beyond it nothing is kept)


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problems an endpoint may answer (RFC 9457 bodies)."""
    described = {
        400: "请求有误 · Bad request",
        401: "缺少或无效的访问令牌 · Missing or invalid bearer token",
        403: "无权操作（角色或机构不符）· Forbidden: the role or membership is missing",
        404: "未找到（或不在你的空间中）· Not found, or not in your space",
        409: "与当前程序状态冲突 · Conflicts with the procedure's state",
        422: "字段有误（errors 列出每个字段）· Invalid fields (listed in errors)",
    }
    return {
        status: {
            "model": Problem,
            "description": described[status],
            "content": {"application/problem+json": {}},
        }
        for status in (401, 422, *statuses)
    }


def page_links(request: Request, offset: int, limit: int, total: int) -> str:
    """An RFC 8288 ``Link`` header with the next and previous pages (absolute URLs)."""
    links = []
    if offset + limit < total:
        url = request.url.include_query_params(offset=offset + limit, limit=limit)
        links.append(f'<{url}>; rel="next"')
    if offset > 0:
        url = request.url.include_query_params(offset=max(offset - limit, 0), limit=limit)
        links.append(f'<{url}>; rel="prev"')
    return ", ".join(links)


def file_response(name: str, media_type: str, data: bytes) -> Response:
    """A file to download under its own name."""
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "文件 · The file",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
