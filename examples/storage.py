"""Storage: the seed's "Storage API" section (list, upload, download), runnable.

Reads VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION from the environment:

    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/storage.py

Local files are made in a temporary directory. Remote files go to a folder of this run's own,
`/vantage-sdk-examples/<run id>/` (the seed writes to /datasets/), which is deleted at the end, even
after an error: nothing else in the account's storage is touched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from _scratch import Scratch

from vantage_sdk import VantageClient


def progress_callback(bytes_transferred: int, total_bytes: int) -> None:
    percent = (bytes_transferred / total_bytes) * 100
    print(f"  progress: {percent:.1f}%")


def make_local_files(scratch: Path) -> None:
    (scratch / "local-file.txt").write_text("a line of text\n")
    (scratch / "local-dir" / "nested").mkdir(parents=True)
    (scratch / "local-dir" / "a.csv").write_text("x,y\n1,2\n")
    (scratch / "local-dir" / "nested" / "b.json").write_text('{"b": true}\n')
    # 20 MiB: above the 16 MiB threshold, so it travels as a resumable upload in parallel parts.
    (scratch / "large-file.tar.gz").write_bytes(os.urandom(20 * 2**20))


def main() -> None:
    client = VantageClient()
    home = os.getcwd()
    with (
        Scratch(client) as remote,
        tempfile.TemporaryDirectory(prefix="vantage-storage-example-") as scratch,
    ):
        datasets = remote.folder  # where the seed's snippets say "/datasets/"
        os.chdir(scratch)  # the seed's snippets use paths relative to the current directory
        try:
            make_local_files(Path(scratch))

            # --- Upload Files
            # Upload single file
            client.storage.upload("local-file.txt", f"{datasets}remote-file.txt")

            # Upload directory: returns a summary of what was transferred, skipped and failed.
            summary = client.storage.upload_directory("./local-dir/", f"{datasets}remote-dir/")
            print(f"upload_directory: transferred {summary.transferred}, failed {summary.failed}")

            # Upload with progress callback (called about 10 times a second, and once at 100%)
            client.storage.upload(
                "large-file.tar.gz",
                f"{datasets}large-file.tar.gz",
                progress_callback=progress_callback,
            )

            # Upload string content
            client.storage.upload_string("Hello World!", f"{datasets}hello.txt")
            client.storage.upload_string("small file contents", f"{datasets}small-file.txt")

            # --- List Files
            # List files in directory
            files = client.storage.list(datasets)

            # List recursively
            files = client.storage.list(datasets, recursive=True)

            # List with details
            files = client.storage.list(datasets, include_size=True, include_metadata=True)
            for file in files:
                print(f"{file.path.removeprefix(datasets)} ({file.size} bytes)")

            # --- Download Files
            # Download single file
            client.storage.download(f"{datasets}remote-file.txt", "local-file.txt")

            # Download directory
            summary = client.storage.download_directory(f"{datasets}remote-dir/", "./downloaded-dir/")
            print(f"download_directory: {summary.transferred}")

            # Download to memory
            content = client.storage.download_to_string(f"{datasets}small-file.txt")
            print(f"download_to_string: {content!r}")

            # Download with progress (verified against the server's sha256 before it replaces the file)
            client.storage.download(
                f"{datasets}large-file.tar.gz",
                "large-file-copy.tar.gz",
                progress_callback=progress_callback,
            )
            same = Path("large-file-copy.tar.gz").read_bytes() == Path("large-file.tar.gz").read_bytes()
            print(f"round trip of large-file.tar.gz intact: {same}")
            print(f"sha256 on the server: {client.storage.metadata(f'{datasets}large-file.tar.gz').sha256}")
        finally:
            os.chdir(home)
    print(f"cleaned up {remote.folder}")
    client.close()


if __name__ == "__main__":
    main()
