"""The REST API, version 1: one django-ninja ``NinjaAPI`` mounted at ``/api/v1/``.

Routers by resource (``routers/``), bearer tokens with scopes (``auth``), rate limits per
token (``throttling``), cursor pages (``pagination``) and problem details for every error
(``problems``). The OpenAPI schema is at ``/api/v1/openapi.json`` and Swagger UI, from the
app's own static files, at ``/api/v1/docs``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from remento.integrations.api import problems
from remento.integrations.api.routers import enrolments, matching, pairs, people, programs
from remento.integrations.api.schemas import Problem
from remento.integrations.api.throttling import TokenRateThrottle

NAMESPACE = "api:v1"
DESCRIPTION = """Remento's REST API. Every request carries an API token made on the tokens
page (`/integrations/tokens/`) as `Authorization: Bearer <token>`; it acts as the person who
made it, with their rights, narrowed to the token's scopes (each operation names the scope
it needs). Lists are cursor pages: pass a page's `next_cursor` as `?cursor=` for the next.
Every error is an RFC 9457 problem (`application/problem+json`) with `type`, `title`,
`status`, `detail`, `code` and `errors` (field by field)."""

# The problems any operation may answer, beside its own success; each is documented on every
# operation, so clients (and the schemathesis fuzzing) know the shape of every answer.
COMMON_PROBLEMS = {
    "401": "No live token: missing, unknown, revoked or expired.",
    "403": "The token lacks the scope, or its maker may not do this.",
    "404": "Nothing at this address for this token (other organisations' ids included).",
    "422": "Invalid values; errors lists them.",
    "429": "Too many requests with this token; see Retry-After.",
}
WRITE_PROBLEMS = {
    "400": "The body is not JSON.",
    "409": "The service refused: the state does not allow it now.",
}


class RementoDocs(Swagger):
    """Swagger UI from our static files (ninja's template loads its own script file, no
    inline script), pointed at the schema inside the nested URL namespace."""

    def get_openapi_url(self, api: NinjaAPI, path_params: dict[str, Any]) -> str:
        return reverse(f"{NAMESPACE}:openapi-json", kwargs=path_params)


class RementoApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        # The view's own name (people_list, pairs_get…): short and unique across routers.
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                # OpenAPI 3.1 lets a bearer requirement name the roles (scopes) it needs.
                operation["security"] = [{"TokenAuth": [operation["x-scope"]]}]
                wanted = COMMON_PROBLEMS | (WRITE_PROBLEMS if method != "get" else {})
                for status, description in wanted.items():
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {
                                problems.MEDIA_TYPE: {
                                    "schema": {"$ref": "#/components/schemas/Problem"}
                                }
                            },
                        },
                    )
        return schema


api = RementoApi(
    title="Remento API",
    version="1",
    description=DESCRIPTION,
    urls_namespace=NAMESPACE,
    docs=RementoDocs(settings={"persistAuthorization": False}),
    throttle=[TokenRateThrottle()],
)
problems.install(api)
for module in (people, programs, enrolments, pairs, matching):
    api.add_router("", module.router)
