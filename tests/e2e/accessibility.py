"""axe-core, run in the page the browser shows: a page is accessible when axe finds nothing."""

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()


def axe_violations(page) -> list[str]:
    """Each violation as "rule: target, target...", so a failure says what and where."""
    results = AXE.run(page)
    return [
        f"{violation['id']}: " + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
    ]
