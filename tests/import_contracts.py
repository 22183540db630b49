"""An import-linter contract type that reads the modules' source, for the layer rules an
import graph cannot state: who talks to the channel layer (a consumer would reach it
through ``self.channel_layer``, with no import) and who writes models (a call, not an
import). ``lint-imports`` loads it through ``contract_types`` in pyproject.toml.

The scan matches names, not types: ``group_send`` is the layer's wherever it appears,
and a dict is merged with ``|=`` in transport code, never ``.update()``.
"""

import ast
import importlib.util
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.domain import helpers


def _matches(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in patterns)


def names_used(tree: ast.AST, patterns: Iterable[str]) -> list[tuple[int, str]]:
    """Where a name matching ``patterns`` is imported, referenced or used as an attribute."""
    patterns = list(patterns)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name.split(".")[-1] for alias in node.names]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.Name):
            names = [node.id]
        else:
            continue
        found += [(node.lineno, name) for name in names if _matches(name, patterns)]
    return found


def modules_imported(tree: ast.AST, prefixes: Iterable[str]) -> list[tuple[int, str]]:
    """Where a module named by ``prefixes`` (or one inside it) is imported."""
    prefixes = tuple(prefixes)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        hits = {module for module in modules for prefix in prefixes if _within(module, prefix)}
        found += [(node.lineno, module) for module in sorted(hits)]
    return found


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def method_calls(
    tree: ast.AST, methods: Iterable[str], on_attributes: Iterable[str] = ()
) -> list[tuple[int, str]]:
    """Calls ``x.method(...)`` of ``methods``, and of ``on_attributes`` only when called on
    an attribute (``conversation.live.handled_by.add(agent)``, not ``seen.add(x)``)."""
    methods, on_attributes = list(methods), list(on_attributes)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            on_attribute = isinstance(node.func.value, ast.Attribute)
            if _matches(method, methods) or (on_attribute and _matches(method, on_attributes)):
                found.append((node.lineno, method))
    return found


def source_tree(module: str) -> ast.AST | None:
    """The parsed source of ``module``, or None for one with no Python source. Only the
    top package is looked up, so nothing inside it is imported (which would need Django's
    settings)."""
    root, *inner = module.split(".")
    spec = importlib.util.find_spec(root)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*inner)
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return ast.parse(candidate.read_text(), str(candidate))
    return None


def findings(tree: ast.AST, options: dict[str, Any]) -> list[tuple[int, str]]:
    """What a module's source does against a contract's options, as (line, name)."""
    return sorted(
        names_used(tree, options.get("forbidden_names", []))
        + modules_imported(tree, options.get("forbidden_imports", []))
        + method_calls(
            tree,
            options.get("forbidden_methods", []),
            options.get("forbidden_methods_on_attributes", []),
        )
    )


class SourceNamesContract(Contract):
    """The source modules (packages with their descendants), but the allowed ones, use none
    of the forbidden names, import none of the forbidden modules and make none of the
    forbidden method calls.

    Options (each a list; the names and methods may hold ``*`` wildcards):
        - source_modules: the modules the rule is about.
        - allowed_modules: modules exempt from it (optional).
        - forbidden_names: names not to import, reference or use as an attribute.
        - forbidden_imports: modules (and the modules inside them) not to import.
        - forbidden_methods: methods not to call, on anything.
        - forbidden_methods_on_attributes: methods not to call on an attribute.
    """

    type_name = "source_names"

    source_modules = fields.ListField(subfield=fields.ModuleExpressionField())
    allowed_modules = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    forbidden_names = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    forbidden_imports = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    forbidden_methods = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    forbidden_methods_on_attributes = fields.ListField(
        subfield=fields.StringField(), required=False, default=[]
    )

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        modules = helpers.module_expressions_to_modules(
            graph,
            self.source_modules,  # type: ignore[arg-type]
            as_packages=True,
        )
        allowed = set(self.allowed_modules)  # type: ignore[call-overload]
        broken: dict[str, list[tuple[int, str]]] = {}
        for module in sorted(module.name for module in modules if module.name not in allowed):
            tree = source_tree(module)
            if tree is not None and (found := findings(tree, self.contract_options)):
                broken[module] = found
        return ContractCheck(kept=not broken, metadata={"findings": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        findings: dict[str, Any] = check.metadata["findings"]
        for module, found in findings.items():
            for line, name in found:
                output.print_error(f"- {module} (l.{line}) uses {name}", bold=False)
        output.new_line()
