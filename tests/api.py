"""The API as a client program uses it: a token in the Authorization header."""

from rest_framework.test import APIClient

from clinic.accounts.apitokens import api_token_create


def token_for(user) -> str:
    """A new API token's key for `user`, as signing in hands it out."""
    key, _ = api_token_create(user=user)
    return key


def api_as(user) -> APIClient:
    """An API client sending `user`'s token; anonymous for None."""
    api = APIClient()
    if user is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return api
