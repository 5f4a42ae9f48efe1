"""``ordbro serve``: the LibreTranslate- and DeepL-compatible translation server."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.options import engine_options, engine_settings, terms_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (beyond loopback only with --api-keys).")  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True)
@terms_option("terms", "Termbase enforced on every request (default: $ORDBRO_TERMS or yours).")
@click.option("--no-terms", is_flag=True, help="Plain machine translation, no termbase.")
@engine_options
@click.option("--api-keys", "api_keys", type=click.Path(dir_okay=False, exists=True),
              help="File of accepted API keys, one per line (required beyond loopback).")  # fmt: skip
@click.option("--char-limit", type=click.IntRange(1), default=10_000, show_default=True,
              help="Characters per request.")  # fmt: skip
@click.option("--chars-per-minute", type=click.IntRange(1), default=200_000, show_default=True,
              help="Characters per API key (or per anonymous caller) per minute.")  # fmt: skip
@click.option("--max-upload", type=click.IntRange(1, 512), default=8, show_default=True,
              help="Largest file for /translate_file, in MiB.")  # fmt: skip
@click.option("--workers", type=click.IntRange(0, 64), default=0,
              help="Translation threads sharing the model (default: one per model thread).")  # fmt: skip
@click.option("--no-batching", is_flag=True, help="Translate one request per model call.")
@click.option("--data-dir", type=click.Path(file_okay=False),
              help="Where the server keeps glossaries, memory and files (default: "
                   "the ordbro data directory's serve/).")  # fmt: skip
@click.option("--no-tm", is_flag=True, help="Neither read nor write a translation memory.")
def serve(
    host: str,
    port: int,
    terms: str | None,
    no_terms: bool,
    model: str | None,
    beam: int,
    threads: int,
    device: str,
    api_keys: str | None,
    char_limit: int,
    chars_per_minute: int,
    max_upload: int,
    workers: int,
    no_batching: bool,
    data_dir: str | None,
    no_tm: bool,
) -> None:
    """Serve translation over HTTP with the LibreTranslate and DeepL APIs.

    \b
    ordbro serve                                  # http://127.0.0.1:5000
    ordbro serve --host 0.0.0.0 --api-keys keys.txt
    """
    from glossary import paths
    from glossary.errors import OrdbroError

    try:
        import python_multipart  # noqa: F401  (starlette's form parser)
        import starlette  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise OrdbroError(
            f"ordbro serve needs the 'serve' extra ({exc.name} is missing): "
            f"pip install 'ordbro[serve]'"
        ) from None
    from glossary.serve.app import create_app
    from glossary.serve.settings import ServeSettings, check_exposure, read_api_keys
    from glossary.termbase import resolve_termbase_path

    keys = read_api_keys(Path(api_keys)) if api_keys else None
    check_exposure(host, keys)
    settings = ServeSettings(
        data_dir=Path(data_dir) if data_dir else paths.data_dir() / "serve",
        host=host,
        port=port,
        terms=None if no_terms else resolve_termbase_path(terms),
        model=model,
        engine=engine_settings(beam, threads, device),
        api_keys=keys,
        char_limit=char_limit,
        chars_per_minute=chars_per_minute,
        upload_limit=max_upload << 20,
        workers=workers,
        batching=not no_batching,
        use_memory=not no_tm,
        directions=served_directions(model),
    )
    click.echo(
        f"ordbro: serving {', '.join(f'{s}->{t}' for s, t in settings.directions)} on "
        f"http://{host}:{port} (LibreTranslate: /translate, DeepL: /v2/translate)",
        err=True,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning",
                timeout_graceful_shutdown=10)  # fmt: skip


def served_directions(model: str | None) -> tuple[tuple[str, str], ...]:
    """The language pairs a model is available for (the given one's pair alone)."""
    from glossary.engine import resolve_model
    from glossary.errors import ModelError

    found = []
    for pair in (("sv", "en"), ("en", "sv")):
        try:
            resolve_model(*pair, model)
        except ModelError:
            continue
        found.append(pair)
    if not found:
        resolve_model("sv", "en", model)  # its error names the problem
    return tuple(found)
