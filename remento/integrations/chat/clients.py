"""The two services' wire calls, and what each answer means for the worker.

Slack through ``slack-sdk``'s ``WebClient`` (its own retry handlers switched off: the worker
retries, so that a wait for a rate limit is a task scheduled later, never a sleeping worker).
Teams through a Workflows webhook ("Post to a channel when a webhook request is received"),
which takes an Adaptive Card and answers 202 Accepted.

Every call ends in one ``Outcome``: sent; *retry later* (HTTP 429 with its Retry-After, a
5xx, a network error); or *failed for good* (Slack's ``ok: false`` such as
``channel_not_found``, a 4xx from the webhook), which is not tried again.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.conf import settings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from remento.core.outbound_urls import request_host, url_refusal

TIMEOUT_SECONDS = 10
# When a 429 comes without a usable Retry-After (Slack always sends one; be safe).
DEFAULT_RETRY_AFTER = 30


@dataclass(frozen=True)
class Outcome:
    sent: bool = False
    # Seconds to wait before the next try (None: do not try again).
    retry_after: int | None = None
    error: str = ""

    @property
    def rate_limited(self) -> bool:
        return self.error.startswith("HTTP 429")


SENT = Outcome(sent=True)


def slack_client(token: str) -> WebClient:
    return WebClient(
        token=token,
        base_url=settings.REMENTO_SLACK_API_URL,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[],
    )


def retry_after_seconds(value: str | None) -> int:
    """Retry-After in seconds (the services send whole seconds), bounded to one hour."""
    try:
        return min(max(int(str(value).strip()), 1), 3600)
    except ValueError:
        return DEFAULT_RETRY_AFTER


def slack_outcome(error: Exception) -> Outcome:
    """What a failed Slack call means: retry on 429/5xx/network, give up on ``ok: false``."""
    if isinstance(error, SlackApiError):
        status = error.response.status_code
        if status == 429:
            wait = retry_after_seconds(error.response.headers.get("Retry-After"))
            return Outcome(retry_after=wait, error=f"HTTP 429: rate limited for {wait} s")
        if status >= 500:
            return Outcome(retry_after=0, error=f"HTTP {status} from Slack")
        reason = error.response.get("error") if isinstance(error.response.data, dict) else ""
        return Outcome(error=f"Slack refused it: {reason or f'HTTP {status}'}")
    return Outcome(retry_after=0, error=f"{type(error).__name__}: {error}"[:300])


def slack_escape(text: str) -> str:
    """Text as Slack's mrkdwn reads it literally (it gives &, < and > meaning)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_post(*, token: str, channel: str, text: str, link: str) -> Outcome:
    """``text`` and a link to ``channel`` (a channel ID, ``#name`` or a user ID for a DM)."""
    try:
        slack_client(token).chat_postMessage(
            channel=channel,
            text=f"{slack_escape(text)} <{link}|Open in Remento>",
            unfurl_links=False,
            unfurl_media=False,
        )
    except Exception as error:  # every failure becomes an outcome, recorded on the message
        return slack_outcome(error)
    return SENT


def slack_user_id(*, token: str, email: str) -> tuple[str, Outcome | None]:
    """The Slack user of ``email`` (users.lookupByEmail), or why there is none."""
    try:
        response = slack_client(token).users_lookupByEmail(email=email)
    except Exception as error:
        return "", slack_outcome(error)
    return str(response["user"]["id"]), None


def slack_check(token: str) -> str:
    """auth.test: the workspace's name; raises ``SlackApiError`` (or a network error)."""
    response = slack_client(token).auth_test()
    return str(response.get("team") or response.get("url") or "Slack")


def teams_card(*, text: str, link: str) -> dict:
    """The message a Workflows webhook posts: one Adaptive Card with the text and a button."""
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [{"type": "TextBlock", "text": text, "wrap": True}],
                    "actions": [
                        {"type": "Action.OpenUrl", "title": "Open in Remento", "url": link}
                    ],
                },
            }
        ],
    }


def teams_post(*, webhook_url: str, text: str, link: str) -> Outcome:
    """Post a card to the Teams channel behind ``webhook_url``."""
    try:
        # No redirect: the webhook's own host is the one its check allowed.
        response = requests.post(
            webhook_url,
            json=teams_card(text=text, link=link),
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return Outcome(retry_after=0, error=f"{type(error).__name__}: could not reach Teams")
    status = response.status_code
    if status == 429:
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        return Outcome(retry_after=wait, error=f"HTTP 429: rate limited for {wait} s")
    if status >= 500:
        return Outcome(retry_after=0, error=f"HTTP {status} from Teams")
    if status >= 300:
        return Outcome(error=f"Teams refused it: HTTP {status} {response.text[:200]}")
    return SENT


def webhook_url_problem(url: str) -> str:
    """Why ``url`` is not a Teams webhook this server may post to ("" when it is): on a
    host of ``REMENTO_TEAMS_WEBHOOK_HOSTS`` (where Microsoft serves Workflows webhooks; the
    demo adds its local sandbox), and one the server may send requests to at all
    (:func:`.url_refusal`)."""
    host = request_host(url.strip())
    if host is None:
        return url_refusal(url)
    allowed = [h.lower().lstrip(".") for h in settings.REMENTO_TEAMS_WEBHOOK_HOSTS]
    if not any(host == suffix or host.endswith("." + suffix) for suffix in allowed):
        return (
            f"This URL is on {host or 'no host'}. Paste the URL Teams shows for the workflow "
            "“Post to a channel when a webhook request is received” (on a host ending in "
            f"{', '.join(allowed)})."
        )
    return url_refusal(url)
