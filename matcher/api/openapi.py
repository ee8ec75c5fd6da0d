"""The OpenAPI 3.1 document, written from the declared operations and their pydantic models."""

from pydantic.json_schema import models_json_schema

from matcher.api.spec import JSON, OPERATIONS, Operation, openapi_path, path_parameters

REF = "#/components/schemas/{model}"
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error, as RFC 9457 describes (application/problem+json).",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string", "description": "in the language of Accept-Language"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "a stable code for programs"},
        "errors": {"type": "array", "items": {
            "type": "object", "required": ["field", "message", "code"],
            "properties": {"field": {"type": "string"}, "message": {"type": "string"},
                           "code": {"type": "string"}}}},
        "error_id": {"type": "string"},
    },
}
PROBLEM_DESCRIPTIONS = {
    400: "The request is malformed (JSON, cursor).",
    401: "No token, or a token that is unknown, expired or revoked.",
    403: "The token's scope does not reach this operation.",
    404: "Nothing here is visible to this token.",
    405: "Method not allowed.",
    409: "The request conflicts with the current state.",
    413: "The body is larger than 1 MiB.",
    415: "The body is not application/json.",
    422: "The data breaks a rule; `errors` names each field.",
    429: "Too many requests for this token.",
}


def _problem(status: int) -> dict:
    return {"description": PROBLEM_DESCRIPTIONS[status], "content": {
        "application/problem+json": {"schema": {"$ref": REF.format(model="Problem")}}}}


def _models() -> tuple[dict, dict]:
    """Return the JSON Schema refs of every model by (model, mode), and their definitions."""
    pairs = []
    for op in OPERATIONS:
        if op.body is not None:
            pairs.append((op.body, "validation"))
        if op.response is not None:
            pairs.append((op.response, "serialization"))
    unique = list(dict.fromkeys(pairs))
    refs, document = models_json_schema(unique, ref_template=REF)
    return refs, document.get("$defs", {})


def _query_parameters(op: Operation) -> list[dict]:
    if op.query is None:
        return []
    schema = op.query.model_json_schema(ref_template=REF)
    required = set(schema.get("required", ()))
    return [{"name": name, "in": "query", "required": name in required,
             "schema": {k: v for k, v in prop.items() if k != "title"},
             **({"description": prop["description"]} if "description" in prop else {})}
            for name, prop in schema.get("properties", {}).items()]


def _operation(op: Operation, refs: dict) -> dict:
    parameters = path_parameters(op.rule) + _query_parameters(op)
    if op.idempotent:
        parameters.append({
            "name": "Idempotency-Key", "in": "header", "required": False,
            "description": "Send the same key to repeat a request safely: the first answer "
                           "is given again. The same key with another body is refused (422).",
            "schema": {"type": "string", "minLength": 1, "maxLength": 100,
                       "pattern": "^[\\x21-\\x7e]+$"}})
    responses: dict = {}
    if op.response is not None:
        responses[str(op.status)] = {"description": "Success.", "content": {
            JSON: {"schema": refs[(op.response, "serialization")]}}}
    else:
        responses[str(op.status)] = {"description": "Done."}
    statuses = [405]
    if op.scope:
        statuses += [401, 403, 404, 429]
    if op.body is not None or op.query is not None or op.scope:
        statuses += [400, 422]
    if op.body is not None:
        statuses += [413, 415]
    if op.conflict or op.idempotent:
        statuses.append(409)
    for status in sorted(set(statuses)):
        responses[str(status)] = _problem(status)
    result = {"operationId": op.endpoint, "summary": op.summary, "tags": [op.tag],
              "parameters": parameters, "responses": responses}
    if op.description:
        result["description"] = op.description
    if op.body is not None:
        result["requestBody"] = {"required": True, "content": {
            JSON: {"schema": refs[(op.body, "validation")]}}}
    result["security"] = [{"bearer": [op.scope]}] if op.scope else []
    return result


def document(server_url: str) -> dict:
    """Return the OpenAPI 3.1 document of the API."""
    refs, definitions = _models()
    paths: dict = {}
    for op in OPERATIONS:
        paths.setdefault(openapi_path(op.rule), {})[op.method.lower()] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Passerelle API",
            "version": "1.0.0",
            "description": (
                "Postings, applications and hires for establishments' HR systems; candidates "
                "for partner agencies; program figures for staff. Bearer tokens only "
                "(Authorization: Bearer <token>), issued on the API tokens page or with "
                "`flask tokens create`. Errors are application/problem+json (RFC 9457); "
                "titles follow Accept-Language (fr-CA by default, en)."),
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": {**definitions, "Problem": PROBLEM_SCHEMA},
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "A token from the API tokens page or `flask tokens create`; "
                               "its scope is employer, agency or staff."}},
        },
    }
