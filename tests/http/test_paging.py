"""The paging and JSON-path helpers the DCSA, DHL and PSD2 clients share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from orderdesk.adapters.http import PageRequest, cursor_pages, json_at
from orderdesk.errors import OrderDeskError


class Stop(OrderDeskError):
    pass


def server(pages: dict[str, tuple[list[int], str | None]]) -> tuple[Any, list[PageRequest]]:
    """A fetch over canned pages keyed by cursor ('' is the first); it records every request."""
    asked: list[PageRequest] = []

    def fetch(path: str, params: Mapping[str, str] | None) -> tuple[Any, Any]:
        asked.append((path, params))
        body, nxt = pages[(params or {}).get("cursor", "")]
        return {"items": body, "next": nxt}, None

    return fetch, asked


def paged(fetch: Any, max_pages: int = 10) -> Any:
    return cursor_pages(
        fetch,
        ("/events", {"limit": "2"}),
        next_cursor=lambda body, _: body["next"],
        follow=lambda c: ("/events", {"limit": "2", "cursor": c}),
        max_pages=max_pages,
        too_many=lambda: Stop(f"more than {max_pages} pages"),
        loops=lambda page, c: Stop(f"page {page} points back to {c}"),
    )


def test_pages_are_read_in_order_until_no_cursor() -> None:
    fetch, asked = server({"": ([1, 2], "b"), "b": ([3, 4], "c"), "c": ([5], None)})
    got = [(n, body["items"]) for n, body in paged(fetch)]
    assert got == [(1, [1, 2]), (2, [3, 4]), (3, [5])]
    assert asked == [
        ("/events", {"limit": "2"}),
        ("/events", {"limit": "2", "cursor": "b"}),
        ("/events", {"limit": "2", "cursor": "c"}),
    ]


def test_a_server_offering_pages_forever_is_stopped_at_the_limit() -> None:
    fetch, asked = server({"": ([1], "b"), "b": ([2], "c"), "c": ([3], "d"), "d": ([4], None)})
    with pytest.raises(Stop, match="more than 2 pages"):
        list(paged(fetch, max_pages=2))
    assert len(asked) == 2  # page 3 is never asked for
    assert len(list(paged(server({"": ([1], "b"), "b": ([2], None)})[0], max_pages=2))) == 2


def test_a_cursor_pointing_back_stops_at_once() -> None:
    fetch, asked = server({"": ([1], "b"), "b": ([2], "b")})
    with pytest.raises(Stop, match="page 2 points back to b"):
        list(paged(fetch))
    assert len(asked) == 2


def test_a_page_the_caller_refuses_ends_the_paging() -> None:
    fetch, asked = server({"": ([1], "b"), "b": ([2], None)})
    with pytest.raises(Stop):
        for _, body in paged(fetch):
            raise Stop(f"refused {body['items']}")
    assert len(asked) == 1


def test_json_at_walks_objects_and_answers_none_where_the_path_breaks() -> None:
    data = {"a": {"b": {"c": 7}, "list": [{"c": 1}]}, "s": "text"}
    assert json_at(data, "a", "b", "c") == 7
    assert json_at(data, "a", "b") == {"c": 7}
    assert json_at(data) is data
    assert json_at(data, "a", "x", "c") is None
    assert json_at(data, "a", "list", "c") is None  # a list is no object
    assert json_at(data, "s", "c") is None
    assert json_at(None, "a") is None
