"""``ordbro models``: list, install (from a file or the Argos index) and remove model packages."""

from __future__ import annotations

import json
from pathlib import Path

import click

from glossary.cli.options import json_option


@click.group("models")
def models() -> None:
    """List, install and remove Argos translation model packages."""


@models.command("list")
@json_option("Print a JSON list.")
def list_models(as_json: bool) -> None:
    """Installed packages and the bundled starter models."""
    from glossary.models import installed_models

    found = installed_models()
    if as_json:
        click.echo(json.dumps([m.to_json() for m in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("No models installed. Run `ordbro models install sv en` to get one.")
        return
    for m in found:
        kind = "bundled" if m.bundled else "installed"
        click.echo(
            f"{m.name:<28} {m.from_code}->{m.to_code}  v{m.version:<6} "
            f"{_size(m.size):>9}  {kind:<9}  {m.path}"
        )


@models.command("install")
@click.argument("source")
@click.argument("target", required=False)
def install(source: str, target: str | None) -> None:
    """Install FILE.argosmodel, or download the SOURCE->TARGET model (e.g. `sv en`)."""
    from glossary import models as model_store

    if target is None:
        if not Path(source).exists():
            raise click.UsageError(
                f"{source}: no such file; give a .argosmodel file or two language codes (sv en)"
            )
        info = model_store.install_from_file(source)
    else:
        state: dict = {}

        def progress(done: int, total: int) -> None:
            if "bar" not in state:
                state["bar"] = click.progressbar(
                    length=total or None,
                    label=f"Downloading {source}->{target}",
                    file=click.get_text_stream("stderr"),
                )
                state["bar"].__enter__()
                state["done"] = 0
            state["bar"].update(done - state["done"])
            state["done"] = done

        try:
            info = model_store.install_from_index(source, target, progress=progress)
        finally:
            if "bar" in state:
                state["bar"].__exit__(None, None, None)
    click.echo(f"Installed {info.name} ({info.from_code}->{info.to_code}, v{info.version})")


@models.command("remove")
@click.argument("code")
def remove(code: str) -> None:
    """Remove an installed package (e.g. translate-sv_en-1_5, or sv_en)."""
    from glossary.models import remove_model

    remove_model(code)
    click.echo(f"Removed {code}")


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)
