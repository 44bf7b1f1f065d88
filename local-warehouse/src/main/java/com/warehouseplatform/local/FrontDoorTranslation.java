package com.warehouseplatform.local;

/**
 * The SQL of what a client sends through the front door (a simple Query or a Parse), as
 * PostgreSQL is to run it: {@link RedshiftDialect#toPostgres} for what can be translated, and for
 * what is refused a call that makes PostgreSQL itself raise the refusal (SQLSTATE 0A000 and the
 * message naming the feature), so the error reaches the client in the protocol's own order and the
 * session stays usable. This is the one call site of the translation on the wire.
 */
final class FrontDoorTranslation {

    private FrontDoorTranslation() {}

    /**
     * {@code sql} as PostgreSQL runs it; {@code declaredParameters} is how many parameter types
     * the client's Parse gave (0 for a simple Query).
     */
    static String toPostgres(String sql, int declaredParameters) {
        if (CopyCommand.isCopy(sql)) {
            return refusal(
                    "the local warehouse runs COPY only through the Data API, not over a" + " PostgreSQL connection",
                    sql,
                    declaredParameters);
        }
        if (AssumeRoleGrants.isAssumeRole(sql)) {
            return refusal(
                    "the local warehouse runs GRANT and REVOKE ASSUMEROLE only through the"
                            + " Data API, not over a PostgreSQL connection",
                    sql,
                    declaredParameters);
        }
        try {
            return RedshiftDialect.toPostgres(sql);
        } catch (UnsupportedOperationException e) {
            return refusal(e.getMessage(), sql, declaredParameters);
        }
    }

    /**
     * A statement that fails with {@code message} when it runs. It takes as many parameters as
     * the refused statement, so that the client's Bind still matches it and the error is the
     * refusal, not a parameter count.
     */
    static String refusal(String message, String sql, int declaredParameters) {
        StringBuilder call =
                new StringBuilder("SELECT sys.local_warehouse_refuse(").append(LocalPostgres.quoteLiteral(message));
        int parameters = Math.max(declaredParameters, highestParameter(sql));
        for (int i = 1; i <= parameters; i++) {
            call.append(", $").append(i).append("::text");
        }
        return call.append(')').toString();
    }

    /**
     * The highest {@code $n} of {@code sql} outside literals, quoted names and comments, as
     * PostgreSQL counts parameters ({@link SqlTokens} reads {@code $n} as one symbol).
     */
    static int highestParameter(String sql) {
        SqlTokens tokens = SqlTokens.of(sql);
        int highest = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlTokens.Token token = tokens.get(i);
            if (token.kind == SqlTokens.Kind.SYMBOL && token.original.length() > 1 && token.original.charAt(0) == '$') {
                // PostgreSQL takes at most 65535 parameters
                highest = Math.max(highest, (int) Math.min(
                        65535, Long.parseLong(token.original.substring(1, Math.min(token.original.length(), 7)))));
            }
        }
        return highest;
    }
}
