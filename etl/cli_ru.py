"""argparse in Russian: its own words (usage, headings, errors) for every command line of the product."""
from __future__ import annotations

import argparse

RU = {
    "usage: ": "использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "optional arguments": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "the following arguments are required: %s": "не заданы обязательные параметры: %s",
    "unrecognized arguments: %s": "неизвестные параметры: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение %(value)r (допустимые: %(choices)s)",
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r",
    "expected one argument": "нужно указать значение",
    "expected at least one argument": "нужно хотя бы одно значение",
    "argument %(argument_name)s: %(message)s": "параметр %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "not allowed with argument %s": "нельзя вместе с %s",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: %(matches)s",
}


def russian_argparse() -> None:
    """argparse looks its words up through its module-level `_` at every call: answer them in Russian."""
    argparse._ = lambda text: RU.get(text, text)  # noqa: SLF001
