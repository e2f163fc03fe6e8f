"""The Go SDK's generated package: oapi-codegen (pinned in sdks/go/tools.mod) on the overlaid contract.

Writes `sdks/go/internal/api/`: `client.gen.go` (models and request functions from oapi-codegen with
`sdks/go/generate/oapi-codegen.yaml`) and `hints.gen.go` (each operation's method, path, retry safety
and streaming kind from the `x-vantage-*` overlay hints, which oapi-codegen does not carry).
The contract gets `overlays/` first, then the Go-only `sdks/go/generate/overlay.yaml`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._build import ROOT, overlaid_document, sync_tree
from ._spec import GenerationError

__all__ = ["GO_MODULE", "GO_OUTPUT", "generate_go"]

GO_MODULE = ROOT / "sdks" / "go"
GO_OUTPUT = GO_MODULE / "internal" / "api"
_SETTINGS = GO_MODULE / "generate"
_METHODS = ("get", "put", "post", "delete", "patch")


def generate_go(spec: Path, overlays: Sequence[Path], *, check: bool = False) -> list[str]:
    """Regenerate (or with `check`, compare) `sdks/go/internal/api/`; return the files that differ."""
    go = shutil.which("go")
    if go is None:
        raise GenerationError("the Go toolchain (`go`) is not on PATH; it generates sdks/go/internal/api")
    document, _ = overlaid_document(spec, [*overlays, _SETTINGS / "overlay.yaml"])
    header = f"// Code generated from {document.display} by `python -m generator`; DO NOT EDIT.\n\n"
    with tempfile.TemporaryDirectory(prefix="vantage-go-generator-") as tmp:
        fresh = Path(tmp) / "api"
        fresh.mkdir()
        overlaid = Path(tmp) / "vantage.json"
        overlaid.write_text(json.dumps(document.data, indent=1), encoding="utf-8")
        client = fresh / "client.gen.go"
        config = str(_SETTINGS / "oapi-codegen.yaml")
        _run([go, "tool", "-modfile=tools.mod", "oapi-codegen", "-config", config, "-o", str(client), str(overlaid)])
        client.write_text(header + client.read_text(encoding="utf-8"), encoding="utf-8")
        hints = fresh / "hints.gen.go"
        hints.write_text(header + _hints_source(document.data), encoding="utf-8")
        _run([shutil.which("gofmt") or str(Path(go).parent / "gofmt"), "-w", str(hints)])
        return sync_tree(fresh, GO_OUTPUT, write=not check)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=GO_MODULE, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = " ".join((result.stderr or result.stdout).split())
        raise GenerationError(f"{Path(command[0]).name} failed generating the Go package: {message}")


def _go_name(operation_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in operation_id.split("_"))


def _hints_source(spec: dict[str, Any]) -> str:
    entries: list[str] = []
    for path, item in spec["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            name = _go_name(operation["operationId"])
            retry_safe = "true" if operation.get("x-vantage-retry-safe") is True else "false"
            stream = json.dumps(operation.get("x-vantage-stream", ""))
            entries.append(
                f"// Op{name} is {method.upper()} {path}.\n"
                f"var Op{name} = Operation{{ID: {json.dumps(operation['operationId'])}, "
                f"Method: {json.dumps(method.upper())}, Path: {json.dumps(path)}, "
                f"RetrySafe: {retry_safe}, Stream: {stream}}}\n"
            )
    entries.sort()
    return (
        "package api\n\n"
        "// Operation is what the overlays say about one API operation.\n"
        "type Operation struct {\n"
        "\tID        string // the spec's operationId\n"
        "\tMethod    string\n"
        "\tPath      string\n"
        "\tRetrySafe bool   // x-vantage-retry-safe: may be repeated after a lost response, a 429 or a 5xx\n"
        '\tStream    string // x-vantage-stream: "sse", "download", "upload" or ""\n'
        "}\n\n" + "\n".join(entries)
    )
