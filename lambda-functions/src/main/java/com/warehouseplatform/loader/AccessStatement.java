package com.warehouseplatform.loader;

/**
 * One statement of the access step: what it does (its kind) and its text. The text of a
 * {@link Kind#CREATE_USER} holds a password verifier, so {@link #toString()} never prints a text:
 * logs and messages name the kind and the object only.
 */
public record AccessStatement(Kind kind, String object, String text) {

    public enum Kind {
        CREATE_ROLE,
        CREATE_USER,
        CREATE_SIGN_IN_USER,
        GRANT,
        GRANT_DEFAULT,
        GRANT_ROLE,
        REVOKE_ROLE,
        REVOKE_DEFAULT,
        REVOKE,
        DROP_USER,
        DROP_ROLE
    }

    /** Whether the text may be logged or shown: every kind but CREATE_USER (a verifier). */
    public boolean printable() {
        return kind != Kind.CREATE_USER;
    }

    @Override
    public String toString() {
        return kind + " " + object;
    }
}
