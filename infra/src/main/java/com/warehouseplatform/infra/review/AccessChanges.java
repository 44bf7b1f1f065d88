package com.warehouseplatform.infra.review;

import java.util.ArrayList;
import java.util.List;

/**
 * What a change does to who can read and write what: each grant of the access step is a fact (a role reads a
 * schema, a role writes a schema, a principal may sign in as a role, a user has a role); a fact the change adds
 * ({@code +}) gives someone more and is marked widened, a fact it removes ({@code -}) is listed plainly. A role that
 * keeps its grants under a new sign-in IAM role shows no change: who may sign in is what counts.
 */
final class AccessChanges {
    static final String WIDENED = "widened";

    /** One added or removed grant: {@code kind} is "reads", "writes", "signed in by" or "user". */
    record Change(String sign, String role, String kind, String subject) {
        boolean widened() {
            return sign.equals("+");
        }
    }

    private AccessChanges() {}

    static List<Change> between(CloudAssembly baseline, CloudAssembly current) {
        List<Change> before = facts(AccessGrants.of(baseline));
        List<Change> after = facts(AccessGrants.of(current));
        List<Change> changes = new ArrayList<>();
        Changes.added(before, after, c -> c).forEach(c -> changes.add(c));
        Changes.added(after, before, c -> c)
                .forEach(c -> changes.add(new Change("-", c.role(), c.kind(), c.subject())));
        return changes;
    }

    private static List<Change> facts(AccessGrants.Access access) {
        List<Change> facts = new ArrayList<>();
        for (AccessGrants.Role role : access.roles()) {
            role.reads().forEach(s -> facts.add(new Change("+", role.name(), "reads", s)));
            role.writes().forEach(s -> facts.add(new Change("+", role.name(), "writes", s)));
            role.signedInBy().forEach(p -> facts.add(new Change("+", role.name(), "signed in by", p)));
        }
        for (AccessGrants.User user : access.users()) {
            user.roles().forEach(r -> facts.add(new Change("+", r, "user", user.name())));
        }
        return facts;
    }

    static long widened(List<Change> changes) {
        return changes.stream().filter(Change::widened).count();
    }

    /** One line for the summary of changes. */
    static String summary(List<Change> changes) {
        long widened = widened(changes);
        long narrowed = changes.size() - widened;
        if (changes.isEmpty()) {
            return "Access: no grant, sign-in or user role is added or removed.";
        }
        return "Access: " + (widened == 0 ? "nothing widened" : Markdown.bold(widened + " " + WIDENED)) + ", "
                + narrowed + " narrowed (see \"Access changes\").";
    }

    static void appendTo(Markdown md, List<Change> changes) {
        md.heading(3, "Access changes");
        if (changes.isEmpty()) {
            md.paragraph("No grant, sign-in or user role is added or removed.");
            return;
        }
        md.paragraph("A schema added to a role's reads or writes, a principal added to a sign-in trust and a user "
                + "granted a role give someone more: they are marked " + Markdown.bold(WIDENED)
                + ". What is removed is revoked by the access step at the deploy.");
        List<List<String>> rows = changes.stream()
                .map(c -> List.of(
                        c.sign(),
                        Markdown.code(c.role()),
                        c.kind(),
                        Markdown.code(c.subject()),
                        c.widened() ? Markdown.bold(WIDENED) : ""))
                .toList();
        md.fittedTable(List.of("", "role", "grant", "schema, principal or user", "marked"), rows);
    }
}
