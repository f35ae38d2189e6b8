"""How Remento fits into a company's stack: single sign-on (``sso``), SCIM provisioning
(``scim``), the REST API (``api``), Slack and Teams notifications (``chat``), and the tokens
that SCIM and the API authenticate with (``tokens``). Each is its own Django app; they sit
above every product app and below the demo, and none imports another except ``tokens``.
"""
