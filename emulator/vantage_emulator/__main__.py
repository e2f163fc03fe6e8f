"""`vantage-emulator` / `python -m vantage_emulator`: serve the emulator over HTTP.

Prints exactly one line, `Vantage emulator listening on http://HOST:PORT`, once it
accepts requests; stops cleanly on SIGINT/SIGTERM (running jobs are terminated and
recorded as failed, pending jobs start again next time).

Jobs run real commands on this machine, so the emulator listens on loopback by
default. With `--host` on another address it refuses the built-in key
`emulator-key`: it needs `--api-key` (or keys in `--config`), or it generates a
random key and prints it to stderr; either way it warns on stderr.

Example:
    $ vantage-emulator --port 0 --data-dir ./.vantage-emulator --api-key KEY --organization ORG
    Vantage emulator listening on http://127.0.0.1:41237
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import secrets
import socket
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import DEFAULT_API_KEY, DEFAULT_ORGANIZATION, ConfigError, Settings, default_clusters, load_config_file
from .core import extension_modules

__all__ = ["main", "parse_args"]

LISTENING = "Vantage emulator listening on"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vantage-emulator", description="A local Vantage API emulator that really runs jobs."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    parser.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks a free one (default 8080)")
    parser.add_argument("--data-dir", type=Path, default=Path(".vantage-emulator"), help="where state and files live")
    parser.add_argument("--api-key", help=f"accepted API key (default {DEFAULT_API_KEY!r} unless --config has keys)")
    parser.add_argument("--organization", help=f"organization of --api-key (default {DEFAULT_ORGANIZATION!r})")
    parser.add_argument("--config", type=Path, help="YAML file with API keys, clusters and knobs")
    parser.add_argument("--cancel-grace-seconds", type=float, help="SIGTERM to SIGKILL delay on cancel (default 5)")
    parser.add_argument("--scale-delay-seconds", type=float, help="how long a cluster stays `scaling` (default 1)")
    parser.add_argument("--validate-responses", action="store_true", help="check JSON responses against the spec")
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")
    for module in extension_modules():
        add = getattr(module, "add_cli_arguments", None)
        if add is not None:
            add(parser)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> tuple[argparse.Namespace, Settings]:
    """Parse flags (and the config file they name) into settings; exits on bad input."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, not {args.port}")
    settings = Settings(data_dir=args.data_dir, host=args.host, port=args.port, clusters=default_clusters())
    try:
        if args.config is not None:
            load_config_file(args.config, settings)
    except ConfigError as exc:
        parser.error(str(exc))
    exposed = not _is_loopback(args.host)
    if exposed and DEFAULT_API_KEY in settings.api_keys:
        parser.error(f"--host {args.host}: the built-in key {DEFAULT_API_KEY!r} is public; configure your own keys")
    if exposed and args.api_key == DEFAULT_API_KEY:
        parser.error(f"--host {args.host} with the built-in key {DEFAULT_API_KEY!r}: pass a secret --api-key")
    if args.api_key or args.organization or not settings.api_keys:
        key = args.api_key or DEFAULT_API_KEY
        if exposed and not args.api_key:
            key = secrets.token_urlsafe(24)
            print(f"vantage-emulator: generated API key {key} (pass --api-key to choose one)", file=sys.stderr)
        org = args.organization or DEFAULT_ORGANIZATION
        settings.api_keys[key] = [org] + [o for o in settings.api_keys.get(key, []) if o != org]
    for knob in ("cancel_grace_seconds", "scale_delay_seconds"):
        value = getattr(args, knob)
        if value is not None:
            if value < 0:
                parser.error(f"--{knob.replace('_', '-')} must not be negative")
            setattr(settings, knob, value)
    settings.validate_responses = settings.validate_responses or args.validate_responses
    if exposed:
        print(
            f"vantage-emulator: WARNING: listening on {args.host}, not loopback: anyone who reaches it with a key"
            " runs real commands on this machine.",
            file=sys.stderr,
        )
    settings.access_log = args.access_log
    for module in extension_modules():
        apply = getattr(module, "apply_cli_arguments", None)
        if apply is not None:
            try:
                apply(args, settings)
            except ConfigError as exc:
                parser.error(str(exc))
    return args, settings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio only sets TCP_NODELAY on accepted sockets whose
    # proto is IPPROTO_TCP, and without it keep-alive clients wait out delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


async def _serve(settings: Settings, log_level: str) -> None:
    import uvicorn

    from .app import create_app
    from .core import Emulator

    emulator = Emulator(settings)
    emulator.start()
    try:
        sock = _bind(settings.host, settings.port)
    except OSError as exc:
        emulator.close()
        raise SystemExit(f"vantage-emulator: cannot listen on {settings.host}:{settings.port}: {exc}") from exc
    config = uvicorn.Config(
        create_app(emulator),
        log_level=log_level,
        access_log=settings.access_log,
        lifespan="off",
        timeout_graceful_shutdown=3,
        server_header=False,
    )

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            super().handle_exit(sig, frame)
            # uvicorn re-raises the signal after its graceful shutdown, which would
            # kill the process before the jobs are stopped; exit normally instead.
            self._captured_signals.clear()

        async def shutdown(self, sockets: Any = None) -> None:
            # Jobs end first, so open log streams send their `end` event before
            # uvicorn waits for connections to close.
            await asyncio.to_thread(emulator.close)
            await super().shutdown(sockets)

    server = Server(config)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host

    async def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            await asyncio.sleep(0.01)
        print(f"{LISTENING} http://{shown}:{port}", flush=True)

    announcer = asyncio.create_task(announce())
    try:
        await server.serve(sockets=[sock])
    finally:
        announcer.cancel()
        emulator.close()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of `vantage-emulator`."""
    # connexion imports starlette's test client, which warns about httpx on import.
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*")
    args, settings = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        import uvloop

        loop_factory: Any = uvloop.new_event_loop
    except ImportError:
        loop_factory = None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(_serve(settings, args.log_level))


if __name__ == "__main__":
    main()
