"""Run openapi-python-client on the (overlaid) contract and write a formatted, headed tree."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._hints import place_hints
from ._overlay import Provenance, apply_overlays
from ._spec import Document, GenerationError, load_document, validate_spec

__all__ = [
    "OPENAPI_PYTHON_CLIENT_VERSION",
    "ROOT",
    "display_path",
    "generate",
    "overlaid_document",
    "overlay_files",
    "render",
    "sync_tree",
]

ROOT = Path(__file__).resolve().parent.parent
OPENAPI_PYTHON_CLIENT_VERSION = "0.29.1"
CONFIG = ROOT / "generator" / "config.yaml"
RUFF_CONFIG = ROOT / "generator" / "ruff.toml"
TEMPLATES = ROOT / "templates"
_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")


def display_path(path: Path) -> str:
    """`path` relative to the repository root when it is inside it, so messages and headers do not depend on cwd."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def render(
    spec: Path,
    package_dir: Path,
    *,
    overlays: Sequence[Path] = (),
    config: Path = CONFIG,
    templates: Path = TEMPLATES,
) -> None:
    """Generate the package for `spec` with `overlays` applied into the empty or missing directory `package_dir`."""
    document, provenance = overlaid_document(spec, overlays)
    place_hints(document.data, document, provenance)
    _run_openapi_python_client(document.data, document.display, package_dir, config, templates)
    _write_schemas(document.data, package_dir)
    header = f"# generated from {document.display} by `python -m generator`, do not edit\n"
    for module in sorted(package_dir.rglob("*.py")):
        module.write_text(header + module.read_text(encoding="utf-8"), encoding="utf-8")
    _format(package_dir)


# What the SDK's own checks read from a schema (client-side checks of job templates, say); the prose is left out.
_SCHEMA_KEYWORDS = frozenset(
    {
        "$ref", "type", "properties", "required", "additionalProperties", "items", "allOf", "enum", "nullable",
        "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "default",
    }
)  # fmt: skip


