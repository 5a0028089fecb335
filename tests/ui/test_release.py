"""Large results replaced on screen are freed off the UI thread, and nothing still used is."""

from __future__ import annotations

import threading
import time
import weakref

from ui.release import free_in_pieces, let_go, pieces_of


class Node:
    freed_on: list[str] = []

    def __init__(self, *children: Node) -> None:
        self.children = list(children)

    def __del__(self) -> None:
        Node.freed_on.append(threading.current_thread().name)


def _tree(depth: int, width: int) -> Node:
    if depth == 0:
        return Node()
    return Node(*(_tree(depth - 1, width) for _ in range(width)))


def _wait_until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_a_result_nobody_else_holds_is_freed_on_the_background_thread() -> None:
    Node.freed_on.clear()
    root = _tree(4, 3)  # 121 nodes
    leaf = weakref.ref(root.children[0].children[0].children[0].children[0])
    let_go(root)
    del root
    assert _wait_until(lambda: leaf() is None)
    assert len(Node.freed_on) == 121
    assert set(Node.freed_on) == {"let-go"}


def test_what_the_window_still_uses_stays_alive() -> None:
    shown = Node()
    old = Node(Node(shown), Node())
    other = weakref.ref(old.children[1])
    let_go(old)
    del old
    assert _wait_until(lambda: other() is None)
    assert shown.children == []  # untouched and usable


def test_a_result_still_held_elsewhere_is_not_freed() -> None:
    kept = Node(Node())
    child = weakref.ref(kept.children[0])
    let_go(kept)
    after = Node()  # let go after it: once this one is freed, `kept` has been looked at
    done = weakref.ref(after)
    let_go(after)
    del after
    assert _wait_until(lambda: done() is None)
    assert child() is not None and kept.children[0] is child()


def test_pieces_come_parent_first_and_freeing_them_frees_everything() -> None:
    Node.freed_on.clear()
    root = _tree(2, 2)
    first_child = root.children[0]
    pieces = pieces_of(root)
    assert pieces[0] is root
    # a shared child (held here too) is not a piece: it outlives the tree
    assert all(p is not first_child for p in pieces)
    del root
    free_in_pieces(pieces)
    assert len(Node.freed_on) == 4  # root, its second child and that child's two leaves
    assert first_child.children and len(first_child.children) == 2


def test_a_part_shared_within_the_result_is_freed_in_pieces_too() -> None:
    shared = _tree(2, 2)  # 7 nodes, held by both children of the root
    root = Node(Node(shared), Node(shared))
    del shared
    pieces = pieces_of(root)
    assert sum(isinstance(p, Node) for p in pieces) == 10  # every node: none freed in a chain


def test_past_the_opened_pieces_the_rest_is_freed_with_its_holder() -> None:
    root = _tree(3, 3)  # 40 nodes
    pieces = pieces_of(root, opened=4)  # the root and its three children are opened
    assert sum(isinstance(p, Node) for p in pieces) == 1 + 3
    Node.freed_on.clear()
    del root
    free_in_pieces(pieces)
    assert len(Node.freed_on) == 40


def test_the_callers_own_reference_may_go_just_after_it_lets_go() -> None:
    Node.freed_on.clear()

    def replace_result() -> None:
        old = _tree(3, 3)  # 40 nodes
        let_go(old)
        time.sleep(0.03)  # the let-go thread looks while this function still holds `old`

    replace_result()
    assert _wait_until(lambda: len(Node.freed_on) == 40)
    assert set(Node.freed_on) == {"let-go"}
