"""The built SPA: real files when they exist, index.html for every other app path (history routing)."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse, HTMLResponse, Response

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Omnipresence</title></head>
<body>
<main><h1>Omnipresence</h1><p>The web app has not been built. Run <code>make run</code>.</p></main></body></html>"""


class SpaFiles:
    def __init__(self, root: Path):
        self.root = root.resolve()

    def response(self, path: str) -> Response:
        index = self.root / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503)
        # No file of ours has a NUL in its name (the file system would refuse to look one up).
        candidate = None if "\x00" in path else (self.root / path.lstrip("/")).resolve()
        if candidate is not None and candidate.is_file() and candidate.is_relative_to(self.root):
            # Vite fingerprints what it puts in assets/: those never change under the same name.
            immutable = candidate.parent.name == "assets"
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
        if Path(path).suffix:
            # A missing file (an asset of an older build) is not an app page.
            return Response("Not found", status_code=404, media_type="text/plain")
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