def _schema_rules(schema: Any) -> Any:
    """`schema` with only the keywords in _SCHEMA_KEYWORDS and the SDK's `x-vantage-*` hints, at every level."""
    if isinstance(schema, list):
        return [_schema_rules(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kept: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties":
            kept[key] = {name: _schema_rules(sub) for name, sub in value.items()}
        elif key in _SCHEMA_KEYWORDS or str(key).startswith("x-vantage-"):
            kept[key] = _schema_rules(value)
    return kept


def _write_schemas(data: dict[str, Any], package_dir: Path) -> None:
    """`schemas.py`: the contract's component schemas as data, for checks the SDK makes before sending."""
    schemas = data.get("components", {}).get("schemas", {})
    rules = {name: _schema_rules(schema) for name, schema in schemas.items()}
    (package_dir / "schemas.py").write_text(
        '"""The component schemas of the contract (validation keywords only), as the SDK\'s client-side checks read them.\n\n'
        'A `$ref` names another entry as `#/components/schemas/<Name>`."""\n\n'
        "from typing import Any\n\n"
        f"SCHEMAS: dict[str, Any] = {rules!r}\n",
        encoding="utf-8",
    )


def overlaid_document(spec: Path, overlays: Sequence[Path] = ()) -> tuple[Document, Provenance]:
    """Load and validate `spec`, apply `overlays` in order and validate the result again."""
    document = load_document(spec, display_path(spec))
    validate_spec(document)
    overlay_documents = [load_document(path, display_path(path)) for path in overlay_files(overlays)]
    provenance = apply_overlays(document.data, overlay_documents)
    if overlay_documents:
        validate_spec(Document(f"{document.display} with overlays applied", document.data, document.root))
    return document, provenance


def overlay_files(paths: Sequence[Path]) -> list[Path]:
    """The overlay files named by `paths`, in order; a directory stands for its *.yaml files by name."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


def generate(
    spec: Path,
    output: Path,
    *,
    overlays: Sequence[Path] = (),
    config: Path = CONFIG,
    templates: Path = TEMPLATES,
    check: bool = False,
) -> list[str]:
    """Regenerate `output` from `spec` and `overlays`; return the files (relative to `output`) that differed.

    With `check`, `output` is left untouched and only the differences are returned.
    """
    with tempfile.TemporaryDirectory(prefix="vantage-generator-") as tmp:
        fresh = Path(tmp) / output.name
        render(spec, fresh, overlays=overlays, config=config, templates=templates)
        return sync_tree(fresh, output, write=not check)


def _run_openapi_python_client(
    data: dict[str, Any], display: str, package_dir: Path, config: Path, templates: Path
) -> None:
    import openapi_python_client
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser import GeneratorData
    from openapi_python_client.parser.errors import GeneratorError

    if openapi_python_client.__version__ != OPENAPI_PYTHON_CLIENT_VERSION:
        raise GenerationError(
            f"openapi-python-client {openapi_python_client.__version__} is installed; "
            f"the templates are written for {OPENAPI_PYTHON_CLIENT_VERSION} (run `make .venv`)"
        )
    try:
        config_file = ConfigFile.load_from_path(config)
    except Exception as err:  # ruamel and pydantic errors: report them as bad input, not a crash
        raise GenerationError(f"{display_path(config)}: invalid generator config: {_one_line(str(err))}") from None
    settings = Config.from_sources(
        config_file,
        MetaType.NONE,
        document_source=Path(display),
        file_encoding="utf-8",
        overwrite=True,
        output_path=package_dir,
    )
    openapi = GeneratorData.from_dict(data, config=settings)
    if isinstance(openapi, GeneratorError):
        raise GenerationError(f"{display}: {_describe(openapi)}")
    project = openapi_python_client.Project(openapi=openapi, config=settings, custom_template_path=templates)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <dir>"
        problems = project.build()
    if problems:
        # A problem means an endpoint or model was left out, so the client would silently miss it.
        raise GenerationError(f"{display}: {_describe(problems[0])}" + _more(len(problems) - 1))


def _describe(error: Any) -> str:
    text = f"{error.header}: {error.detail}" if error.detail else str(error.header)
    return _one_line(text)


def _more(count: int) -> str:
    return f" (and {count} more)" if count else ""


def _one_line(text: str) -> str:
    # openapi-python-client sometimes formats an object's repr (with its address) into a message.
    return " ".join(_OBJECT_REPR.sub("(see the spec)", text).split())


def _ruff() -> str:
    candidate = Path(sys.executable).parent / "ruff"
    found = str(candidate) if candidate.exists() else shutil.which("ruff")
    if found is None:
        raise GenerationError("ruff is not installed in this environment (run `make .venv`)")
    return found


def _format(package_dir: Path) -> None:
    ruff = _ruff()
    for command in (
        [ruff, "check", "--fix-only", "--quiet", "--no-cache", "--config", str(RUFF_CONFIG), str(package_dir)],
        [ruff, "format", "--quiet", "--no-cache", "--config", str(RUFF_CONFIG), str(package_dir)],
    ):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise GenerationError(f"ruff failed on the generated code: {_one_line(result.stderr or result.stdout)}")
    shutil.rmtree(package_dir / ".ruff_cache", ignore_errors=True)


def _files(tree: Path) -> dict[str, bytes]:
    if not tree.is_dir():
        return {}
    return {
        path.relative_to(tree).as_posix(): path.read_bytes()
        for path in tree.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def sync_tree(fresh: Path, output: Path, *, write: bool) -> list[str]:
    """Make `output` hold exactly the files of `fresh` (unless not `write`); return the names that differed."""
    new, old = _files(fresh), _files(output)
    changed = sorted(name for name in new.keys() | old.keys() if new.get(name) != old.get(name))
    if not write:
        return changed
    for name in changed:
        target = output / name
        if name in new:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(new[name])
        else:
            target.unlink()
    for directory in sorted((d for d in output.rglob("*") if d.is_dir()), key=lambda d: len(d.parts), reverse=True):
        if directory.name != "__pycache__" and not any(p.name != "__pycache__" for p in directory.iterdir()):
            shutil.rmtree(directory)
    return changed
