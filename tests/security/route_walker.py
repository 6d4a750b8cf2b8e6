"""Every URL pattern of the project, found by walking Django's URL resolver (includes, namespaces,
the admin, the API), and the helpers that turn one into a request and its response into an outcome."""

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

OK = "allowed"
FORBIDDEN = "refused (403)"
NOT_SIGNED_IN = "not signed in"  # login redirect (web), admin login redirect (admin) or 401 (API)


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"
    pattern: str  # the full pattern, prefixes included
    params: tuple[str, ...]  # URL kwargs the pattern captures
    csrf_exempt: bool

    @property
    def key(self) -> str:
        return self.name or self.pattern

    @property
    def is_api(self) -> bool:
        return self.key.startswith("api:")

    @property
    def is_admin(self) -> bool:
        return bool(re.match(r"^admin[:/]", self.key))


def _params(pattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    return list(converters) if converters else list(pattern.regex.groupindex)


def walk(resolver=None, prefix: str = "", namespace: str = "", params: tuple = ()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        here = (*params, *_params(entry.pattern))
        if isinstance(entry, URLResolver):
            ns = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from walk(entry, prefix + str(entry.pattern), ns, here)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            exempt = bool(getattr(entry.callback, "csrf_exempt", False))
            yield Route(name, prefix + str(entry.pattern), here, exempt)


def all_routes() -> dict[str, Route]:
    return {route.key: route for route in walk()}


def url_of(route: Route, kwargs: dict) -> str:
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), route.pattern)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m[1]]), url)
    return "/" + url.replace("^", "").replace("$", "")


def send(client, route: Route, method: str, url: str, query: dict, body: dict):
    if method == "get":
        return client.get(url, query)
    if query:
        url = f"{url}?{urlencode(query)}"
    if route.is_api:
        return client.generic(method.upper(), url, json.dumps(body), content_type="application/json")
    return getattr(client, method)(url, body)


def outcome(
    route: Route, response, refusals: frozenset = frozenset(), refusal_page: str | None = None
) -> str:
    """What the response means for access: allowed, refused, or "sign in first"."""
    status = response.status_code
    if status == 401:
        return NOT_SIGNED_IN if route.is_api else "401 outside the API"
    if status == 403 or status in refusals:
        return FORBIDDEN
    if status in (301, 302):
        location = urlsplit(response["Location"])
        login = reverse("admin:login") if route.is_admin else reverse(settings.LOGIN_URL)
        if location.path == login and "next" in parse_qs(location.query):
            return NOT_SIGNED_IN
        if refusal_page and location.path == reverse(refusal_page):
            return FORBIDDEN
    if status >= 500:
        return f"server error {status}"
    return OK
