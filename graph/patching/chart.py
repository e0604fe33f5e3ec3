"""A chart's values as the planners see them (pure).

Where the app's settings are, the values people set in modify decisions, and how a computed value is
raised within the guardrails.

Charts keep a workload's settings under the app's own key in an umbrella chart
(`grafana.resources`) first, then from the top: the section itself or a component of it
(ingress-nginx `controller`, prometheus/argo `server`, bitnami `primary`, generic `app`/`main`).
A planner that cannot make a safe change raises `Refused` with the reason.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from graph.patching.quantity import Quantity, parse_quantity, scale
from graph.patching.remediation import Guardrails, Remediation
from graph.patching.yaml_splice import Path, ValuesText, dotted

_COMPONENTS: tuple[Path, ...] = (
    (),
    ("controller",),
    ("server",),
    ("primary",),
    ("app",),
    ("main",),
)
_WORKLOAD_KEYS = {"image", "resources", "replicaCount", "replicas", "persistence"}


class Refused(Exception):
    """Raised while planning: no safe change; `plan_patch` returns it as a Refusal."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One setting to change: its path, the value as written now (None: unset), the new one."""

    path: Path
    old: str | None
    new: str
    string: bool = False  # must read back as a string (an image tag)


class Chart:
    """The parsed values plus what every planner needs: scopes, overrides, factor, limits."""

    def __init__(
        self,
        doc: ValuesText,
        app: str,
        remediation: Remediation,
        guardrails: Guardrails,
        maximums: tuple[Quantity, Quantity],
        overrides: Mapping[str, str],
    ) -> None:
        """Find the scopes of `app` in `doc`; `overrides` are the values people set."""
        self.doc, self.remediation, self.guardrails = doc, remediation, guardrails
        self.max_memory, self.max_cpu = maximums
        self.step = ""  # how the planners chose a computed value (Patch.step)
        self.notes: list[str] = []  # what the reviewer should know about that choice
        self.overrides = {str(k).strip(): str(v).strip() for k, v in overrides.items()}
        bases = [(app,), ()] if app else [()]
        candidates = dict.fromkeys((*base, *part) for base in bases for part in _COMPONENTS)
        self.scopes = [s for s in candidates if not s or doc.keys(s)]
        with_workload = [s for s in self.scopes if _WORKLOAD_KEYS & doc.keys(s)]
        self.primary = with_workload[0] if with_workload else ()  # where missing keys go

    def find(self, *relatives: Path) -> Path | None:
        """The first setting present among `relatives`, searching the scopes in order."""
        for scope in self.scopes:
            for relative in relatives:
                if self.doc.has((*scope, *relative)):
                    return (*scope, *relative)
        return None

    def factor(self) -> Fraction:
        """The remediation's factor, refused when below 1 or above the guardrail."""
        factor, maximum = self.remediation.factor, self.guardrails.max_factor
        if not math.isfinite(factor) or factor < 1:
            raise Refused(f"factor {factor} would not raise anything: it must be at least 1")
        if factor > maximum:
            raise Refused(f"factor {factor} is above the guardrail max_factor={maximum}")
        return Fraction(repr(factor))

    def raised(self, old: Quantity, resolution: Fraction) -> Quantity:
        """`old` raised by the remediation.

        To its learned target when that is above `old` (at most max_factor × `old`), else ×
        factor (said in a note when a target was learned but is already reached).
        """
        target = self._target()
        if target is not None and target > old:
            most = scale(old, Fraction(repr(self.guardrails.max_factor)), resolution=resolution)
            if target > most:
                self._learned_capped(target, most)
                return most
            self.step = f"to the learned {target}"
            return target
        factor = self.factor()
        if target is not None:
            self._learned_reached(target, old)
        self.step = f"×{float(factor):g}"
        return scale(old, factor, resolution=resolution)

    def raised_count(self, old: int) -> int:
        """`raised` for a count (replicas): rounded up, never a fraction of a pod."""
        target = self._target()
        if target is not None and target.value > old:
            most = math.ceil(old * Fraction(repr(self.guardrails.max_factor)))
            wanted = math.ceil(target.value)
            if wanted > most:
                self._learned_capped(target, most)
                return most
            self.step = f"to the learned {wanted}"
            return wanted
        factor = self.factor()
        if target is not None:
            self._learned_reached(target, old)
        self.step = f"×{float(factor):g}"
        return math.ceil(old * factor)

    def _target(self) -> Quantity | None:
        try:
            target = self.remediation.target
            return None if target is None else parse_quantity(target.strip())
        except ValueError:
            return None  # a hand-edited patterns file: the step applies

    def _learned_capped(self, target: Quantity | int, most: Quantity | int) -> None:
        limit = self.guardrails.max_factor
        self.step = f"to {most}, the learned {target} capped"
        self.notes.append(f"the learned value {target} is capped at {most} (max_factor={limit:g})")

    def _learned_reached(self, target: Quantity | int, old: Quantity | int) -> None:
        self.notes.append(
            f"the learned value {target} is already reached ({old} now): the default step "
            f"×{float(self.factor()):g} applies"
        )

    def chosen(self, scope: Path, allowed: Iterable[Path]) -> dict[Path, str]:
        """The overrides by full path; a key may be written in full or relative to `scope`."""
        names: dict[str, Path] = {}
        for full in allowed:
            names[".".join(full)] = full
            names.setdefault(".".join(full[len(scope) :]), full)
        chosen: dict[Path, str] = {}
        for key, value in self.overrides.items():
            if key not in names:
                raise Refused(
                    f"cannot override {key!r}: a {self.remediation.kind.value} proposal may "
                    f"only set {', '.join(sorted(names))}"
                )
            chosen[names[key]] = value
        return chosen

    def quantity(self, path: Path) -> Quantity | None:
        """The quantity set at `path`; None when unset."""
        return as_quantity(path, self.doc.raw(path))

    def integer(self, path: Path) -> int | None:
        """The whole number set at `path`; None when unset."""
        return as_integer(path, self.doc.raw(path))


def as_quantity(path: Path, text: str | None) -> Quantity | None:
    """`text` (the value at `path`) as a quantity; None when unset, Refused when not one."""
    try:
        return None if text is None else parse_quantity(text)
    except ValueError as error:
        raise Refused(f"{dotted(path)}: {error}") from None


def as_integer(path: Path, text: str | None) -> int | None:
    """`text` (the value at `path`) as a whole number; None when unset, Refused when not one."""
    if text is not None and not (text.isascii() and text.isdigit() and len(text) < 10):
        raise Refused(f"{dotted(path)} is {text!r}, not a whole number")
    return None if text is None else int(text)
