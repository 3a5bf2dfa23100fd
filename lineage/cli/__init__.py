"""The ``lineage`` command line.

Each group of commands lives in its own module and registers itself on
:data:`main`; user errors (any :class:`~lineage.errors.LineageError`) become one
line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import errno
import logging

import click

from lineage.errors import LineageError


class UserError(click.ClickException):
    """A user's mistake: one line, exit code 2."""

    exit_code = 2


class LineageGroup(click.Group):
    """A click group that turns the project's own errors into :class:`UserError`."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LineageError as err:
            raise UserError(str(err)) from None
        except OSError as err:
            if err.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            # A file the command writes (rejects, report, journal) hit a full disk.
            where = f" writing {err.filename}" if err.filename else ""
            raise UserError(f"the disk is full{where}: free some space, then run the same command again") from None
        except KeyboardInterrupt:
            raise click.Abort() from None


@click.group(cls=LineageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="remix-lineage-explorer")
def main() -> None:
    """Remix Lineage Explorer: trace how creative work is remixed.

    The graph lives in Neo4j: the server named by NEO4J_URI, or else the
    project's own local Neo4j under LINEAGE_HOME (default .lineage/).
    """
    _say_first_start_steps()


class _StderrLine(logging.Handler):
    """One ``lineage: …`` line on the stderr of the moment (click's, so a test runner's too)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"lineage: {record.getMessage()}", err=True)


def _say_first_start_steps() -> None:
    """Print on stderr what a first start of the local Neo4j does once and waits for (lineage.localdb's log)."""
    logger = logging.getLogger("lineage.localdb")
    if not any(isinstance(h, _StderrLine) for h in logger.handlers):
        logger.addHandler(_StderrLine(logging.INFO))
    logger.setLevel(logging.INFO)


def _register() -> None:
    # Imported for their side effect: each module adds its commands to main.
    import importlib

    for module in ("db_commands", "load_commands", "lineage_commands", "web_commands", "generate_commands",
                   "metrics_commands", "credit_commands", "demo_commands", "search_commands"):
        importlib.import_module(f"lineage.cli.{module}")


_register()
