"""Pages whose HTTP charset is wrong: read with the charset they declare, else cp1252."""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import Headers, HtmlResponse, Response
from w3lib.encoding import html_body_declared_encoding


class CharsetMiddleware:
    """Fix pages whose HTTP charset is wrong: a body that is not valid UTF-8 though the header says so is read
    with the charset the page declares, else cp1252 (the usual culprit)."""

    def process_response(self, request: Request, response: Response) -> Response:
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if not isinstance(response, HtmlResponse) or not UTF8_HEADER.search(content_type):
            return response
        try:
            response.body.decode("utf-8")
        except UnicodeDecodeError:
            declared = html_body_declared_encoding(response.body)
            encoding = declared if declared and declared.lower().replace("-", "") != "utf8" else "cp1252"
            return response.replace(encoding=encoding, headers=_without_charset(response))
        return response


UTF8_HEADER = re.compile(r"charset\s*=\s*[\"']?utf-?8", re.IGNORECASE)


def _without_charset(response: Response) -> Headers:
    headers = response.headers.copy()
    headers[b"Content-Type"] = b"text/html"
    return headers
