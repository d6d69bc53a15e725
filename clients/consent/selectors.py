from .models import ConsentDocument


def consent_documents_current() -> dict[str, ConsentDocument]:
    """The current version of each kind, by kind; a kind never published is missing."""
    return {doc.kind: doc for doc in ConsentDocument.objects.latest_of_each_kind()}
