"""``unsent keys``, ``unsent feedback`` and ``unsent secrets``: the operator's storage commands.

They read the same ``UNSENT_*`` settings as the server, so they act on the database and key
file the server uses. Thin: each command calls ``service.admin`` and prints the result.
"""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service import admin

keys_app = typer.Typer(help="Create, list and revoke API keys (keyed mode).", no_args_is_help=True)
feedback_app = typer.Typer(help="Feedback sent through POST /v1/feedback.", no_args_is_help=True)
secrets_app = typer.Typer(help="The encryption keys of held drafts and feedback.", no_args_is_help=True)
console = Console()


@keys_app.command("create")
def create_key(
    name: Annotated[str, typer.Option(help="Who or what the key is for, e.g. the app's name.")],
    admin_key: Annotated[bool, typer.Option("--admin", help="May also call /v1/admin/*.")] = False,
) -> None:
    """Create a key with its own profile. The key is shown once; only its hash is stored."""
    key = admin.create_key(name=name, admin=admin_key)
    console.print(f"Created key '{key.name}'{' (admin)' if key.admin else ''}. Copy it now; it is not shown again:")
    console.print(key.secret, markup=False, highlight=False, soft_wrap=True)


@keys_app.command("list")
def list_keys() -> None:
    """The keys, by name and prefix (never the key itself)."""
    table = Table("name", "prefix", "admin", "created", "revoked")
    for key in admin.list_keys():
        table.add_row(key.name, key.prefix + "…", "yes" if key.admin else "", f"{key.created_at:%Y-%m-%d %H:%M}",
                      f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "")
    console.print(table)


@keys_app.command("revoke")
def revoke_key(key: Annotated[str, typer.Argument(help="The key's name, prefix or id.")]) -> None:
    """Revoke a key: requests with it get 401 from now on. Its holds stay stored."""
    count = admin.revoke_key(key)
    if count == 0:
        raise admin.AdminError(f"No active key is named, prefixed or identified '{key}'; see 'unsent keys list'.")
    console.print(f"Revoked {count} key{'s' if count > 1 else ''}.")


@feedback_app.command("export")
def export_feedback(
    out: Annotated[Path, typer.Option(help="JSONL file to write, in the format 'unsent train --extra' reads.")],
) -> None:
    """Write all feedback, decrypted, as labeled drafts."""
    count = admin.export_feedback(out)
    console.print(f"Wrote {count} labeled draft{'s' if count != 1 else ''} to {out}.")


@secrets_app.command("rotate")
def rotate_secrets() -> None:
    """Add a new encryption key in front of the key file and re-encrypt everything stored with it."""
    count = admin.rotate_encryption()
    console.print(f"Re-encrypted {count} stored texts with a new key; older keys stay in the file for reading.")


@secrets_app.command("new-key")
def new_key() -> None:
    """Print a fresh key, for UNSENT_ENCRYPTION_KEYS (put it first to encrypt with it)."""
    console.print(admin.new_encryption_key(), markup=False, highlight=False)
