"""What Remento serves over SCIM 2.0 (RFC 7643), as scim2-models resource models.

The schemas list only the attributes Remento keeps, so that what ``/Schemas`` publishes is
what a client gets back: an identity provider sends more (phone numbers, addresses…), and
those are ignored (``POLICY``), as RFC 7644 lets a service provider do with attributes it
does not support.

How a User maps to a person of the directory:

=================================================  =====================================
SCIM attribute                                     Remento
=================================================  =====================================
``userName`` (required, unique)                    kept as the SCIM sign-in name
``name.givenName``, ``name.familyName`` (required)  first name, last name
``nickName``                                       preferred name
``emails`` (required: the work address, else      work email (of the organisation's
the first)                                         domains), and the sign-in's email
``title``                                          job title
``active`` (required)                              active; ``false`` is the leaver path
``externalId``                                     kept as the identity provider's id
enterprise ``employeeNumber`` (required)           employee id (as in the HRIS file)
enterprise ``department``                          department (the import's spelling rule)
enterprise ``manager.value``                       manager (the SCIM id of their User)
Remento ``level`` (required)                       level: a number from 1, or a level
                                                   name of the organisation's ladder
=================================================  =====================================

Roles are never set over SCIM: admins and coordinators are named in Remento only.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import EmailStr, Field
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Extension,
    Filter,
    Mutability,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)
from scim2_models import Pagination as PaginationConfig
from scim2_models.urn import URN

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
REMENTO_SCHEMA = "urn:ietf:params:scim:schemas:extension:remento:2.0:User"

# The most resources one page of a list returns (``count`` is capped to it).
MAX_PAGE_SIZE = 200


class UserName(ComplexAttribute):
    given_name: Annotated[str | None, Required.true] = None
    family_name: Annotated[str | None, Required.true] = None


class WorkEmail(ComplexAttribute):
    """One address of ``emails``: Remento keeps the work address only (the one of type
    ``work``, else the first), and answers with it as the one ``work`` address. ``primary``
    is not kept: with one address, it says nothing."""

    value: Annotated[EmailStr | None, Required.true] = None
    type: str | None = Field(None, examples=["work"])


class User(Resource[Any]):
    __schema__ = URN(USER_SCHEMA)

    user_name: Annotated[str | None, Required.true, Uniqueness.server] = None
    name: Annotated[UserName | None, Required.true] = None
    nick_name: str | None = None
    title: str | None = None
    active: Annotated[bool | None, Required.true] = None
    emails: Annotated[list[WorkEmail] | None, Required.true] = None


class Manager(ComplexAttribute):
    value: Annotated[str | None, Required.true, CaseExact.true] = None
    ref: Reference["User"] | None = Field(  # noqa: UP037
        None, serialization_alias="$ref", validation_alias="$ref"
    )


class EnterpriseUser(Extension):
    """The part of RFC 7643's enterprise extension that Remento keeps."""

    __schema__ = URN(ENTERPRISE_SCHEMA)

    employee_number: Annotated[str | None, Required.true, CaseExact.true] = None
    department: str | None = None
    manager: Manager | None = None


class RementoUser(Extension):
    """Remento's own extension: the person's level on the organisation's career ladder."""

    __schema__ = URN(REMENTO_SCHEMA)

    level: Annotated[str | None, Required.true] = Field(None, examples=["1", "2", "3"])


class GroupMember(ComplexAttribute):
    value: Annotated[str | None, Required.true, Mutability.immutable, CaseExact.true] = None
    ref: Annotated[
        Reference["User"] | None,  # noqa: UP037
        Mutability.immutable,
    ] = Field(None, serialization_alias="$ref", validation_alias="$ref")


class Group(Resource[Any]):
    __schema__ = URN(GROUP_SCHEMA)

    display_name: Annotated[str | None, Required.true] = None
    members: list[GroupMember] | None = None


def _config() -> ServiceProviderConfig:
    return ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_PAGE_SIZE),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        pagination=PaginationConfig(index=True, cursor=False, default_page_size=100),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description=(
                    "A SCIM token an organisation admin makes on Remento's token page, sent "
                    "as 'Authorization: Bearer <token>'."
                ),
                primary=True,
            )
        ],
    )


_USER_WITH_EXTENSIONS: Any = User[  # type: ignore[misc]
    Annotated[EnterpriseUser, Required.true] | Annotated[RementoUser, Required.true]
]
USER_RESOURCE_TYPE = ResourceType.from_resource(_USER_WITH_EXTENSIONS)
GROUP_RESOURCE_TYPE = ResourceType.from_resource(Group)

PROVIDER = ScimProvider(
    models=[User, EnterpriseUser, RementoUser, Group],
    resource_types=[USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE],
    config=_config(),
    # What identity providers send: Entra ID and Okta send attributes Remento does not keep
    # (ignored), Entra removes a member with a value instead of a path filter, and sets
    # ``emails[type eq "work"].value`` on a user that has no such entry yet.
    policy=ScimPolicy(
        unknown=ScimPolicy.Unknown.ignore,
        remove_value_as_filter=ScimPolicy.RemoveValue.apply,
        unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
    ),
)
# The models the endpoints read and write: User with its two extensions, and Group.
UserResource: Any = PROVIDER.model_for("User")
GroupResource: Any = PROVIDER.model_for("Group")
