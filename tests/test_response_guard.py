"""The response guard (size cap, HTML refusal, hook installation) and the event-stream line limits.

The deadline needs a server that trickles; it is tested in tests/reliability/test_reliability_hostile_server.py.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from vantage_sdk import ServerError, UnexpectedResponseError, ValidationError, VantageClient
from vantage_sdk._response_guard import check_max_response_bytes, install_response_guard
from vantage_sdk._streaming import LineReader, SSEDecoder

LIMIT = 4096


class Chunks(httpx.SyncByteStream):
    """A body that arrives in pieces, as from a socket (``content=`` would be read up front)."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from self.chunks


def client_answering(answer: Callable[[httpx.Request], httpx.Response]) -> VantageClient:
    http = httpx.Client(base_url="http://api.test", transport=httpx.MockTransport(answer))
    return VantageClient(api_key="guard-key", http_client=http, max_response_bytes=LIMIT, max_retries=1)


def test_a_success_body_over_the_cap_is_an_unexpected_response() -> None:
    client = client_answering(lambda r: httpx.Response(200, stream=Chunks(b'{"pad": "', b"x" * LIMIT, b'"}')))
    with pytest.raises(UnexpectedResponseError, match="larger than max_response_bytes") as info:
        client.jobs.get("job-3f9a1c2b7d4e")
    assert info.value.attempts == 1  # a broken answer is not retried


def test_a_declared_length_over_the_cap_is_refused_before_reading() -> None:
    class Unread(httpx.SyncByteStream):
        def __iter__(self):  # type: ignore[no-untyped-def]
            raise AssertionError("the body was read")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": str(10 * LIMIT)}, stream=Unread())

    with pytest.raises(UnexpectedResponseError, match=r"a body of 40960 bytes"):
        client_answering(answer).jobs.get("job-3f9a1c2b7d4e")


def test_an_error_body_is_cut_at_the_cap_and_keeps_its_status() -> None:
    client = client_answering(lambda r: httpx.Response(503, stream=Chunks(*[b"!" * 1000] * 12)))
    with pytest.raises(ServerError) as info:
        client.jobs.get("job-3f9a1c2b7d4e")
    assert info.value.attempts == 2
    assert info.value.response is not None and len(info.value.response.content) == LIMIT


def test_html_in_place_of_an_api_answer_is_refused() -> None:
    page = httpx.Response(200, headers={"Content-Type": "text/html; charset=utf-8"}, content=b"<html>login</html>")
    with pytest.raises(UnexpectedResponseError, match="text/html"):
        client_answering(lambda r: page).jobs.logs("job-3f9a1c2b7d4e")


def test_installing_twice_keeps_one_guard_first_in_line() -> None:
    def user_hook(response: httpx.Response) -> None:
        pass

    http = httpx.Client(event_hooks={"response": [user_hook]})
    install_response_guard(http, LIMIT)
    install_response_guard(http, 2 * LIMIT)
    hooks = http.event_hooks["response"]
    assert len(hooks) == 2 and hooks[1] is user_hook


@pytest.mark.parametrize("value", [0, 1023, True, 2.5, "32MiB"])
def test_max_response_bytes_is_checked(value: object) -> None:
    with pytest.raises(ValidationError, match="max_response_bytes"):
        check_max_response_bytes(value)


def test_line_reader_splits_every_line_ending_across_pieces() -> None:
    reader = LineReader(limit=8)
    assert reader.feed("a\r") == ["a"]
    assert reader.feed("\nb\rc") == ["b"]
    assert reader.feed("d\n\n") == ["cd", ""]
    assert reader.feed("tail") == []
    assert reader.flush() == ["tail"]


def test_line_reader_and_sse_decoder_refuse_what_is_too_long() -> None:
    reader = LineReader(limit=8)
    reader.feed("12345")
    with pytest.raises(UnexpectedResponseError, match="a line longer than 8"):
        reader.feed("6789")
    decoder = SSEDecoder(limit=8)
    decoder.feed("data: 1234")
    with pytest.raises(UnexpectedResponseError, match="an event longer than 8"):
        decoder.feed("data: 5678")
