"""Sign in with your own organisation: OpenID Connect single sign-on (Authlib)."""
