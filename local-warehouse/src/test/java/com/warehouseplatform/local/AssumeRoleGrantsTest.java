package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GRANT / REVOKE ASSUMEROLE grammar of r_GRANT and r_REVOKE. */
class AssumeRoleGrantsTest {

    @Test
    void parsesTheLoaderBootstrapsGrant() throws SQLException {
        AssumeRoleGrants.Change change = AssumeRoleGrants.parse(
                "GRANT ASSUMEROLE ON" + " 'arn:aws:iam::123456789012:role/copy' TO \"IAMR:loader-orders\" FOR COPY");
        assertThat(change.grant()).isTrue();
        assertThat(change.roles()).containsExactly("arn:aws:iam::123456789012:role/copy");
        assertThat(change.grantees()).containsExactly(new AssumeRoleGrants.Grantee('u', "IAMR:loader-orders"));
        assertThat(change.commands()).containsExactly("COPY");
    }

    @Test
    void parsesListsKeywordsAndRevoke() throws SQLException {
        AssumeRoleGrants.Change grant = AssumeRoleGrants.parse("grant assumerole on 'a', 'b,c'"
                + " to Reg_User, role etl, group loaders, public for external function, create model;");
        assertThat(grant.roles()).containsExactly("a", "b,c");
        assertThat(grant.grantees())
                .containsExactly(
                        new AssumeRoleGrants.Grantee('u', "reg_user"),
                        new AssumeRoleGrants.Grantee('r', "etl"),
                        new AssumeRoleGrants.Grantee('g', "loaders"),
                        new AssumeRoleGrants.Grantee('p', "PUBLIC"));
        assertThat(grant.commands()).containsExactly("EXTERNAL FUNCTION", "CREATE MODEL");

        AssumeRoleGrants.Change revoke = AssumeRoleGrants.parse("REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL");
        assertThat(revoke.grant()).isFalse();
        assertThat(revoke.roles()).containsExactly("*");
        assertThat(AssumeRoleGrants.parse("GRANT ASSUMEROLE ON default TO u FOR UNLOAD")
                        .roles())
                .isEqualTo(List.of("default"));
    }

    @Test
    void refusesWhatRedshiftsGrammarDoesNot() {
        assertThatThrownBy(() -> AssumeRoleGrants.parse("GRANT ASSUMEROLE ON arn TO u FOR COPY"))
                .hasMessageContaining("expected an IAM role ARN in quotes, default or ALL");
        assertThatThrownBy(() -> AssumeRoleGrants.parse("GRANT ASSUMEROLE ON 'a' TO u FOR SELECT"))
                .hasMessageContaining("expected ALL, COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL");
        assertThatThrownBy(() -> AssumeRoleGrants.parse("GRANT ASSUMEROLE ON 'a' FROM u FOR COPY"))
                .hasMessageContaining("expected TO");
        assertThatThrownBy(() -> AssumeRoleGrants.parse("GRANT ASSUMEROLE ON 'a' TO u"))
                .hasMessageContaining("expected FOR");
    }

    @Test
    void recognisesOnlyAssumeRoleStatements() {
        assertThat(AssumeRoleGrants.isAssumeRole("  grant assumerole on all to public for all"))
                .isTrue();
        assertThat(AssumeRoleGrants.isAssumeRole("GRANT SELECT ON t TO u")).isFalse();
    }
}
