"""Vietnamese-first message catalogs: trainer/i18n/<lang>/*.yaml, nested keys read as dotted names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from trainer.content.safe_yaml import load_text

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CATALOG_DIR = Path(__file__).resolve().parent


def _flatten(prefix: str, node: Any, out: dict[str, str], source: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out, source)
    else:
        if prefix in out:
            raise ValueError(f"{source}: key {prefix!r} defined twice")
        out[prefix] = str(node)


@lru_cache(maxsize=len(LANGUAGES))
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language; every *.yaml file in its folder, merged."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    out: dict[str, str] = {}
    for path in sorted((CATALOG_DIR / lang).glob("*.yaml")):
        data = load_text(path.read_text(encoding="utf-8")) or {}  # a repeated key is an error here too
        _flatten("", data, out, path)
    return out


def has(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    return key in catalog(lang)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The message for key in lang, formatted with params; falls back to Vietnamese, then to the key."""
    messages = catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    text = messages.get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


class Translator:
    """A t() bound to one language, handed to pages so they never pass the language around."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)
