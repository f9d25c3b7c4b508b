"""Who may reach each sign-in URL (see itaku/api/tests/authz.py). Every demo user holds a role and
none has enrolled a second factor, which the walk does not require."""

from itaku.api.tests.authz import logged_in, page

EXPECT = {
    # One's own security page: the second factor and the API token.
    "mfa": (None, {"get": page(), "post": logged_in(405)}),
    # An empty code is answered by the form with its error.
    "mfa_setup": (None, {"get": page(), "post": page()}),
    # Nobody in the walk has enrolled: the second step sends them on.
    "mfa_verify": (None, {"get": logged_in(302), "post": logged_in(302)}),
    # Without an enrolment there is nothing to renew: back to the page with the reason.
    "mfa_recovery": (None, {"get": logged_in(405), "post": logged_in(302)}),
    "mfa_remove": (None, {"get": logged_in(405), "post": page()}),
    # Every demo user holds a role on a contract, so each may reissue their own token.
    "api_token": (None, {"get": logged_in(405), "post": logged_in(302)}),
}
