"""Input a user hands the SDK: hostile templates, odd local trees, dangerous download destinations.

Nothing here needs a server except where a transfer runs; those use the emulator on 127.0.0.1.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
import yaml

from vantage_sdk import ValidationError
from vantage_sdk._exceptions import api_error_from_response
from vantage_sdk._templates import MAX_TEMPLATE_BYTES, build_submit_request, load_template_file

from .conftest import Figures

pytestmark = pytest.mark.timeout(120)


def billion_laughs_in_name() -> str:
    """A template of a few hundred bytes whose ``name`` expands to 9**9 strings (gigabytes as a repr)."""
    levels = ['&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for this, below in zip("bcdefghi", "abcdefgh", strict=True):
        levels.append(f"&{this} [" + ",".join([f"*{below}"] * 9) + "]")
    return "name: [" + ", ".join(levels) + "]\nspec: {command: [echo]}\n"


def test_a_yaml_alias_bomb_is_refused_quickly_with_a_short_message(tmp_path: Path, figures: Figures) -> None:
    text = billion_laughs_in_name()
    template = tmp_path / "bomb.yaml"
    template.write_text(text)
    started = time.process_time()
    with pytest.raises(ValidationError) as info:
        build_submit_request(load_template_file(template), source=str(template))
    cpu = time.process_time() - started
    assert str(template) in str(info.value)
    assert len(str(info.value)) < 400
    figures.add(
        "hostile input",
        f"{len(text)}-byte billion laughs in name: ValidationError after {cpu * 1000:.0f} ms CPU, "
        f"message {len(str(info.value))} chars (before: hung building a gigabyte repr, killed after 120 s)",
    )


def test_a_1_mib_string_aliased_199_times_is_refused(tmp_path: Path, figures: Figures) -> None:
    big = "x" * (1024 * 1024)
    text = f"name: n\nspec:\n  command: [&big {big}, " + ", ".join(["*big"] * 199) + "]\n"
    template = tmp_path / "aliases.yaml"
    template.write_text(text)
    with pytest.raises(ValidationError) as info:
        load_template_file(template)
    assert "too large" in str(info.value)
    # The same template handed over as data (no file to cap) is refused by the expanded size.
    data = yaml.safe_load(text)
    started = time.process_time()
    with pytest.raises(ValidationError) as info:
        build_submit_request(data)
    assert "aliases are expanded" in str(info.value)
    assert len(str(info.value)) < 400
    figures.add(
        "hostile input",
        f"1 MiB string aliased 199 times: file refused by the {MAX_TEMPLATE_BYTES // 1024} KiB cap, as data "
        f"refused in {(time.process_time() - started) * 1000:.0f} ms CPU (before: a 200 MiB request body built)",
    )


def test_error_messages_quote_only_an_excerpt_of_a_value() -> None:
    with pytest.raises(ValidationError) as info:
        build_submit_request({"name": "n", "spec": {"command": ["echo", ["x" * 100_000]]}})
    assert len(str(info.value)) < 300
    with pytest.raises(ValidationError) as info:
        build_submit_request({"name": "y" * 100_000, "spec": {"command": "not a list " * 10_000}})
    assert len(str(info.value)) < 300


def test_the_api_key_is_redacted_as_a_whole_token_only() -> None:
    request = httpx.Request("GET", "http://127.0.0.1/v1/jobs", headers={"Authorization": "Bearer test"})
    body = {"title": "Bad", "detail": "the latest test key test was refused; contest over (key=test)"}
    error = api_error_from_response(httpx.Response(400, json=body, request=request))
    assert error.message == "the latest *** key *** was refused; contest over (key=***)"


def test_a_template_file_over_the_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    template = tmp_path / "huge.yaml"
    with template.open("w") as f:
        f.write("name: n\nspec: {command: [echo]}\n#")
        f.write("x" * MAX_TEMPLATE_BYTES)
    with pytest.raises(ValidationError) as info:
        load_template_file(template)
    assert "too large" in str(info.value)
    assert os.fspath(template) in str(info.value)
